/**
 * Parses an SSE body the way EventSource does, keeping what the framing tests need: whether the body opened with the
 * `:` prologue comment, the comments, and each frame's event, id and JSON data.
 */
export function parseSse(text) {
  const blocks = text.replace(/\r\n/g, '\n').split('\n\n');
  const comments = [];
  const frames = [];
  for (const block of blocks) {
    if (!block) continue;
    const frame = { event: 'message', id: undefined, data: [] };
    let hasField = false;
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) {
        comments.push(line.slice(1).trim());
        continue;
      }
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      hasField = true;
      if (field === 'event') frame.event = value;
      else if (field === 'id') frame.id = value;
      else if (field === 'data') frame.data.push(value);
    }
    if (hasField) frames.push({ ...frame, data: JSON.parse(frame.data.join('\n')) });
  }
  return { prologue: text.startsWith(':\n\n'), comments, frames };
}

/** POSTs a run and returns the response plus its parsed SSE body. */
export async function postRun(baseUrl, body, headers = {}) {
  const res = await fetch(`${baseUrl}/api/v1/agent/run.stream`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { res, text, ...(res.headers.get('content-type')?.startsWith('text/event-stream') ? parseSse(text) : {}) };
}
