import { createHash, timingSafeEqual } from 'node:crypto';
import { HttpError } from './respond.js';

/** Bearer auth against `API_KEY`: no/odd header -> 401, wrong key -> 403. Does nothing when no key is set. */
export function requireBearer(req, apiKey) {
  if (!apiKey) return;
  const header = req.headers.authorization ?? '';
  const match = /^Bearer\s+(.+)$/i.exec(header.trim());
  if (!match) {
    throw new HttpError(401, 'A bearer token is required.', { headers: { 'www-authenticate': 'Bearer' } });
  }
  if (!sameSecret(match[1].trim(), apiKey)) {
    throw new HttpError(403, 'The bearer token is not valid for this server.');
  }
}

function sameSecret(a, b) {
  // Hash first so the comparison is constant-time whatever the lengths.
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}
