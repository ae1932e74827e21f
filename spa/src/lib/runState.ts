// Frames -> run state, as a pure reducer so it can be tested frame by frame (the Pinia store only wraps it).
import type {
  CompletePayload, FlexEvent, FlexPlan, HitlRequest, HitlResolvedPayload, NodeErrorPayload, NodeRetryPayload,
  PendingWork, PlanRejectedPayload, RunStatus, ValidationErrorPayload,
} from '../contracts';

export type NodeUiStatus =
  | 'pending' | 'running' | 'retrying' | 'completed' | 'error' | 'waiting' | 'skipped' | 'cancelled';

export interface NodeView {
  id: string;
  label: string;
  capabilityId: string;
  executor: 'ai' | 'human';
  status: NodeUiStatus;
  attempt: number;
  maxAttempts?: number;
  error?: string;
  after: string[];
}

export interface ValidationErrorView extends ValidationErrorPayload {
  seq: number;
  nodeId?: string | null;
}

export interface RunState {
  status: 'idle' | 'starting' | RunStatus;
  runId?: string;
  traceId?: string;
  correlationId?: string;
  planVersion?: number;
  plan?: FlexPlan;
  nodes: NodeView[];
  validationErrors: ValidationErrorView[];
  retries: { seq: number; nodeId?: string | null; attempt: number; maxAttempts: number; reason: string }[];
  diagnostics: string[];
  hitlRequests: HitlRequest[];
  pending: PendingWork[];
  output?: unknown;
  error?: { code: string; message: string };
  lastSeq: number;
  timeline: { seq: number; type: string; timestamp: string; nodeId?: string | null; message?: string | null }[];
  /** Timestamps of the first frame seen and of the `complete` frame: the run's elapsed time. */
  startedAt?: string;
  endedAt?: string;
}

// Every key is present (even when undefined): the Pinia store exposes only the keys its initial state has.
export const initialRunState = (): RunState => ({
  status: 'idle', runId: undefined, traceId: undefined, correlationId: undefined, planVersion: undefined,
  plan: undefined, output: undefined, error: undefined, nodes: [], validationErrors: [], retries: [], diagnostics: [], hitlRequests: [], pending: [],
  lastSeq: 0, timeline: [], startedAt: undefined, endedAt: undefined,
});

const fromNodeStatus = (status: string): NodeUiStatus =>
  status === 'awaiting_hitl' || status === 'awaiting_human' ? 'waiting' : (status as NodeUiStatus);

export function applyFrame(state: RunState, event: FlexEvent): RunState {
  if (event.type === 'heartbeat' || event.seq <= state.lastSeq) return state;
  state.lastSeq = event.seq;
  state.runId ??= event.runId;
  state.traceId = event.traceId || state.traceId;
  state.correlationId = event.correlationId || state.correlationId;
  if (event.planVersion != null) state.planVersion = event.planVersion;
  state.timeline.push({ seq: event.seq, type: event.type, timestamp: event.timestamp, nodeId: event.nodeId, message: event.message });
  state.startedAt ??= event.timestamp;
  state.endedAt = event.type === 'complete' ? event.timestamp : undefined;
  if (state.timeline.length > 300) state.timeline.shift();
  const payload = (event.payload ?? {}) as Record<string, unknown>;
  const node = event.nodeId ? state.nodes.find((n) => n.id === event.nodeId) : undefined;

  switch (event.type) {
    case 'start':
      state.status = 'running';
      break;
    case 'plan_generated':
    case 'plan_updated':
      setPlan(state, payload.plan as FlexPlan);
      break;
    case 'plan_rejected':
      for (const d of (payload as unknown as PlanRejectedPayload).diagnostics ?? []) state.diagnostics.push(`${d.code}: ${d.message}`);
      break;
    case 'node_start':
      if (node) { node.status = 'running'; node.attempt = Math.max(node.attempt, 1); node.error = undefined; }
      break;
    case 'node_retry': {
      const retry = payload as unknown as NodeRetryPayload;
      state.retries.push({ seq: event.seq, nodeId: event.nodeId, attempt: retry.attempt, maxAttempts: retry.maxAttempts, reason: retry.reason });
      if (node) { node.status = 'retrying'; node.attempt = retry.attempt; node.maxAttempts = retry.maxAttempts; }
      break;
    }
    case 'validation_error':
      state.validationErrors.push({ ...(payload as unknown as ValidationErrorPayload), seq: event.seq, nodeId: event.nodeId });
      break;
    case 'node_error': {
      const failure = payload as unknown as NodeErrorPayload;
      if (node) {
        node.status = failure.retryable ? 'retrying' : 'error';
        node.error = failure.error?.message;
        if (failure.attempt) node.attempt = failure.attempt;
      }
      break;
    }
    case 'node_complete':
      if (node) { node.status = 'completed'; node.attempt = Number(payload.attempts ?? node.attempt) || 1; node.error = undefined; }
      break;
    case 'hitl_request': {
      const request = payload as unknown as HitlRequest;
      state.hitlRequests = [...state.hitlRequests.filter((r) => r.requestId !== request.requestId), request];
      if (node) node.status = 'waiting';
      state.status = 'awaiting_hitl';
      break;
    }
    case 'hitl_resolved': {
      const resolved = payload as unknown as HitlResolvedPayload;
      state.hitlRequests = state.hitlRequests.filter((r) => r.requestId !== resolved.requestId);
      state.pending = state.pending.filter((p) => p.requestId !== resolved.requestId);
      if (node?.status === 'waiting') node.status = 'running';
      state.status = 'running';
      break;
    }
    case 'complete':
      applyComplete(state, payload as unknown as CompletePayload);
      break;
  }
  return state;
}

