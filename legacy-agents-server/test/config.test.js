import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig, parseNpgsqlConnectionString } from '../src/config.js';

describe('configuration', () => {
  it('parses an Npgsql connection string into node-postgres options', () => {
    const options = parseNpgsqlConnectionString('Host=localhost;Port=55432;Username=postgres;Password=s3cr=t;;Database=flexdb;');
    assert.deepEqual(options, { host: 'localhost', port: 55432, user: 'postgres', password: 's3cr=t', database: 'flexdb' });
  });

  it('accepts quoted values, key aliases, any key case and ignores keys node-postgres has no use for', () => {
    const options = parseNpgsqlConnectionString('server=db.internal; PORT=5433; User ID=app; Password="p;a""ss"; Database=flexdb; Pooling=false; SSL Mode=Require');
    assert.deepEqual(options, {
      host: 'db.internal', port: 5433, user: 'app', password: 'p;a"ss', database: 'flexdb', ssl: { rejectUnauthorized: false },
    });
  });

  it('prefers DATABASE_URL over ConnectionStrings__flexdb and has no database when neither is set', () => {
    const both = loadConfig({ DATABASE_URL: 'postgres://u@h/db', ConnectionStrings__flexdb: 'Host=other;Database=x' });
    assert.deepEqual(both.database, { connectionString: 'postgres://u@h/db', source: 'DATABASE_URL' });
    const npgsql = loadConfig({ ConnectionStrings__flexdb: 'Host=other;Database=x' });
    assert.deepEqual(npgsql.database, { host: 'other', database: 'x', source: 'ConnectionStrings__flexdb' });
    assert.equal(loadConfig({}).database, null);
  });

  it('reads the registry from REGISTRY_URL or Aspire service discovery, and defaults the port to 3001', () => {
    assert.equal(loadConfig({ REGISTRY_URL: 'http://reg:1/' }).registry.url, 'http://reg:1');
    assert.equal(loadConfig({ services__registry__http__0: 'http://localhost:5123' }).registry.url, 'http://localhost:5123');
    assert.equal(loadConfig({}).registry.url, undefined);
    assert.equal(loadConfig({}).port, 3001);
    assert.deepEqual(loadConfig({ CORS_ORIGINS: 'http://a.test, http://b.test/' }).corsOrigins, ['http://a.test', 'http://b.test']);
  });

  it('counts the model as configured with a key or a compatible endpoint', () => {
    assert.equal(loadConfig({}).openai.configured, false);
    assert.equal(loadConfig({ OPENAI_API_KEY: 'k' }).openai.configured, true);
    assert.equal(loadConfig({ OPENAI_BASE_URL: 'http://127.0.0.1:1/v1' }).openai.configured, true);
  });
});
