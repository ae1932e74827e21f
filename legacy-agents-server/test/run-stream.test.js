import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startServer } from './helpers/server.js';
import { parseSse, postRun } from './helpers/sse.js';

const legacyEvents = new Set(['start', 'phase', 'plan_update', 'tool_call', 'tool_result', 'message', 'delta', 'handoff', 'metrics', 'warning', 'error', 'complete']);
const objective = 'Announce our new solar-powered coffee roaster to eco-conscious cafe owners in Berlin';

describe('POST /api/v1/agent/run.stream (offline pipeline)', () => {
  let server;
  before(async () => {
    server = await startServer();
  });
  after(() => server?.stop());

  it('streams the framed legacy event sequence strategy -> generation -> qa -> finalize, ending in one complete', async () => {
    const { res, prologue, frames } = await postRun(server.baseUrl, { mode: 'create_post', objective, options: { platform: 'x' } });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type'), /^text\/event-stream/);
    assert.equal(res.headers.get('cache-control'), 'no-cache, no-transform');
    assert.ok(prologue, 'the body opens with the ":" prologue comment and a blank line');

    assert.deepEqual(frames.map((f) => Number(f.id)), frames.map((_, i) => i + 1), 'ids are 1..n');
    for (const frame of frames) {
      assert.ok(legacyEvents.has(frame.event), `legacy event name: ${frame.event}`);
      assert.equal(frame.data.type, frame.event);
      assert.equal(frame.data.correlationId, frames[0].data.correlationId);
    }
    assert.equal(frames.filter((f) => f.event === 'complete').length, 1);
    assert.equal(frames.at(-1).event, 'complete');
    assert.equal(frames[0].event, 'start');
    assert.equal(frames.filter((f) => f.event === 'error').length, 0);

    const phases = frames.filter((f) => f.event === 'phase').map((f) => f.data.phase);
    assert.deepEqual(phases, ['strategy', 'generation', 'qa', 'finalize']);
    const handoffs = frames.filter((f) => f.event === 'handoff').map((f) => `${f.data.data.from}->${f.data.data.to}`);
    assert.deepEqual(handoffs, ['strategy->generation', 'generation->qa']);
    const order = (type, phase) => frames.findIndex((f) => f.event === type && (!phase || f.data.phase === phase));
    assert.ok(order('phase', 'strategy') < order('handoff') && order('phase', 'generation') < order('delta') && order('delta') < order('phase', 'qa'));
    assert.ok(frames.some((f) => f.event === 'plan_update'));
    assert.ok(frames.some((f) => f.event === 'tool_call') && frames.some((f) => f.event === 'tool_result'));

    const deltas = frames.filter((f) => f.event === 'delta');
    assert.ok(deltas.length > 1, 'the copy is streamed in several chunks');
    const generated = frames.find((f) => f.event === 'message' && f.data.phase === 'generation');
    assert.equal(deltas.map((d) => d.data.data.text).join(''), generated.data.message);

    const metrics = frames.find((f) => f.event === 'metrics').data.data;
    assert.equal(metrics.model, 'offline');
    assert.ok(metrics.tokens.totalTokens > 0);
    assert.equal(metrics.tokens.totalTokens, metrics.tokens.promptTokens + metrics.tokens.completionTokens);
    for (const step of ['strategy', 'generation', 'qa', 'total']) assert.equal(typeof metrics.durationsMs[step], 'number');

    const complete = frames.at(-1).data;
    assert.equal(complete.data.status, 'completed');
    assert.equal(complete.data.runId, frames[0].data.data.runId);
    const { result } = complete.data;
    assert.match(result.postCopy.headline, /solar-powered coffee roaster/i, 'the offline copy visibly uses the objective');
    assert.match(result.creativeBrief.audience, /cafe owners in Berlin/);
    assert.ok(result.text.length <= 280, 'the post respects the x character limit');
    assert.equal(result.approved, true);
  });

  it('is deterministic offline: the same request yields the same result', async () => {
    const body = { mode: 'freeform', objective: 'Explain our four-day work week pilot to hiring managers' };
    const a = await postRun(server.baseUrl, body);
    const b = await postRun(server.baseUrl, body);
    const strip = ({ runId, ...rest }) => ({ ...rest, result: { ...rest.result, metrics: undefined } });
    assert.deepEqual(strip(a.frames.at(-1).data.data), strip(b.frames.at(-1).data.data));
    assert.notEqual(a.frames.at(-1).data.data.runId, b.frames.at(-1).data.data.runId);
  });

  it('uses the caller X-Correlation-Id and echoes run and correlation ids as headers', async () => {
    const { res, frames } = await postRun(server.baseUrl, { mode: 'create_post', objective: 'Spring sale' }, { 'x-correlation-id': 'corr-123' });
    assert.equal(res.headers.get('x-correlation-id'), 'corr-123');
    assert.equal(res.headers.get('x-run-id'), frames[0].data.data.runId);
    assert.ok(frames.every((f) => f.data.correlationId === 'corr-123'));
  });

  const badBodies = [
    ['missing objective', { mode: 'create_post' }, 'objective'],
    ['blank objective', { mode: 'create_post', objective: '   ' }, 'objective'],
    ['objective over 8000 characters', { mode: 'create_post', objective: 'x'.repeat(8001) }, 'objective'],
    ['objective not a string', { mode: 'create_post', objective: 42 }, 'objective'],
    ['missing mode', { objective: 'Hello' }, 'mode'],
    ['unknown mode', { mode: 'teleport', objective: 'Hello' }, 'mode'],
    ['options not an object', { mode: 'freeform', objective: 'Hello', options: [1] }, 'options'],
    ['threadId not a string', { mode: 'freeform', objective: 'Hello', threadId: 7 }, 'threadId'],
    ['body is an array', [], 'body'],
  ];
  for (const [name, body, field] of badBodies) {
    it(`answers 400 problem details before any stream byte: ${name}`, async () => {
      const { res, text } = await postRun(server.baseUrl, body);
      assert.equal(res.status, 400);
      assert.match(res.headers.get('content-type'), /^application\/problem\+json/);
      const problem = JSON.parse(text);
      assert.equal(problem.status, 400);
      assert.ok(problem.type && problem.title && problem.detail);
      assert.ok(Array.isArray(problem.errors[field]) && problem.errors[field][0], `errors.${field}: ${text}`);
    });
  }

  it('answers 400 for malformed JSON and an empty body', async () => {
    for (const body of ['{"mode":', '']) {
      const res = await fetch(server.url('/api/v1/agent/run.stream'), { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      assert.equal(res.status, 400);
      assert.ok((await res.json()).errors.body);
    }
  });

  it('accepts an objective of exactly 8000 characters', async () => {
    const { res, frames } = await postRun(server.baseUrl, { mode: 'freeform', objective: `${'word '.repeat(1599)}final` });
    assert.equal(res.status, 200);
    assert.equal(frames.at(-1).data.data.status, 'completed');
  });
});

describe('run.stream pacing and heartbeats', () => {
  let server;
  before(async () => {
    server = await startServer({ SSE_HEARTBEAT_MS: '40', OFFLINE_DELTA_DELAY_MS: '25' });
  });
  after(() => server?.stop());

  it('sends the prologue at once and heartbeat comments without ids while the run works', async () => {
    const res = await fetch(server.url('/api/v1/agent/run.stream'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ mode: 'create_post', objective: 'Launch of our community garden app for busy parents in Leeds' }),
    });
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    const first = decoder.decode((await reader.read()).value, { stream: true });
    assert.ok(first.startsWith(':\n\n'), 'the first bytes are the prologue');
    assert.ok(!first.includes('event: complete'), 'the prologue arrives before the run is over');
    let text = first;
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) text += decoder.decode(chunk.value, { stream: true });

    const { comments, frames } = parseSse(text);
    assert.ok(comments.some((c) => c.startsWith('heartbeat')), 'at least one heartbeat comment');
    assert.ok(!/event: heartbeat/.test(text), 'heartbeats are comments, not frames');
    assert.deepEqual(frames.map((f) => Number(f.id)), frames.map((_, i) => i + 1));
    assert.equal(frames.at(-1).event, 'complete');
  });
});
