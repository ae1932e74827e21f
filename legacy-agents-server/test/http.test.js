import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startServer } from './helpers/server.js';
import { postRun } from './helpers/sse.js';

const apiKey = 'test-api-key';
const allowedOrigin = 'http://spa.test:5173';

describe('http surface (no database)', () => {
  let server;
  before(async () => {
    server = await startServer({ API_KEY: apiKey, CORS_ORIGINS: `${allowedOrigin},http://other.test` });
  });
  after(() => server?.stop());

  const auth = { authorization: `Bearer ${apiKey}` };

  it('health is open, reports ok with the database not configured and the model not configured', async () => {
    const res = await fetch(server.url('/api/v1/health'));
    assert.equal(res.status, 200);
    const body = await res.json();
    assert.equal(body.status, 'ok');
    assert.ok(!Number.isNaN(Date.parse(body.timestamp)));
    assert.equal(typeof body.uptimeSeconds, 'number');
    assert.deepEqual(body.services.database, { ok: false, configured: false });
    assert.equal(body.services.openai.configured, false);
  });

  it('lists the three agents with their capability ids', async () => {
    const res = await fetch(server.url('/api/v1/agent/agents'), { headers: auth });
    assert.equal(res.status, 200);
    const { agents } = await res.json();
    assert.deepEqual(agents.map((a) => [a.id, a.capabilityId]), [
      ['strategy', 'legacy.Strategy'],
      ['generation', 'legacy.Generation'],
      ['qa', 'legacy.Qa'],
    ]);
    for (const agent of agents) {
      assert.deepEqual(Object.keys(agent).sort(), ['capabilityId', 'description', 'id', 'name']);
      assert.ok(agent.name && agent.description);
    }
  });

  it('answers 401 without a bearer token and 403 with a wrong one on every agent route', async () => {
    for (const [method, path] of [['GET', '/api/v1/agent/agents'], ['POST', '/api/v1/agent/run.stream'], ['POST', '/api/v1/agent/invoke/legacy.Qa']]) {
      const missing = await fetch(server.url(path), { method });
      assert.equal(missing.status, 401, `${method} ${path}`);
      assert.equal(missing.headers.get('www-authenticate'), 'Bearer');
      assert.equal((await missing.json()).status, 401);
      const wrong = await fetch(server.url(path), { method, headers: { authorization: 'Bearer nope' } });
      assert.equal(wrong.status, 403, `${method} ${path}`);
      assert.match(wrong.headers.get('content-type'), /application\/problem\+json/);
    }
  });

  it('runs a stream with the right bearer token', async () => {
    const { res, frames } = await postRun(server.baseUrl, { mode: 'create_post', objective: 'Authenticated run' }, auth);
    assert.equal(res.status, 200);
    assert.equal(frames.at(-1).event, 'complete');
  });

  it('answers a CORS preflight from an allowed origin, before auth', async () => {
    const res = await fetch(server.url('/api/v1/agent/run.stream'), {
      method: 'OPTIONS',
      headers: { origin: allowedOrigin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
    });
    assert.equal(res.status, 204);
    assert.equal(res.headers.get('access-control-allow-origin'), allowedOrigin);
    assert.match(res.headers.get('access-control-allow-methods'), /POST/);
    assert.match(res.headers.get('access-control-allow-headers'), /authorization/);
    assert.match(res.headers.get('vary'), /Origin/);
  });

  it('refuses a preflight from an origin not in the allowlist', async () => {
    const res = await fetch(server.url('/api/v1/agent/run.stream'), {
      method: 'OPTIONS',
      headers: { origin: 'http://evil.test', 'access-control-request-method': 'POST' },
    });
    assert.equal(res.status, 403);
    assert.equal(res.headers.get('access-control-allow-origin'), null);
  });

  it('adds CORS headers to responses for allowed origins only', async () => {
    const allowed = await fetch(server.url('/api/v1/health'), { headers: { origin: 'http://other.test' } });
    assert.equal(allowed.headers.get('access-control-allow-origin'), 'http://other.test');
    const denied = await fetch(server.url('/api/v1/health'), { headers: { origin: 'http://evil.test' } });
    assert.equal(denied.status, 200);
    assert.equal(denied.headers.get('access-control-allow-origin'), null);
  });

  it('answers unknown paths with 404 and wrong methods with 405, as problem details', async () => {
    const missing = await fetch(server.url('/api/v1/nope'));
    assert.equal(missing.status, 404);
    assert.equal((await missing.json()).status, 404);
    const wrongMethod = await fetch(server.url('/api/v1/agent/agents'), { method: 'DELETE', headers: auth });
    assert.equal(wrongMethod.status, 405);
    assert.equal(wrongMethod.headers.get('allow'), 'GET');
  });

  it('writes one structured JSON log line per request', async () => {
    await fetch(server.url('/api/v1/health?probe=log'));
    const line = await server.waitForLog((l) => l.msg === 'request' && l.path === '/api/v1/health' && l.status === 200);
    assert.equal(line.level, 'info');
    assert.equal(line.method, 'GET');
    assert.equal(typeof line.durationMs, 'number');
    assert.ok(!Number.isNaN(Date.parse(line.ts)));
  });
});
