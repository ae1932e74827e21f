import { HttpError } from './respond.js';

const maxBodyBytes = 1024 * 1024;

/** Reads and parses a JSON request body; malformed or oversized bodies become 4xx problems. */
export async function readJsonBody(req) {
  const type = req.headers['content-type'] ?? '';
  if (type && !/^application\/([\w.+-]+\+)?json\b/i.test(type)) {
    throw new HttpError(415, `Expected an application/json body, got '${type}'.`);
  }
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > maxBodyBytes) throw new HttpError(413, `The request body exceeds ${maxBodyBytes} bytes.`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text.trim()) throw new HttpError(400, 'The request body is empty; a JSON object is required.', { errors: { body: ['A JSON object is required.'] } });
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new HttpError(400, `The request body is not valid JSON: ${err.message}`, { errors: { body: ['Malformed JSON.'] } });
  }
}
