/**
 * A tiny router: exact segments and `:param` segments, matched per method. Returns the handler and params, or tells
 * whether the path exists under another method (for 405).
 */
export class Router {
  #routes = [];

  add(method, pattern, handler) {
    const segments = pattern.split('/').filter(Boolean);
    this.#routes.push({ method, segments, handler });
    return this;
  }

  get(pattern, handler) { return this.add('GET', pattern, handler); }
  post(pattern, handler) { return this.add('POST', pattern, handler); }

  match(method, pathname) {
    const parts = pathname.split('/').filter(Boolean);
    const allowed = [];
    for (const route of this.#routes) {
      const params = matchSegments(route.segments, parts);
      if (!params) continue;
      if (route.method === method || (method === 'HEAD' && route.method === 'GET')) return { handler: route.handler, params };
      allowed.push(route.method);
    }
    return { handler: null, allowed };
  }
}

function matchSegments(segments, parts) {
  if (segments.length !== parts.length) return null;
  const params = {};
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i];
    if (seg.startsWith(':')) {
      try {
        params[seg.slice(1)] = decodeURIComponent(parts[i]);
      } catch {
        return null;
      }
    } else if (seg !== parts[i]) return null;
  }
  return params;
}
