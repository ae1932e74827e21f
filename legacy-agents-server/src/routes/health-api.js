import { sendJson } from '../http/respond.js';

/** Open health endpoint: the process is up (`status: ok`); the database and model configuration are reported. */
export function mapHealthApi(router, { database, config, startedAt }) {
  const health = async (req, res) => {
    sendJson(res, 200, {
      status: 'ok',
      timestamp: new Date().toISOString(),
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
      services: {
        database: { ok: await database.healthy(), configured: database.configured },
        openai: { configured: config.openai.configured, model: config.openai.configured ? config.openai.model : null },
      },
    }, { 'cache-control': 'no-store' });
  };
  router.get('/api/v1/health', health);
  router.get('/health', health); // the path Aspire health checks use by convention
}
