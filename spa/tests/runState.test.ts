import { describe, expect, it } from 'vitest';
import type { FlexEvent } from '../src/contracts';
import { applyFrame, initialRunState } from '../src/lib/runState';
import { frame, recordedEvents, samplePlan } from './helpers';

const reduce = (events: FlexEvent[]) => events.reduce(applyFrame, initialRunState());

describe('applyFrame (frames -> run state)', () => {
  it('turns the recorded social post run into a completed plan with every node completed and the output', () => {
    const state = reduce(recordedEvents());
    expect(state.status).toBe('completed');
    expect(state.nodes.map((n) => n.id)).toEqual([
      'legacy.Strategy', 'copywriter.SocialpostDrafting', 'designer.VisualDesign', 'director.SocialPostingReview',
    ]);
    expect(state.nodes.every((n) => n.status === 'completed')).toBe(true);
    expect(state.nodes[3].after).toEqual(['copywriter.SocialpostDrafting', 'designer.VisualDesign']);
    expect((state.output as { post: { copy: unknown } }).post.copy).toBeTruthy();
    expect(state.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(state.lastSeq).toBe(12);
  });

  it('shows a node running while it runs, and each prefix of the stream as it arrived', () => {
    const events = recordedEvents();
    const state = reduce(events.slice(0, 4));
    expect(state.status).toBe('running');
    expect(state.nodes.find((n) => n.id === 'legacy.Strategy')!.status).toBe('running');
    expect(state.nodes.filter((n) => n.status === 'pending')).toHaveLength(3);
  });

  it('ignores replayed frames and heartbeats (seq not newer than the last one)', () => {
    const events = recordedEvents();
    const once = reduce(events);
    const twice = reduce([...events.slice(0, 6), ...events.slice(2), { ...events[5], type: 'heartbeat', payload: {} }]);
    expect(twice.timeline).toEqual(once.timeline);
    expect(twice.nodes).toEqual(once.nodes);
  });

  it('marks validation errors and retries on the node and lists them', () => {
    const state = reduce([
      frame('start', { seq: 1 }),
      frame('plan_generated', { seq: 2, payload: { plan: samplePlan([{ id: 'copy' }]) } }),
      frame('node_start', { seq: 3, nodeId: 'copy' }),
      frame('validation_error', { seq: 4, nodeId: 'copy', payload: { scope: 'capability_output', attempt: 1, errors: [{ instancePath: '/post_copy/body', keyword: 'minLength', message: 'too short' }] } }),
      frame('node_retry', { seq: 5, nodeId: 'copy', payload: { attempt: 2, maxAttempts: 3, reason: 'validation_failed' } }),
    ]);
    expect(state.nodes[0]).toMatchObject({ status: 'retrying', attempt: 2, maxAttempts: 3 });
    expect(state.validationErrors[0].errors[0].instancePath).toBe('/post_copy/body');
    expect(state.retries).toEqual([{ seq: 5, nodeId: 'copy', attempt: 2, maxAttempts: 3, reason: 'validation_failed' }]);
  });

  it('records a failed node and a failed run with its error', () => {
    const state = reduce([
      frame('plan_generated', { seq: 1, payload: { plan: samplePlan([{ id: 'copy' }]) } }),
      frame('node_error', { seq: 2, nodeId: 'copy', payload: { error: { code: 'validation_failed', message: 'gave up' }, attempt: 3, retryable: false } }),
      frame('complete', { seq: 3, payload: { status: 'failed', error: { code: 'validation_failed', message: 'gave up' } } }),
    ]);
    expect(state.nodes[0]).toMatchObject({ status: 'error', error: 'gave up', attempt: 3 });
    expect(state).toMatchObject({ status: 'failed', error: { code: 'validation_failed' } });
  });

  it('keeps node statuses across a replan (node ids are stable) and adds the new nodes as pending', () => {
    const state = reduce([
      frame('plan_generated', { seq: 1, payload: { plan: samplePlan([{ id: 'a' }, { id: 'b' }], [['a', 'b']]) } }),
      frame('node_complete', { seq: 2, nodeId: 'a', payload: { attempts: 1 } }),
      frame('plan_updated', { seq: 3, planVersion: 2, payload: { plan: { ...samplePlan([{ id: 'a' }, { id: 'c' }], [['a', 'c']]), version: 2 } } }),
    ]);
    expect(state.nodes.map((n) => [n.id, n.status])).toEqual([['a', 'completed'], ['c', 'pending']]);
    expect(state.planVersion).toBe(2);
  });

  it('waits on a hitl_request, then runs on when it is resolved', () => {
    const request = { requestId: 'req-1', runId: 'run-1', nodeId: 'review', question: 'Publish this post?', kind: 'approval', allowFreeForm: true, urgency: 'normal', status: 'pending', createdAt: '2026-11-25T16:00:00Z' };
    const paused = reduce([
      frame('plan_generated', { seq: 1, payload: { plan: samplePlan([{ id: 'review' }]) } }),
      frame('hitl_request', { seq: 2, nodeId: 'review', payload: request }),
      frame('complete', { seq: 3, payload: { status: 'awaiting_hitl', pending: [{ kind: 'hitl', nodeId: 'review', requestId: 'req-1', question: 'Publish this post?' }] } }),
    ]);
    expect(paused.status).toBe('awaiting_hitl');
    expect(paused.nodes[0].status).toBe('waiting');
    expect(paused.hitlRequests).toEqual([request]);

    const resumed = [
      frame('hitl_resolved', { seq: 4, nodeId: 'review', payload: { requestId: 'req-1', approved: true } }),
      frame('node_complete', { seq: 5, nodeId: 'review', payload: { attempts: 1 } }),
      frame('complete', { seq: 6, payload: { status: 'completed', output: { ok: true } } }),
    ].reduce(applyFrame, paused);
    expect(resumed.hitlRequests).toEqual([]);
    expect(resumed.nodes[0].status).toBe('completed');
    expect(resumed.status).toBe('completed');
  });

  it('learns a pending HITL question from the complete frame when it never saw the hitl_request frame', () => {
    const state = reduce([
      frame('complete', { seq: 9, payload: { status: 'awaiting_hitl', pending: [{ kind: 'hitl', requestId: 'req-2', question: 'OK?' }] } }),
    ]);
    expect(state.hitlRequests).toMatchObject([{ requestId: 'req-2', question: 'OK?', kind: 'approval' }]);
  });

  it('shows a human task node as waiting when the run pauses for a person', () => {
    const state = reduce([
      frame('plan_generated', { seq: 1, payload: { plan: samplePlan([{ id: 'brief', executor: 'human' }]) } }),
      frame('complete', { seq: 2, payload: { status: 'awaiting_human', pending: [{ kind: 'task', nodeId: 'brief', taskId: 't-1' }] } }),
    ]);
    expect(state.status).toBe('awaiting_human');
    expect(state.nodes[0]).toMatchObject({ status: 'waiting', executor: 'human' });
    expect(state.pending).toEqual([{ kind: 'task', nodeId: 'brief', taskId: 't-1' }]);
  });

  it('marks running nodes cancelled when the run is cancelled', () => {
    const state = reduce([
      frame('plan_generated', { seq: 1, payload: { plan: samplePlan([{ id: 'a' }, { id: 'b' }]) } }),
      frame('node_start', { seq: 2, nodeId: 'a' }),
      frame('complete', { seq: 3, payload: { status: 'cancelled' } }),
    ]);
    expect(state.nodes.map((n) => n.status)).toEqual(['cancelled', 'pending']);
  });
});
