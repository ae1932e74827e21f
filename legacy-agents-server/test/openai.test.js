import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startFakeOpenAI } from './helpers/fake-openai.js';
import { catalogMissing, catalogPath, loadFacetSchemas } from './helpers/facet-schemas.js';
import { startServer } from './helpers/server.js';
import { postRun } from './helpers/sse.js';

const scriptedBrief = {
  angle: 'MODEL ANGLE: the kettle that remembers your tea',
  keyMessages: ['Brews at the right temperature', 'Learns your routine'],
  tone: 'playful',
  audience: 'tea lovers',
};
const scriptedChunks = ['Meet the kettle that remembers\n\n', 'Smart brewing for every leaf.', '\n\nPre-order today.', '\n\n#TeaTime #SmartHome'];

/** Answers by role, as a model would; objectives containing FAIL make the model answer 400. */
function script(body) {
  const system = body.messages[0].content;
  const user = body.messages.at(-1).content;
  if (user.includes('FAIL')) return { status: 400, error: 'scripted model failure' };
  if (system.includes('Strategy agent')) {
    return {
      content: JSON.stringify({ creative_brief: scriptedBrief, strategic_rationale: { summary: 'MODEL RATIONALE', insights: ['Tea people love rituals'], risks: [] } }),
      usage: { prompt_tokens: 100, completion_tokens: 50 },
    };
  }
  if (system.includes('Generation agent')) return { chunks: scriptedChunks, usage: { prompt_tokens: 200, completion_tokens: 80 } };
  if (system.includes('QA agent')) {
    // Not JSON: the server must repair the answer from its deterministic review rather than break the contract.
    if (user.includes('GARBLED')) return { content: 'I think it is fine!', usage: { prompt_tokens: 1, completion_tokens: 1 } };
    return { content: JSON.stringify({ feedback: { approved: true, comments: ['MODEL QA: lovely'] } }), usage: { prompt_tokens: 60, completion_tokens: 20 } };
  }
  return { status: 400, error: `unexpected prompt: ${system}` };
}

describe('model path through the openai SDK (fake OpenAI-compatible server on loopback)', () => {
  let openai;
  let server;
  before(async () => {
    openai = await startFakeOpenAI(script);
    server = await startServer({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: openai.baseUrl, OPENAI_MODEL: 'fake-model', FACET_CATALOG_PATH: catalogPath });
  });
  after(async () => {
    await server?.stop();
    await openai?.close();
  });

  it('reports the model as configured in health', async () => {
    const body = await (await fetch(server.url('/api/v1/health'))).json();
    assert.deepEqual(body.services.openai, { configured: true, model: 'fake-model' });
  });

  it('runs the pipeline on the model: brief, streamed deltas, review and token metrics come from it', async () => {
    const before = openai.requests.length;
    const { frames } = await postRun(server.baseUrl, { mode: 'create_post', objective: 'Launch our smart kettle to tea lovers' });
    const calls = openai.requests.slice(before);
    assert.equal(calls.length, 3, 'one call per agent');
    for (const call of calls) {
      assert.equal(call.headers.authorization, 'Bearer sk-test');
      assert.equal(call.body.model, 'fake-model');
      assert.match(call.body.messages.at(-1).content, /smart kettle/);
    }
    assert.equal(calls[1].body.stream, true, 'generation streams');
    assert.deepEqual(calls[0].body.response_format, { type: 'json_object' });

    const deltas = frames.filter((f) => f.event === 'delta').map((f) => f.data.data.text);
    assert.deepEqual(deltas, scriptedChunks);
    const complete = frames.at(-1).data.data;
    assert.equal(complete.status, 'completed');
    assert.deepEqual(complete.result.creativeBrief, scriptedBrief);
    assert.equal(complete.result.strategicRationale.summary, 'MODEL RATIONALE');
    assert.deepEqual(complete.result.postCopy, {
      headline: 'Meet the kettle that remembers',
      body: 'Smart brewing for every leaf.',
      hashtags: ['#TeaTime', '#SmartHome'],
      callToAction: 'Pre-order today.',
    });
    assert.deepEqual(complete.result.feedback, { approved: true, comments: ['MODEL QA: lovely'] });
    const metrics = frames.find((f) => f.event === 'metrics').data.data;
    assert.equal(metrics.model, 'fake-model');
    assert.deepEqual(metrics.tokens, { promptTokens: 360, completionTokens: 150, totalTokens: 510 });
  });

  it('reports a model failure as an error frame followed by one complete with status failed', async () => {
    const { frames } = await postRun(server.baseUrl, { mode: 'create_post', objective: 'FAIL please' });
    const types = frames.map((f) => f.event);
    assert.equal(types.filter((t) => t === 'complete').length, 1);
    assert.deepEqual(types.slice(-2), ['error', 'complete']);
    const error = frames.at(-2).data;
    assert.equal(error.data.code, 'model_http_400');
    assert.match(error.message, /scripted model failure/);
    assert.equal(frames.at(-1).data.data.status, 'failed');
    assert.equal(frames.at(-1).data.data.error.code, 'model_http_400');
  });

  it('answers 502 from the invoke endpoint when the model fails', async () => {
    const res = await fetch(server.url('/api/v1/agent/invoke/legacy.Generation'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ objective: 'FAIL now', inputs: { creative_brief: scriptedBrief } }),
    });
    assert.equal(res.status, 502);
    assert.match((await res.json()).detail, /legacy\.Generation could not produce its output: .*scripted model failure/);
  });

  it('invokes capabilities on the model and keeps outputs valid even when the model answers garbage', { skip: catalogMissing }, async () => {
    const { assertValid } = loadFacetSchemas();
    const invoke = async (capabilityId, bundle) => {
      const res = await fetch(server.url(`/api/v1/agent/invoke/${capabilityId}`), {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(bundle),
      });
      assert.equal(res.status, 200);
      return (await res.json()).output;
    };

    const before = openai.requests.length;
    const strategy = await invoke('legacy.Strategy', {
      objective: 'Smart kettle launch',
      inputs: { company_information: { name: 'Kettlr', brand_assets: [] }, post_context: { type: 'new_case', data: { content_description: 'Smart kettle' } } },
      attempt: 2,
      validationErrors: [{ instancePath: '/creative_brief/tone', keyword: 'minLength', message: 'must NOT have fewer than 1 characters' }],
    });
    assert.equal(strategy.creative_brief.core_message, scriptedBrief.angle);
    assert.deepEqual(strategy.creative_brief.supporting_points, scriptedBrief.keyMessages);
    assertValid('creative_brief', strategy.creative_brief);
    assert.match(openai.requests[before].body.messages.at(-1).content, /minLength/, 'validation errors are fed back to the model');

    const qa = await invoke('legacy.Qa', {
      objective: 'GARBLED review',
      inputs: { post_copy: 'Hi\n\nSmart kettle\n\nBuy' },
    });
    assertValid('feedback', qa.feedback);
  });
});
