import http from 'node:http';
import { createWriter } from './agents/catalog.js';
import { CapabilityRegistrar } from './capabilities/registrar.js';
import { Database } from './db/database.js';
import { RunStore } from './db/run-store.js';
import { FacetCatalog } from './facets.js';
import { requireBearer } from './http/auth.js';
import { applyCors } from './http/cors.js';
import { HttpError, sendProblem } from './http/respond.js';
import { Router } from './http/router.js';
import { errorFields, log } from './log.js';
import { mapAgentApi } from './routes/agent-api.js';
import { mapHealthApi } from './routes/health-api.js';
import { mapInvokeApi } from './routes/invoke-api.js';

const protectedPrefix = '/api/v1/agent/';

/** Builds the server from a loaded config; `start()` listens and begins background work, `stop()` undoes it. */
export function createApp(config) {
  const database = new Database(config.database);
  const ctx = {
    config,
    database,
    runStore: new RunStore(database),
    writer: createWriter(config),
    facets: new FacetCatalog(config.facetCatalogPath),
    startedAt: Date.now(),
  };

  let registrar = null;
  const router = new Router();
  mapHealthApi(router, ctx);
  mapAgentApi(router, ctx);
  mapInvokeApi(router, ctx);

  const server = http.createServer((req, res) => handle(req, res, router, config));
  server.keepAliveTimeout = 65_000;

  return {
    server,
    ctx,
    async start() {
      await new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, config.host, resolve);
      });
      const { port } = server.address();
      const selfUrl = config.selfUrl ?? `http://localhost:${port}`;
      registrar = new CapabilityRegistrar({ registry: config.registry, selfUrl });
      log.info('legacy agents server listening', {
        host: config.host, port, selfUrl, model: ctx.writer.model,
        database: database.configured ? database.source : null, registry: config.registry.url ?? null,
      });
      database.startSchemaLoop();
      registrar.start();
      return port;
    },
    async stop() {
      await registrar?.stop();
      server.closeIdleConnections?.();
      const closed = new Promise((resolve) => server.close(resolve));
      // Open event streams are closed by their owners' abort; don't wait on them forever.
      setTimeout(() => server.closeAllConnections?.(), 2_000).unref();
      await closed;
      await database.close();
    },
  };
}

async function handle(req, res, router, config) {
  const started = performance.now();
  const { pathname } = new URL(req.url ?? '/', 'http://localhost');
  res.once('close', () => {
    log.info('request', {
      method: req.method, path: pathname, status: res.statusCode,
      durationMs: Math.round(performance.now() - started), aborted: !res.writableFinished,
    });
  });

  try {
    if (applyCors(req, res, config.corsOrigins)) return;
    if (pathname.startsWith(protectedPrefix)) requireBearer(req, config.apiKey);
    const { handler, params, allowed } = router.match(req.method, pathname);
    if (!handler) {
      if (allowed.length) throw new HttpError(405, `${req.method} is not allowed here.`, { headers: { allow: allowed.join(', ') } });
      throw new HttpError(404, `No route for ${req.method} ${pathname}.`);
    }
    await handler(req, res, params);
  } catch (err) {
    if (res.headersSent) {
      log.error('request failed after the response started', { path: pathname, ...errorFields(err) });
      res.destroy(err);
    } else if (err instanceof HttpError) {
      if (err.status >= 500) log.warn('request failed', { path: pathname, status: err.status, error: err.message });
      sendProblem(res, err.status, err.message, { errors: err.errors, headers: err.headers });
    } else {
      log.error('unhandled error', { path: pathname, ...errorFields(err), stack: err?.stack });
      sendProblem(res, 500, 'An unexpected error occurred.');
    }
  }
}
