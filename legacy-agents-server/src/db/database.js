import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { errorFields, log } from '../log.js';

const schemaUrl = new URL('../../db/schema.sql', import.meta.url);
// Serialises schema application across replicas starting at once (CREATE ... IF NOT EXISTS can still race).
const schemaLockKey = 0x1e6ac7;

/**
 * The optional Postgres connection. Without configuration every method is a cheap no-op and `configured` is false,
 * so the server runs (and health reports database ok:false) without a database.
 */
export class Database {
  #pool = null;
  #schemaApplied = false;
  #schemaAttempt = null;
  #retryTimer = null;

  constructor(options) {
    if (!options) return;
    const { source, ...pgOptions } = options;
    this.source = source;
    this.#pool = new pg.Pool({
      max: 5,
      connectionTimeoutMillis: 5_000,
      idleTimeoutMillis: 10_000,
      application_name: 'legacy-agents-server',
      ...pgOptions,
    });
    // An idle client losing its connection must not crash the process; the next query reconnects.
    this.#pool.on('error', (err) => log.warn('database idle client error', errorFields(err)));
  }

  get configured() {
    return this.#pool !== null;
  }

  /** Applies db/schema.sql once per process; a failed attempt is retried by the next caller. */
  ensureSchema() {
    if (!this.#pool) return Promise.resolve(false);
    if (this.#schemaApplied) return Promise.resolve(true);
    this.#schemaAttempt ??= this.#applySchema().finally(() => { this.#schemaAttempt = null; });
    return this.#schemaAttempt;
  }

  async #applySchema() {
    const sql = await readFile(schemaUrl, 'utf8');
    const client = await this.#pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1)', [schemaLockKey]);
      await client.query(sql);
      await client.query('COMMIT');
      this.#schemaApplied = true;
      log.info('database schema applied', { source: this.source });
      return true;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  }

  /** Keeps trying to apply the schema in the background until it works or the database is closed. */
  startSchemaLoop({ maxBackoffMs = 30_000 } = {}) {
    if (!this.#pool) return;
    let delay = 500;
    const attempt = async () => {
      if (!this.#pool) return;
      try {
        await this.ensureSchema();
      } catch (err) {
        log.warn('database schema not applied yet; retrying', { ...errorFields(err), retryInMs: delay });
        this.#retryTimer = setTimeout(attempt, delay);
        this.#retryTimer.unref();
        delay = Math.min(delay * 2, maxBackoffMs);
      }
    };
    attempt();
  }

  /** True when the database answers and the schema is in place, within `timeoutMs`. */
  async healthy(timeoutMs = 2_000) {
    if (!this.#pool) return false;
    let timer;
    const timeout = new Promise((resolve) => { timer = setTimeout(() => resolve(false), timeoutMs); });
    const check = (async () => {
      await this.ensureSchema();
      await this.#pool.query('SELECT 1');
      return true;
    })().catch(() => false);
    try {
      return await Promise.race([check, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async query(text, params) {
    if (!this.#pool) throw new Error('No database is configured.');
    await this.ensureSchema();
    return this.#pool.query(text, params);
  }

  async close() {
    clearTimeout(this.#retryTimer);
    const pool = this.#pool;
    this.#pool = null;
    await pool?.end();
  }
}
