import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const serverEntry = fileURLToPath(new URL('../../server.js', import.meta.url));

/**
 * Starts the real server (`node server.js`) as a child process on an ephemeral loopback port and resolves when it logs
 * that it listens. `env` is added to a clean environment, so nothing from the developer's shell leaks in.
 */
export async function startServer(env = {}) {
  const child = spawn(process.execPath, [serverEntry], {
    env: {
      PATH: process.env.PATH,
      HOST: '127.0.0.1',
      PORT: '0',
      OFFLINE_DELTA_DELAY_MS: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs = [];
  const waiters = new Set();
  const onLine = (line) => {
    if (!line.trim()) return;
    let entry;
    try {
      entry = JSON.parse(line);
    } catch {
      entry = { msg: line };
    }
    logs.push(entry);
    for (const waiter of waiters) waiter();
  };
  for (const stream of [child.stdout, child.stderr]) {
    let buffer = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => {
      buffer += chunk;
      let nl;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        onLine(buffer.slice(0, nl));
        buffer = buffer.slice(nl + 1);
      }
    });
  }

  /** Resolves with the first log entry matching `predicate`, or rejects after `timeoutMs`. */
  const waitForLog = (predicate, timeoutMs = 10_000) =>
    new Promise((resolve, reject) => {
      const check = () => {
        const hit = logs.find(predicate);
        if (hit) {
          waiters.delete(check);
          clearTimeout(timer);
          resolve(hit);
        }
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`timed out waiting for a log line; got:\n${logs.map((l) => JSON.stringify(l)).join('\n')}`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });

  const exited = once(child, 'exit');
  const listening = await Promise.race([
    waitForLog((l) => l.msg === 'legacy agents server listening'),
    exited.then(([code]) => { throw new Error(`server exited with ${code}:\n${logs.map((l) => JSON.stringify(l)).join('\n')}`); }),
  ]);
  const baseUrl = `http://127.0.0.1:${listening.port}`;

  return {
    baseUrl,
    port: listening.port,
    logs,
    waitForLog,
    url: (path) => `${baseUrl}${path}`,
    async stop() {
      if (child.exitCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const [code] = await exited;
      return code;
    },
  };
}
