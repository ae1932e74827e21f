/**
 * The flex/legacy SSE framing: a `:` prologue comment sent at once, then `event:`/`id:`/`data:` frames with a per-run
 * sequence starting at 1, and comment heartbeats (no id, ignored by SSE parsers) to keep proxies from closing the
 * connection.
 */
export function openEventStream(res, { correlationId, heartbeatMs, headers = {} }) {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
    ...headers,
  });
  res.socket?.setNoDelay(true);
  res.write(':\n\n');

  let seq = 0;
  const heartbeat = setInterval(() => {
    if (!res.writableEnded) res.write(`: heartbeat ${new Date().toISOString()}\n\n`);
  }, heartbeatMs);
  heartbeat.unref();

  return {
    /** Writes one frame; returns its seq, or 0 when the client has gone. */
    send(type, { message, data, phase } = {}) {
      if (res.writableEnded || res.destroyed) return 0;
      seq += 1;
      const payload = { correlationId, type };
      if (message !== undefined) payload.message = message;
      if (data !== undefined) payload.data = data;
      if (phase !== undefined) payload.phase = phase;
      res.write(`event: ${type}\nid: ${seq}\ndata: ${JSON.stringify(payload)}\n\n`);
      return seq;
    },
    get seq() {
      return seq;
    },
    end() {
      clearInterval(heartbeat);
      if (!res.writableEnded) res.end();
    },
  };
}
