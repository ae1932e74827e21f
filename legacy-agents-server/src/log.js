import { logs, SeverityNumber } from '@opentelemetry/api';

// A no-op until src/telemetry.js has started the SDK; then every line is also an OTLP log record, with the trace and
// span of the request that wrote it.
const otel = logs.getLogger('legacy-agents-server');
const severities = { info: SeverityNumber.INFO, warn: SeverityNumber.WARN, error: SeverityNumber.ERROR };

/** Structured logs: one JSON object per line on stdout (stderr for errors), readable by the Aspire dashboard. */
function write(level, msg, fields) {
  const line = JSON.stringify({ ts: new Date().toISOString(), level, msg, ...fields });
  (level === 'error' ? process.stderr : process.stdout).write(`${line}\n`);
  otel.emit({ severityNumber: severities[level], severityText: level.toUpperCase(), body: msg, attributes: attributes(fields) });
}

// OTLP attributes are primitives (or arrays of them); anything else travels as JSON text.
function attributes(fields) {
  const result = {};
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined || value === null) continue;
    result[key] = ['string', 'number', 'boolean'].includes(typeof value) ? value : JSON.stringify(value);
  }
  return result;
}

export const log = {
  info: (msg, fields = {}) => write('info', msg, fields),
  warn: (msg, fields = {}) => write('warn', msg, fields),
  error: (msg, fields = {}) => write('error', msg, fields),
};

export function errorFields(err) {
  return { error: err?.message ?? String(err), code: err?.code };
}
