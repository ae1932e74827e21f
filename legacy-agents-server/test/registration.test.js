import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startFakeRegistry } from './helpers/fake-registry.js';
import { startServer } from './helpers/server.js';
import { waitFor } from './helpers/wait.js';

const registerPath = '/api/v1/flex/capabilities/register';
const token = 'registry-secret';

describe('registration as flex remote capabilities', () => {
  let registryUp = false;
  let registry;
  let server;
  before(async () => {
    registry = await startFakeRegistry({ status: () => (registryUp ? 200 : 503) });
    server = await startServer({
      REGISTRY_URL: registry.url,
      REGISTRY_TOKEN: token,
      REGISTRY_INITIAL_BACKOFF_MS: '50',
      REGISTRY_MAX_BACKOFF_MS: '200',
      REGISTRY_HEARTBEAT_SECONDS: '1',
    });
  });
  after(async () => {
    await server?.stop();
    await registry?.close();
  });

  const accepted = () => registry.requests.filter((r) => r.answered === 200);

  it('keeps serving and retries with backoff while the registry answers 503', async () => {
    await waitFor(() => registry.requests.length >= 3, { what: 'three attempts against the failing registry' });
    assert.ok(registry.requests.every((r) => r.answered === 503));
    const health = await fetch(server.url('/api/v1/health'));
    assert.equal(health.status, 200);
    await server.waitForLog((l) => l.msg === 'capability registration failed; retrying' && /503/.test(l.error));
  });

  it('registers the three capabilities with the bearer token once the registry is up', async () => {
    registryUp = true;
    await waitFor(() => accepted().length >= 3, { what: 'three accepted registrations' });
    const bodies = accepted().slice(0, 3).map((r) => r.body);
    for (const request of accepted()) {
      assert.equal(request.method, 'POST');
      assert.equal(request.url, registerPath);
      assert.equal(request.headers.authorization, `Bearer ${token}`);
      assert.match(request.headers['content-type'], /application\/json/);
    }
    const base = `http://localhost:${server.port}`;
    assert.deepEqual(bodies.map((b) => [b.capabilityId, b.kind]), [
      ['legacy.Strategy', 'execution'],
      ['legacy.Generation', 'execution'],
      ['legacy.Qa', 'validation'],
    ]);
    const [strategy, generation, qa] = bodies;
    for (const body of bodies) {
      assert.equal(body.version, '1.0.0');
      assert.equal(body.agentType, 'ai');
      assert.deepEqual(body.heartbeat, { intervalSeconds: 1 });
      assert.equal(body.invocation.url, `${base}/api/v1/agent/invoke/${body.capabilityId}`);
      assert.ok(body.displayName && body.summary);
      assert.equal(body.cost.tier, 'standard');
    }
    assert.deepEqual(strategy.inputContract, { mode: 'facets', facets: ['company_information', 'post_context'] });
    assert.deepEqual(strategy.outputContract, { mode: 'facets', facets: ['creative_brief', 'strategic_rationale'] });
    assert.deepEqual(generation.inputContract, { mode: 'facets', facets: ['creative_brief'] });
    assert.deepEqual(generation.outputContract, { mode: 'facets', facets: ['post_copy'] });
    assert.deepEqual(qa.inputContract, { mode: 'facets', facets: ['post_copy'] });
    assert.deepEqual(qa.outputContract, { mode: 'facets', facets: ['feedback'] });
  });

  it('serves the registered invocation url', async () => {
    const qa = accepted().find((r) => r.body.capabilityId === 'legacy.Qa').body;
    const res = await fetch(qa.invocation.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ objective: 'Check this', inputs: { post_copy: 'Hi\n\nCheck this out\n\nReply' } }),
    });
    assert.equal(res.status, 200);
    assert.ok(Array.isArray((await res.json()).output.feedback));
  });

  it('re-sends the registration every heartbeat interval', async () => {
    const seen = accepted().length;
    await waitFor(() => accepted().length >= seen + 3, { timeoutMs: 5_000, what: 'a heartbeat re-registration' });
  });
});

describe('registry discovery', () => {
  it('finds the registry through Aspire service discovery and uses SELF_URL for invocation urls', async () => {
    const registry = await startFakeRegistry();
    const server = await startServer({ services__registry__http__0: registry.url, REGISTRY_TOKEN: token, SELF_URL: 'http://legacy.internal:3001/' });
    try {
      await waitFor(() => registry.requests.length >= 3, { what: 'registrations' });
      assert.equal(registry.requests[0].body.invocation.url, 'http://legacy.internal:3001/api/v1/agent/invoke/legacy.Strategy');
    } finally {
      await server.stop();
      await registry.close();
    }
  });

  it('skips registration with a log line when no registry is configured', async () => {
    const server = await startServer();
    try {
      await server.waitForLog((l) => /capability registration skipped/.test(l.msg));
      assert.equal((await fetch(server.url('/api/v1/health'))).status, 200);
    } finally {
      await server.stop();
    }
  });
});
