import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FlexEvent } from '../src/contracts';

/** The SSE text of a real run of envelope-social-post.json against the stack (recorded with curl). */
export const recordedSocialPost = () =>
  readFileSync(fileURLToPath(new URL('./fixtures/social-post.sse', import.meta.url)), 'utf8');

export const recordedEvents = (): FlexEvent[] =>
  recordedSocialPost().split('\n').filter((l) => l.startsWith('data: ')).map((l) => JSON.parse(l.slice(6)));

let seq = 0;
export function frame(type: string, extra: Partial<FlexEvent> = {}): FlexEvent {
  return {
    type, runId: 'run-1', seq: extra.seq ?? ++seq, timestamp: '2026-11-25T16:00:00Z', correlationId: 'corr-1',
    traceId: '0123456789abcdef0123456789abcdef', planVersion: 1, ...extra,
  };
}

export const sse = (events: FlexEvent[]) =>
  ':\n\n' + events.map((e) => `event: ${e.type}\n${e.type === 'heartbeat' ? '' : `id: ${e.seq}\n`}data: ${JSON.stringify(e)}\n\n`).join('');

/** A streaming text/event-stream response delivering `chunks` one read at a time; `fail` errors the body at the end. */
export function streamResponse(chunks: string[], { fail = false, status = 200 } = {}): Response {
  const encoder = new TextEncoder();
  let i = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (i < chunks.length) controller.enqueue(encoder.encode(chunks[i++]));
      else if (fail) controller.error(new TypeError('network error'));
      else controller.close();
    },
  });
  return new Response(body, { status, headers: { 'Content-Type': 'text/event-stream' } });
}

export const jsonResponse = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

export function samplePlan(nodes: { id: string; executor?: 'ai' | 'human'; schema?: object }[], edges: [string, string][] = []) {
  return {
    runId: 'run-1', version: 1,
    nodes: nodes.map((n) => ({
      id: n.id, kind: 'execution', capabilityId: n.id, label: n.id, status: 'pending', inputFacets: [], outputFacets: [],
      contracts: { output: n.schema ? { mode: 'json_schema', schema: n.schema } : { mode: 'facets', facets: ['post_copy'] } },
      executor: { type: n.executor ?? 'ai' }, rationale: [],
    })),
    edges: edges.map(([from, to]) => ({ from, to })),
  };
}
