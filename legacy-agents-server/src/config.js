import path from 'node:path';
import { fileURLToPath } from 'node:url';

const serverRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Reads the whole configuration from the environment once, at start. */
export function loadConfig(env = process.env) {
  const port = parsePort(env.PORT ?? '3001');
  const host = nonEmpty(env.HOST) ?? '0.0.0.0';
  const openaiKey = nonEmpty(env.OPENAI_API_KEY);
  const openaiBaseUrl = nonEmpty(env.OPENAI_BASE_URL);

  return {
    port,
    host,
    // Without SELF_URL the app uses http://localhost:<the port it listens on> (known only after listen with PORT=0).
    selfUrl: trimSlash(nonEmpty(env.SELF_URL)),
    apiKey: nonEmpty(env.API_KEY),
    corsOrigins: splitList(env.CORS_ORIGINS),
    database: databaseConfig(env),
    openai: {
      // A compatible endpoint without a key (a local model server) also counts as configured.
      configured: Boolean(openaiKey || openaiBaseUrl),
      apiKey: openaiKey ?? 'not-needed',
      baseURL: openaiBaseUrl,
      model: nonEmpty(env.OPENAI_MODEL) ?? 'gpt-4o-mini',
      timeoutMs: positiveInt(env.OPENAI_TIMEOUT_MS, 60_000),
    },
    registry: {
      url: trimSlash(
        nonEmpty(env.REGISTRY_URL) ??
          nonEmpty(env.services__registry__http__0) ??
          nonEmpty(env.services__registry__https__0),
      ),
      token: nonEmpty(env.REGISTRY_TOKEN),
      heartbeatSeconds: positiveInt(env.REGISTRY_HEARTBEAT_SECONDS, 30),
      maxBackoffMs: positiveInt(env.REGISTRY_MAX_BACKOFF_MS, 30_000),
      initialBackoffMs: positiveInt(env.REGISTRY_INITIAL_BACKOFF_MS, 1_000),
    },
    facetCatalogPath: path.resolve(
      serverRoot,
      nonEmpty(env.FACET_CATALOG_PATH) ?? '../FlexAspire.Contracts/Facets/facet-catalog.json',
    ),
    sseHeartbeatMs: positiveInt(env.SSE_HEARTBEAT_MS, 15_000),
    // Pacing between streamed chunks of the offline pipeline, so a UI shows typing; 0 in tests.
    offlineDeltaDelayMs: nonNegativeInt(env.OFFLINE_DELTA_DELAY_MS, 25),
  };
}

function databaseConfig(env) {
  const url = nonEmpty(env.DATABASE_URL);
  if (url) return { connectionString: url, source: 'DATABASE_URL' };
  const npgsql = nonEmpty(env.ConnectionStrings__flexdb);
  if (npgsql) return { ...parseNpgsqlConnectionString(npgsql), source: 'ConnectionStrings__flexdb' };
  return null;
}

const npgsqlKeys = new Map([
  ['host', 'host'], ['server', 'host'],
  ['port', 'port'],
  ['username', 'user'], ['user id', 'user'], ['userid', 'user'], ['user', 'user'], ['user name', 'user'],
  ['password', 'password'], ['pwd', 'password'],
  ['database', 'database'], ['db', 'database'],
  ['ssl mode', 'sslmode'], ['sslmode', 'sslmode'],
  ['timeout', 'connectionTimeoutSeconds'],
  ['application name', 'application_name'],
]);

/**
 * Parses an ADO.NET/Npgsql connection string (`Host=..;Port=..;Username=..;Password=..;Database=..`) into
 * node-postgres options. Values may be double-quoted (Npgsql quotes values containing `;`); unknown keys such as
 * `Pooling` are ignored because they mean nothing to node-postgres.
 */
export function parseNpgsqlConnectionString(text) {
  const out = {};
  for (const [rawKey, rawValue] of splitConnectionString(text)) {
    const key = npgsqlKeys.get(rawKey.trim().toLowerCase().replace(/\s+/g, ' '));
    if (!key) continue;
    const value = rawValue.trim();
    if (key === 'port') out.port = parsePort(value);
    else if (key === 'connectionTimeoutSeconds') out.connectionTimeoutMillis = Number(value) * 1000;
    else if (key === 'sslmode') {
      const mode = value.toLowerCase();
      if (mode === 'require' || mode === 'verifyca' || mode === 'verify-ca' || mode === 'verifyfull' || mode === 'verify-full') {
        out.ssl = { rejectUnauthorized: mode.startsWith('verify') };
      }
    } else out[key] = value;
  }
  if (out.host?.includes(',')) out.host = out.host.split(',')[0]; // multi-host failover is not supported here
  return out;
}

function* splitConnectionString(text) {
  let i = 0;
  while (i < text.length) {
    const eq = text.indexOf('=', i);
    if (eq < 0) break;
    // A segment without '=' carries no setting; the key is what follows the last ';' before the '='.
    const key = text.slice(i, eq).split(';').pop();
    let j = eq + 1;
    while (text[j] === ' ') j++;
    let value = '';
    if (text[j] === '"' || text[j] === "'") {
      const quote = text[j++];
      while (j < text.length) {
        if (text[j] === quote && text[j + 1] === quote) { value += quote; j += 2; continue; }
        if (text[j] === quote) { j++; break; }
        value += text[j++];
      }
      const semi = text.indexOf(';', j);
      i = semi < 0 ? text.length : semi + 1;
    } else {
      const semi = text.indexOf(';', j);
      value = text.slice(j, semi < 0 ? text.length : semi);
      i = semi < 0 ? text.length : semi + 1;
    }
    if (key.trim()) yield [key, value];
  }
}

function parsePort(value) {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`Invalid port: ${value}`);
  return n;
}

function positiveInt(value, fallback) {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

function nonNegativeInt(value, fallback) {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  return Number.isInteger(n) && n >= 0 ? n : fallback;
}

function nonEmpty(value) {
  const v = value?.trim();
  return v ? v : undefined;
}

function splitList(value) {
  return (value ?? '').split(',').map((s) => trimSlash(s.trim())).filter(Boolean);
}

function trimSlash(url) {
  return url?.replace(/\/+$/, '');
}
