/** Records legacy runs in orchestrator_runs. Callers treat failures as warnings: a run never fails for its bookkeeping. */
export class RunStore {
  constructor(database) {
    this.database = database;
  }

  get enabled() {
    return this.database.configured;
  }

  async start({ id, threadId, mode, objective }) {
    await this.database.query(
      `INSERT INTO orchestrator_runs (id, thread_id, mode, objective, status)
       VALUES ($1, $2, $3, $4, 'running')`,
      [id, threadId ?? null, mode, objective],
    );
  }

  async finish(id, { status, result = null, error = null }) {
    await this.database.query(
      `UPDATE orchestrator_runs
          SET status = $2, result = $3::jsonb, error = $4, updated_at = now()
        WHERE id = $1`,
      [id, status, result === null ? null : JSON.stringify(result), error],
    );
  }

  async get(id) {
    const { rows } = await this.database.query('SELECT * FROM orchestrator_runs WHERE id = $1', [id]);
    return rows[0] ?? null;
  }
}
