// Telemetry first: its loader hook wraps only modules imported after it, so the app is imported dynamically below.
import { startTelemetry } from './src/telemetry.js';

const telemetry = await startTelemetry();
const { createApp } = await import('./src/app.js');
const { loadConfig } = await import('./src/config.js');
const { errorFields, log } = await import('./src/log.js');

const app = createApp(loadConfig());

try {
  await app.start();
} catch (err) {
  log.error('failed to start', errorFields(err));
  await telemetry.shutdown();
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
    // Flushes the last spans, metrics and log records.
    await telemetry.shutdown().catch((err) => log.error('telemetry shutdown error', errorFields(err)));
    process.exit(0);
  });
}
