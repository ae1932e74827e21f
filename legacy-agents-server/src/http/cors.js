const allowedMethods = 'GET, POST, OPTIONS';
const allowedHeaders = 'authorization, content-type, last-event-id, x-correlation-id';

/**
 * CORS with an allowlist (`CORS_ORIGINS`, comma-separated; `*` allows any origin). Allowed origins are echoed back;
 * others get no CORS headers (the browser blocks them) and their preflights are refused with 403.
 * Returns true when the request was a preflight and has been answered.
 */
export function applyCors(req, res, allowlist) {
  const origin = req.headers.origin;
  if (!origin) return false;
  res.setHeader('vary', 'Origin');
  const allowed = allowlist.includes('*') || allowlist.includes(origin);
  const isPreflight = req.method === 'OPTIONS' && req.headers['access-control-request-method'];

  if (allowed) {
    res.setHeader('access-control-allow-origin', origin);
    res.setHeader('access-control-allow-credentials', 'true');
    res.setHeader('access-control-expose-headers', 'x-correlation-id, x-run-id');
  }
  if (!isPreflight) return false;

  if (!allowed) {
    res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('CORS origin not allowed');
    return true;
  }
  res.writeHead(204, {
    'access-control-allow-methods': allowedMethods,
    'access-control-allow-headers': req.headers['access-control-request-headers'] ?? allowedHeaders,
    'access-control-max-age': '600',
  });
  res.end();
  return true;
}
