import http from 'node:http';

/**
 * A tiny stand-in for the flex registry: records every registration POST (headers and body) and answers with
 * `status()` (503 while the test wants the registry "down").
 */
export async function startFakeRegistry({ status = () => 200 } = {}) {
  const requests = [];
  const server = http.createServer(async (req, res) => {
    let text = '';
    for await (const chunk of req) text += chunk;
    const code = status();
    requests.push({ method: req.method, url: req.url, headers: req.headers, body: text ? JSON.parse(text) : null, answered: code });
    res.writeHead(code, { 'content-type': 'application/json' });
    res.end(JSON.stringify(code === 200 ? { ok: true, record: { status: 'active' }, registry: { active: 1, count: 1 } } : { title: 'unavailable' }));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    requests,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }),
  };
}
