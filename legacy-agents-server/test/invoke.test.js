import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { catalogMissing, catalogPath, loadFacetSchemas } from './helpers/facet-schemas.js';
import { startServer } from './helpers/server.js';

const apiKey = 'invoke-key';

describe('POST /api/v1/agent/invoke/:capabilityId (flex remote capabilities)', { skip: catalogMissing }, () => {
  let server;
  let assertValid;
  let contractSchema;
  before(async () => {
    ({ assertValid, contractSchema } = loadFacetSchemas());
    server = await startServer({ API_KEY: apiKey, FACET_CATALOG_PATH: catalogPath });
  });
  after(() => server?.stop());

  const invoke = (capabilityId, bundle, headers = { authorization: `Bearer ${apiKey}` }) =>
    fetch(server.url(`/api/v1/agent/invoke/${capabilityId}`), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(bundle),
    });

  const bundle = (capabilityId, inputs, outputs, extra = {}) => ({
    runId: 'run-1', nodeId: `node-${capabilityId}`, capabilityId, attempt: 1,
    objective: 'Promote our zero-waste refill station to eco-conscious shoppers in Bristol',
    inputs, specialInstructions: ['Mention the opening weekend'], outputSchema: contractSchema(outputs), ...extra,
  });

  it('chains strategy -> generation -> qa with every output valid against the facet schemas', async () => {
    const strategyInputs = {
      company_information: {
        name: 'Refill & Co', industry: 'retail', audience_segments: 'eco-conscious shoppers in Bristol', tone_of_voice: 'warm and witty',
        preferred_channels: 'Instagram', brand_assets: ['https://refill.example/logo.svg'],
      },
      post_context: { type: 'new_case', data: { content_description: 'Our zero-waste refill station opens. Bring a jar this Saturday.' } },
    };
    for (const [name, value] of Object.entries(strategyInputs)) assertValid(name, value);

    const strategyRes = await invoke('legacy.Strategy', bundle('legacy.Strategy', strategyInputs, ['creative_brief', 'strategic_rationale']));
    assert.equal(strategyRes.status, 200);
    const strategy = await strategyRes.json();
    assert.deepEqual(Object.keys(strategy), ['output']);
    assertValid(contractSchema(['creative_brief', 'strategic_rationale']), strategy.output);
    assert.match(strategy.output.creative_brief.core_message, /Refill & Co/);
    assert.equal(strategy.output.creative_brief.audience, 'eco-conscious shoppers in Bristol');
    assert.ok(strategy.output.creative_brief.supporting_points.some((m) => m.includes('opening weekend')), 'special instructions reach the brief');
    assert.equal(typeof strategy.output.strategic_rationale, 'string');

    const generationRes = await invoke('legacy.Generation', bundle('legacy.Generation', { creative_brief: strategy.output.creative_brief }, ['post_copy']));
    assert.equal(generationRes.status, 200);
    const generation = await generationRes.json();
    assertValid(contractSchema(['post_copy']), generation.output);
    assert.match(generation.output.post_copy, /refill station/i);

    const qaRes = await invoke('legacy.Qa', bundle('legacy.Qa', { post_copy: generation.output.post_copy }, ['feedback']));
    assert.equal(qaRes.status, 200);
    const qa = await qaRes.json();
    assertValid(contractSchema(['feedback']), qa.output);
    assert.ok(Array.isArray(qa.output.feedback));
    assert.ok(qa.output.feedback.every((item) => item.author === 'legacy.Qa' && item.facet === 'post_copy'));
  });

  it('answers only the facets the output schema asks for', async () => {
    const inputs = { company_information: { name: 'Acme', brand_assets: [] }, post_context: { type: 'new_case', data: { content_description: 'Anvils on sale' } } };
    const res = await invoke('legacy.Strategy', bundle('legacy.Strategy', inputs, ['creative_brief']));
    const { output } = await res.json();
    assert.deepEqual(Object.keys(output), ['creative_brief']);
    assertValid(contractSchema(['creative_brief']), output);
  });

  it('answers 422 naming each missing required input facet', async () => {
    const res = await invoke('legacy.Strategy', bundle('legacy.Strategy', { post_context: { type: 'new_case', data: { content_description: 'Hi' } } }, ['creative_brief']));
    assert.equal(res.status, 422);
    const problem = await res.json();
    assert.match(problem.detail, /company_information/);
    assert.deepEqual(Object.keys(problem.errors), ['inputs.company_information']);

    const empty = await invoke('legacy.Generation', bundle('legacy.Generation', {}, ['post_copy']));
    assert.equal(empty.status, 422);
    assert.match((await empty.json()).detail, /creative_brief/);

    const wrongType = await invoke('legacy.Qa', bundle('legacy.Qa', { post_copy: { headline: 'not text' } }, ['feedback']));
    assert.equal(wrongType.status, 422);
    assert.match((await wrongType.json()).detail, /post_copy/);
  });

  it('answers 404 for an unknown capability and requires the bearer token', async () => {
    const unknown = await invoke('legacy.Nope', bundle('legacy.Nope', {}, ['feedback']));
    assert.equal(unknown.status, 404);
    assert.match((await unknown.json()).detail, /legacy\.Nope/);
    assert.equal((await invoke('legacy.Qa', {}, {})).status, 401);
    assert.equal((await invoke('legacy.Qa', {}, { authorization: 'Bearer wrong' })).status, 403);
  });
});
