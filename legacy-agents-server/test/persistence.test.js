import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { freePort, query, startPostgres } from './helpers/postgres.js';
import { startServer } from './helpers/server.js';
import { postRun } from './helpers/sse.js';
import { waitFor } from './helpers/wait.js';

const legacyTables = ['hitl_requests', 'hitl_responses', 'orchestrator_runs'];

describe('persistence in PostgreSQL', () => {
  let pg;
  before(async () => {
    pg = await startPostgres();
  });
  after(() => pg?.stop());

  it('reports the database ok in health once the schema is applied', async () => {
    const db = await pg.createDatabase();
    const server = await startServer({ DATABASE_URL: db.url });
    try {
      const health = await waitFor(async () => {
        const body = await (await fetch(server.url('/api/v1/health'))).json();
        return body.services.database.ok && body;
      }, { what: 'database ok in health' });
      assert.deepEqual(health.services.database, { ok: true, configured: true });
      const { rows } = await query(db.url, `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`);
      assert.deepEqual(rows.map((r) => r.table_name), legacyTables);
    } finally {
      await server.stop();
    }
  });

  it('applies the schema idempotently: a second start on the same database keeps tables and data', async () => {
    const db = await pg.createDatabase();
    const first = await startServer({ DATABASE_URL: db.url });
    await first.waitForLog((l) => l.msg === 'database schema applied');
    const { res } = await postRun(first.baseUrl, { mode: 'freeform', objective: 'Keep me across restarts' });
    assert.equal(res.status, 200);
    await first.stop();

    const second = await startServer({ DATABASE_URL: db.url });
    try {
      await second.waitForLog((l) => l.msg === 'database schema applied');
      assert.ok(!second.logs.some((l) => l.level === 'warn' && /schema/.test(l.msg)), 'no schema warnings on the second start');
      const { rows } = await query(db.url, 'SELECT objective FROM orchestrator_runs');
      assert.deepEqual(rows.map((r) => r.objective), ['Keep me across restarts']);
    } finally {
      await second.stop();
    }
  });

  it('reads the database from an Npgsql ConnectionStrings__flexdb and records each run as completed with its result', async () => {
    const db = await pg.createDatabase();
    const server = await startServer({ ConnectionStrings__flexdb: `Host=127.0.0.1;Port=${pg.port};Username=postgres;Password=unused;Database=${db.name}` });
    try {
      const { frames } = await postRun(server.baseUrl, { mode: 'create_post', objective: 'Recorded run about reusable cups', threadId: 'thread-7' });
      const complete = frames.at(-1).data.data;
      assert.equal(complete.status, 'completed');
      assert.equal(frames[0].data.data.recorded, true);

      // The row is final before `complete` is sent, so no waiting is needed.
      const { rows } = await query(db.url, 'SELECT * FROM orchestrator_runs WHERE id = $1', [complete.runId]);
      assert.equal(rows.length, 1);
      const run = rows[0];
      assert.equal(run.status, 'completed');
      assert.equal(run.thread_id, 'thread-7');
      assert.equal(run.mode, 'create_post');
      assert.equal(run.objective, 'Recorded run about reusable cups');
      assert.equal(run.error, null);
      assert.deepEqual(run.result.postCopy, complete.result.postCopy);
      assert.ok(run.updated_at >= run.created_at);
    } finally {
      await server.stop();
    }
  });

  it('cancels the run when the client disconnects, and records it as cancelled', async () => {
    const db = await pg.createDatabase();
    const server = await startServer({ DATABASE_URL: db.url, OFFLINE_DELTA_DELAY_MS: '200' });
    try {
      const controller = new AbortController();
      const res = await fetch(server.url('/api/v1/agent/run.stream'), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ mode: 'create_post', objective: 'A run the client abandons' }),
        signal: controller.signal,
      });
      const runId = res.headers.get('x-run-id');
      const reader = res.body.getReader();
      let text = '';
      while (!text.includes('event: delta')) text += new TextDecoder().decode((await reader.read()).value);
      controller.abort();

      const row = await waitFor(async () => {
        const { rows } = await query(db.url, 'SELECT status, error FROM orchestrator_runs WHERE id = $1', [runId]);
        return rows[0]?.status !== 'running' && rows[0];
      }, { what: 'the run to leave running' });
      assert.equal(row.status, 'cancelled');
      assert.equal(row.error, 'client disconnected');
      await server.waitForLog((l) => l.msg === 'run cancelled: client disconnected' && l.runId === runId);
      assert.ok(!server.logs.some((l) => l.msg === 'run completed' && l.runId === runId));
    } finally {
      await server.stop();
    }
  });

  it('keeps the hitl tables with the columns flex relies on', async () => {
    const db = await pg.createDatabase();
    const server = await startServer({ DATABASE_URL: db.url });
    try {
      await server.waitForLog((l) => l.msg === 'database schema applied');
      const { rows } = await query(db.url, `SELECT table_name, column_name FROM information_schema.columns
        WHERE table_schema = 'public' AND table_name LIKE 'hitl_%' ORDER BY table_name, ordinal_position`);
      const columns = (table) => rows.filter((r) => r.table_name === table).map((r) => r.column_name);
      assert.deepEqual(columns('hitl_requests'), ['id', 'run_id', 'origin_agent', 'payload', 'status', 'denial_reason', 'created_at', 'updated_at']);
      assert.deepEqual(columns('hitl_responses'), ['id', 'request_id', 'response_type', 'approved', 'freeform_text', 'responder', 'metadata', 'created_at']);
      const request = await query(db.url, `INSERT INTO hitl_requests (run_id, origin_agent, payload) VALUES ('flex-run-1', 'qa', '{"question":"ok?"}') RETURNING id, status`);
      assert.equal(request.rows[0].status, 'pending');
      await query(db.url, `INSERT INTO hitl_responses (request_id, response_type, approved) VALUES ($1, 'approval', true)`, [request.rows[0].id]);
    } finally {
      await server.stop();
    }
  });

  it('still serves runs when the configured database is unreachable, and health says so', async () => {
    const server = await startServer({ DATABASE_URL: `postgres://postgres@127.0.0.1:${await freePort()}/nowhere` });
    try {
      const health = await (await fetch(server.url('/api/v1/health'))).json();
      assert.deepEqual(health.services.database, { ok: false, configured: true });
      const { frames } = await postRun(server.baseUrl, { mode: 'freeform', objective: 'Works without a database' });
      assert.equal(frames[0].data.data.recorded, false);
      assert.ok(frames.some((f) => f.event === 'warning'));
      assert.equal(frames.at(-1).data.data.status, 'completed');
    } finally {
      await server.stop();
    }
  });
});
