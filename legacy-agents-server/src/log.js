/** Structured logs: one JSON object per line on stdout (stderr for errors), readable by the Aspire dashboard. */
function write(level, msg, fields) {
  const line = JSON.stringify({ ts: new Date().toISOString(), level, msg, ...fields });
  (level === 'error' ? process.stderr : process.stdout).write(`${line}\n`);
}

export const log = {
  info: (msg, fields = {}) => write('info', msg, fields),
  warn: (msg, fields = {}) => write('warn', msg, fields),
  error: (msg, fields = {}) => write('error', msg, fields),
};

export function errorFields(err) {
  return { error: err?.message ?? String(err), code: err?.code };
}
