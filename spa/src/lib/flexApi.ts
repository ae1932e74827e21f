// The flex API as the SPA calls it: same-origin /api paths (the Vite dev proxy forwards them server-side).
import type { HumanTask, RunResumeRequest, TaskEnvelope } from '../contracts';
import { HttpError } from './flexStream';

const json = (body: unknown, signal?: AbortSignal): RequestInit => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream' },
  body: JSON.stringify(body),
  signal,
});

export const openRunStream = (envelope: TaskEnvelope, signal?: AbortSignal) =>
  fetch('/api/v1/flex/run.stream', json(envelope, signal));

export const openResumeStream = (body: RunResumeRequest, signal?: AbortSignal) =>
  fetch('/api/v1/flex/run.resume', json(body, signal));

export async function cancelRun(runId: string): Promise<void> {
  const response = await fetch(`/api/v1/flex/runs/${encodeURIComponent(runId)}/cancel`, { method: 'POST' });
  if (!response.ok && response.status !== 409) throw new HttpError(response.status, `Cancel failed (HTTP ${response.status}).`);
}

/** The run's open human tasks; empty when the tasks endpoint is not there (yet). */
export async function runTasks(runId: string): Promise<HumanTask[]> {
  const response = await fetch(`/api/v1/flex/tasks?runId=${encodeURIComponent(runId)}`);
  if (!response.ok) return [];
  const body = (await response.json()) as HumanTask[] | { items?: HumanTask[] };
  const tasks = Array.isArray(body) ? body : body.items ?? [];
  return tasks.filter((t) => t.runId === runId && t.status === 'pending');
}
