// Reads a flex run's SSE stream and keeps reading it across dropped connections until the run's `complete` frame:
// when a stream ends (or fails) before it, it reconnects with GET /api/v1/flex/runs/{runId}/stream and
// `Last-Event-ID: <last seq>` (backoff 0.5 s doubling to 8 s, for as long as the run has not ended), and the server
// replays every missed frame before the live tail. Frames already seen (seq <= last) are dropped.
import { createParser } from 'eventsource-parser';
import type { FlexEvent } from '../contracts';

export class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export interface StreamOptions {
  fetch?: typeof fetch;
  onEvent: (event: FlexEvent) => void;
  onConnection?: (state: 'streaming' | 'reconnecting') => void;
  signal?: AbortSignal;
  maxReconnects?: number;
  reconnectDelayMs?: (attempt: number) => number;
  /** Known when continuing an existing run (resume): reconnects need the run id even before the first frame. */
  runId?: string;
  lastSeq?: number;
}

export interface StreamResult {
  runId: string;
  lastSeq: number;
  complete: FlexEvent;
}

export const runStreamUrl = (runId: string) => `/api/v1/flex/runs/${encodeURIComponent(runId)}/stream`;

export async function consumeRunStream(open: () => Promise<Response>, options: StreamOptions): Promise<StreamResult> {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const maxReconnects = options.maxReconnects ?? Number.POSITIVE_INFINITY;
  const delay = options.reconnectDelayMs ?? ((attempt: number) => Math.min(500 * 2 ** (attempt - 1), 8000));
  let runId = options.runId;
  let lastSeq = options.lastSeq ?? 0;
  let complete: FlexEvent | undefined;
  let failures = 0;

  const onFrame = (event: FlexEvent) => {
    if (event.type !== 'heartbeat') {
      if (event.seq <= lastSeq) return;
      lastSeq = event.seq;
    }
    runId ??= event.runId;
    if (event.type === 'complete') complete = event;
    options.onEvent(event);
  };

  let next: () => Promise<Response> = open;
  for (;;) {
    const seqBefore = lastSeq;
    try {
      const response = await next();
      if (!response.ok) throw new HttpError(response.status, await problemMessage(response));
      options.onConnection?.('streaming');
      if (isEventStream(response)) await readFrames(response, onFrame);
      else await response.text(); // e.g. a resume answered with JSON: the frames come from the run's stream
    } catch (error) {
      if (options.signal?.aborted) throw error;
      // A client error is an answer, not a dropped connection; so is anything before we know which run it is.
      if (error instanceof HttpError && error.status < 500) throw error;
      if (!runId) throw error;
    }
    if (complete) return { runId: runId!, lastSeq, complete };
    if (!runId) throw new Error('The stream ended before the run started.');
    failures = lastSeq > seqBefore ? 1 : failures + 1;
    if (failures > maxReconnects) throw new Error(`Lost the run's stream after ${maxReconnects} reconnects.`);
    options.onConnection?.('reconnecting');
    await sleep(delay(failures), options.signal);
    const id = runId;
    next = () => doFetch(runStreamUrl(id), {
      headers: { Accept: 'text/event-stream', 'Last-Event-ID': String(lastSeq) },
      signal: options.signal,
    });
  }
}

export async function readFrames(response: Response, onFrame: (event: FlexEvent) => void): Promise<void> {
  if (!response.body) return;
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  // eventsource-parser handles the framing (split chunks, CR/LF/CRLF, multi-line data, comments such as the prologue).
  const parser = createParser({ onEvent: (message) => { if (message.data) onFrame(JSON.parse(message.data) as FlexEvent); } });
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parser.feed(decoder.decode(value, { stream: true }));
  }
}

function isEventStream(response: Response): boolean {
  return (response.headers.get('content-type') ?? '').includes('text/event-stream');
}

async function problemMessage(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  try {
    const problem = JSON.parse(text) as { title?: string; detail?: string };
    return problem.detail ?? problem.title ?? `HTTP ${response.status}`;
  } catch {
    return text || `HTTP ${response.status}`;
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => { clearTimeout(timer); reject(signal.reason); }, { once: true });
  });
}
