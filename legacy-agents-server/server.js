import { createApp } from './src/app.js';
import { loadConfig } from './src/config.js';
import { errorFields, log } from './src/log.js';

const app = createApp(loadConfig());

try {
  await app.start();
} catch (err) {
  log.error('failed to start', errorFields(err));
  process.exit(1);
}

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    log.info('shutting down', { signal });
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    await app.stop().catch((err) => log.error('shutdown error', errorFields(err)));
    process.exit(0);
  });
}
