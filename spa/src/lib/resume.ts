// Bodies of POST /api/v1/flex/run.resume (FlexAspire.Contracts/Hitl/RunResumeRequest.cs).
import type { HitlRequest, RunResumeRequest } from '../contracts';

export type HitlDecision =
  | { kind: 'approve'; note?: string }
  | { kind: 'reject'; note?: string }
  | { kind: 'answer'; text: string };

export function hitlResume(runId: string, request: HitlRequest, decision: HitlDecision): RunResumeRequest {
  const note = decision.kind === 'answer' ? undefined : decision.note?.trim() || undefined;
  if (decision.kind === 'answer') {
    if (!decision.text.trim()) throw new Error('An answer is required.');
    return { runId, hitl: { requestId: request.requestId, response: decision.text.trim() } };
  }
  return {
    runId,
    ...(note ? { note } : {}),
    hitl: { requestId: request.requestId, approved: decision.kind === 'approve' },
  };
}

export function taskResume(runId: string, nodeId: string, output: unknown): RunResumeRequest {
  return { runId, payload: { nodeId, output } };
}

export function taskDecline(runId: string, nodeId: string, reason: string): RunResumeRequest {
  return { runId, payload: { nodeId, decline: { reason } } };
}