function setPlan(state: RunState, plan: FlexPlan) {
  state.plan = plan;
  state.planVersion = plan.version;
  const previous = new Map(state.nodes.map((n) => [n.id, n]));
  state.nodes = orderTopologically(plan).map((n) => {
    const before = previous.get(n.id); // node ids are stable across replans
    return {
      id: n.id,
      label: n.label,
      capabilityId: n.capabilityId,
      executor: n.executor.type,
      status: n.status === 'pending' && before ? before.status : fromNodeStatus(n.status),
      attempt: before?.attempt ?? 0,
      maxAttempts: before?.maxAttempts,
      error: before?.error,
      after: plan.edges.filter((e) => e.to === n.id).map((e) => e.from),
    };
  });
}

function applyComplete(state: RunState, complete: CompletePayload) {
  state.status = complete.status;
  state.output = complete.output ?? undefined;
  state.error = complete.error ?? undefined;
  state.pending = complete.pending ?? [];
  for (const work of state.pending) {
    const node = state.nodes.find((n) => n.id === work.nodeId);
    if (node) node.status = 'waiting';
    // A stream that (re)started after the hitl_request frame still learns the question from the pending list.
    if (work.kind === 'hitl' && work.requestId && !state.hitlRequests.some((r) => r.requestId === work.requestId)) {
      state.hitlRequests.push({
        requestId: work.requestId, runId: state.runId ?? '', nodeId: work.nodeId, question: work.question ?? 'Approve?',
        kind: 'approval', allowFreeForm: true, urgency: 'normal', status: 'pending', createdAt: new Date().toISOString(),
      });
    }
  }
  if (complete.status === 'cancelled') {
    for (const node of state.nodes) if (node.status === 'running' || node.status === 'retrying') node.status = 'cancelled';
  }
}

function orderTopologically(plan: FlexPlan) {
  const indegree = new Map(plan.nodes.map((n) => [n.id, 0]));
  for (const e of plan.edges) indegree.set(e.to, (indegree.get(e.to) ?? 0) + 1);
  const ready = plan.nodes.filter((n) => indegree.get(n.id) === 0);
  const ordered: typeof plan.nodes = [];
  while (ready.length) {
    const n = ready.shift()!;
    ordered.push(n);
    for (const e of plan.edges.filter((x) => x.from === n.id)) {
      indegree.set(e.to, indegree.get(e.to)! - 1);
      if (indegree.get(e.to) === 0) ready.push(plan.nodes.find((x) => x.id === e.to)!);
    }
  }
  return ordered.length === plan.nodes.length ? ordered : plan.nodes;
}
