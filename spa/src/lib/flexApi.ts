// The flex API as the SPA calls it: same-origin /api paths (the Vite dev proxy adds the key server-side), through an
// openapi-fetch client typed by src/api/schema.d.ts, which is generated from the API's OpenAPI document
// (`npm run api-client`). Streams are opened through the same client and read by flexStream.ts.
import createClient from 'openapi-fetch';
import type { paths } from '../api/schema';
import type { HumanTask, RunResumeRequest, TaskEnvelope } from '../contracts';
import { HttpError } from './flexStream';

// fetch is looked up at call time (tests stub it); the base URL is the page's own origin (the dev proxy serves /api).
const api = createClient<paths>({ baseUrl: globalThis.location?.origin ?? '', fetch: (request) => globalThis.fetch(request) });
const eventStream = { Accept: 'text/event-stream' };

export type RunSummary = paths['/api/v1/flex/runs']['get']['responses'][200]['content']['application/json']['items'][number];

export const openRunStream = async (envelope: TaskEnvelope, signal?: AbortSignal) =>
  (await api.POST('/api/v1/flex/run.stream', { body: envelope as never, headers: eventStream, parseAs: 'stream', signal })).response;

export const openResumeStream = async (body: RunResumeRequest, signal?: AbortSignal) =>
  (await api.POST('/api/v1/flex/run.resume', { body: body as never, headers: eventStream, parseAs: 'stream', signal })).response;

/** Every frame of a run from the first: reattaching to a run replays it, then follows it live. */
export const openRunReplay = async (runId: string, signal?: AbortSignal) =>
  (await api.GET('/api/v1/flex/runs/{runId}/stream', {
    params: { path: { runId } }, headers: { ...eventStream, 'Last-Event-ID': '0' }, parseAs: 'stream', signal,
  })).response;

export async function cancelRun(runId: string): Promise<void> {
  const { response } = await api.POST('/api/v1/flex/runs/{runId}/cancel', { params: { path: { runId } } });
  if (!response.ok && response.status !== 409) throw new HttpError(response.status, `Cancel failed (HTTP ${response.status}).`);
}

/** The newest runs first (GET runs). */
export async function listRuns(limit = 20): Promise<RunSummary[]> {
  const { data, response } = await api.GET('/api/v1/flex/runs', { params: { query: { limit } } });
  if (!data) throw new HttpError(response.status, `Listing runs failed (HTTP ${response.status}).`);
  return data.items;
}

/** The run's open human tasks; empty when the tasks endpoint answers an error. */
export async function runTasks(runId: string): Promise<HumanTask[]> {
  const { data } = await api.GET('/api/v1/flex/tasks', { params: { query: {} } });
  return ((data ?? []) as HumanTask[]).filter((t) => t.runId === runId && t.status === 'pending');
}
