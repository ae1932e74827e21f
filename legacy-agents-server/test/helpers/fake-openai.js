import http from 'node:http';

/**
 * A loopback OpenAI-compatible server for `POST /v1/chat/completions`. `script(request)` returns
 * `{content, usage}` for a completion, `{chunks, usage}` for a streamed one, or `{status, error}` to fail.
 */
export async function startFakeOpenAI(script) {
  const requests = [];
  const server = http.createServer(async (req, res) => {
    let text = '';
    for await (const chunk of req) text += chunk;
    const body = text ? JSON.parse(text) : {};
    requests.push({ method: req.method, url: req.url, headers: req.headers, body });
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
      res.writeHead(404, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ error: { message: 'not found' } }));
    }
    const answer = script(body);
    const base = { id: `chatcmpl-${requests.length}`, created: 1_700_000_000, model: body.model };
    const usage = answer.usage && { ...answer.usage, total_tokens: answer.usage.prompt_tokens + answer.usage.completion_tokens };
    if (answer.status) {
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ error: { message: answer.error, type: 'invalid_request_error', code: null } }));
    }
    if (body.stream) {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const send = (payload) => res.write(`data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', ...payload })}\n\n`);
      send({ choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] });
      for (const content of answer.chunks) send({ choices: [{ index: 0, delta: { content }, finish_reason: null }] });
      send({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] });
      if (body.stream_options?.include_usage) send({ choices: [], usage });
      res.end('data: [DONE]\n\n');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({
      ...base,
      object: 'chat.completion',
      choices: [{ index: 0, message: { role: 'assistant', content: answer.content }, finish_reason: 'stop' }],
      usage,
    }));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${server.address().port}/v1`,
    requests,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }),
  };
}
