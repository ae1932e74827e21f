import { randomUUID } from 'node:crypto';
import { agents } from '../agents/catalog.js';
import { runPipeline } from '../agents/pipeline.js';
import { readJsonBody } from '../http/body.js';
import { HttpError, sendJson } from '../http/respond.js';
import { openEventStream } from '../http/sse.js';
import { errorFields, log } from '../log.js';
import { validateRunRequest } from './run-request.js';

export function mapAgentApi(router, ctx) {
  router.get('/api/v1/agent/agents', (req, res) => {
    sendJson(res, 200, {
      agents: agents.map(({ id, name, description, capabilityId }) => ({ id, name, description, capabilityId })),
    });
  });
  router.post('/api/v1/agent/run.stream', (req, res) => runStream(req, res, ctx));
}

async function runStream(req, res, { runStore, writer, config }) {
  const { value: request, errors } = validateRunRequest(await readJsonBody(req));
  if (errors) throw new HttpError(400, `The run request is invalid: ${Object.values(errors).flat().join(' ')}`, { errors });

  const runId = randomUUID();
  const correlationId = correlationIdFrom(req) ?? runId;
  // The legacy server's work belongs to the connection: a client that goes away cancels its run.
  const abort = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) abort.abort(new Error('The client disconnected.'));
  });

  const stream = openEventStream(res, {
    correlationId,
    heartbeatMs: config.sseHeartbeatMs,
    headers: { 'x-run-id': runId, 'x-correlation-id': correlationId },
  });
  const fields = { runId, correlationId, mode: request.mode };
  log.info('run started', { ...fields, model: writer.model });

  const recorded = runStore.enabled && (await record(() => runStore.start({ id: runId, ...request }), fields));
  stream.send('start', {
    message: 'Run started',
    data: { runId, mode: request.mode, threadId: request.threadId ?? null, briefId: request.briefId ?? null, model: writer.model, recorded },
  });
  if (runStore.enabled && !recorded) stream.send('warning', { message: 'The run could not be recorded in the database.' });

  try {
    const result = await runPipeline({ request, writer, emit: stream.send, signal: abort.signal });
    if (recorded) await record(() => runStore.finish(runId, { status: 'completed', result }), fields);
    stream.send('complete', { message: 'Run completed', data: { status: 'completed', runId, result } });
    log.info('run completed', fields);
  } catch (err) {
    if (abort.signal.aborted) {
      log.info('run cancelled: client disconnected', fields);
      if (recorded) await record(() => runStore.finish(runId, { status: 'cancelled', error: 'client disconnected' }), fields);
      return;
    }
    const error = { code: errorCode(err), message: err.message };
    log.error('run failed', { ...fields, ...errorFields(err) });
    stream.send('error', { message: error.message, data: error });
    if (recorded) await record(() => runStore.finish(runId, { status: 'failed', error: error.message }), fields);
    stream.send('complete', { message: 'Run failed', data: { status: 'failed', runId, error } });
  } finally {
    stream.end();
  }
}

/** Bookkeeping never fails a run: a database error becomes a log line and `false`. */
async function record(write, fields) {
  try {
    await write();
    return true;
  } catch (err) {
    log.warn('run not recorded', { ...fields, ...errorFields(err) });
    return false;
  }
}

function correlationIdFrom(req) {
  const value = req.headers['x-correlation-id'];
  return typeof value === 'string' && /^[\w.:-]{1,128}$/.test(value) ? value : undefined;
}

function errorCode(err) {
  if (typeof err.status === 'number') return `model_http_${err.status}`;
  if (err.name === 'APIConnectionTimeoutError') return 'model_timeout';
  if (err.name === 'APIConnectionError') return 'model_unreachable';
  return 'pipeline_error';
}
