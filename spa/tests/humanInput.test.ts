import { describe, expect, it } from 'vitest';
import { taskSchema } from '../src/lib/humanTasks';
import { hitlResume, taskDecline, taskResume } from '../src/lib/resume';
import { buildValue, fieldKey, fieldsFor, initialValues } from '../src/lib/schemaForm';
import { validateValue } from '../src/lib/schemas';
import type { HitlRequest, HumanTask } from '../src/contracts';
import { samplePlan } from './helpers';

const request: HitlRequest = {
  requestId: 'req-1', runId: 'run-1', nodeId: 'review', question: 'Publish?', kind: 'approval', allowFreeForm: true,
  urgency: 'normal', status: 'pending', createdAt: '2026-11-25T16:00:00Z',
};

const briefSchema = {
  type: 'object',
  required: ['headline', 'tone', 'points'],
  properties: {
    headline: { type: 'string', minLength: 3 },
    tone: { enum: ['warm', 'formal'] },
    points: { type: 'array', items: { type: 'string' }, minItems: 1 },
    priority: { type: 'integer' },
    urgent: { type: 'boolean' },
    audience: { type: 'object', required: ['segment'], properties: { segment: { type: 'string' } } },
    extra: { type: 'array', items: { type: 'object' } },
  },
};

describe('HITL answers (run.resume bodies)', () => {
  it('approve and reject send approved with the request id, and an optional note', () => {
    expect(hitlResume('run-1', request, { kind: 'approve' })).toEqual({ runId: 'run-1', hitl: { requestId: 'req-1', approved: true } });
    expect(hitlResume('run-1', request, { kind: 'reject', note: ' too long ' }))
      .toEqual({ runId: 'run-1', note: 'too long', hitl: { requestId: 'req-1', approved: false } });
  });

  it('a clarify answer sends the text as the response and refuses an empty one', () => {
    const clarify = { ...request, kind: 'clarify' as const };
    expect(hitlResume('run-1', clarify, { kind: 'answer', text: ' Focus on retailers ' }))
      .toEqual({ runId: 'run-1', hitl: { requestId: 'req-1', response: 'Focus on retailers' } });
    expect(() => hitlResume('run-1', clarify, { kind: 'answer', text: '  ' })).toThrow('required');
  });

  it('a human task is completed or declined through payload.nodeId', () => {
    expect(taskResume('run-1', 'brief', { a: 1 })).toEqual({ runId: 'run-1', payload: { nodeId: 'brief', output: { a: 1 } } });
    expect(taskDecline('run-1', 'brief', 'busy')).toEqual({ runId: 'run-1', payload: { nodeId: 'brief', decline: { reason: 'busy' } } });
  });
});

describe('human task forms generated from JSON Schema', () => {
  it('makes one field per leaf property with a kind that fits its type', () => {
    const fields = fieldsFor(briefSchema);
    expect(fields.map((f) => [fieldKey(f), f.kind, f.required])).toEqual([
      ['headline', 'text', true], ['tone', 'enum', true], ['points', 'list', true], ['priority', 'integer', false],
      ['urgent', 'boolean', false], ['audience.segment', 'text', false], ['extra', 'json', false],
    ]);
    expect(fields[1].options).toEqual(['warm', 'formal']);
  });

  it('builds a value that satisfies the schema from filled fields, leaving empty optional fields out', () => {
    const fields = fieldsFor(briefSchema);
    const values = { ...initialValues(fields), headline: 'Cut waste', tone: 'warm', points: 'one\n\ntwo ', priority: '2', 'audience.segment': 'ops' };
    const { value, problems } = buildValue(fields, values);
    expect(problems).toEqual([]);
    expect(value).toEqual({ headline: 'Cut waste', tone: 'warm', points: ['one', 'two'], priority: 2, urgent: false, audience: { segment: 'ops' } });
    expect(validateValue(briefSchema, value)).toEqual([]);
  });

  it('reports what is missing or malformed before anything is sent', () => {
    const fields = fieldsFor(briefSchema);
    const { value, problems } = buildValue(fields, { ...initialValues(fields), headline: 'ab', extra: '[oops' });
    expect(problems).toEqual(['extra: not valid JSON']);
    const errors = validateValue(briefSchema, value);
    expect(errors).toContain('/headline: must NOT have fewer than 3 characters');
    expect(errors.some((e) => e.includes("must have required property 'tone'"))).toBe(true);
  });

  it("uses the task's outputSchema, else the node's json_schema contract, else a free JSON value", () => {
    const plan = samplePlan([{ id: 'brief', executor: 'human', schema: { type: 'string' } }]) as never;
    const work = { kind: 'task' as const, nodeId: 'brief' };
    const task = { outputSchema: briefSchema } as unknown as HumanTask;
    expect(taskSchema(work, task, plan)).toBe(briefSchema);
    expect(taskSchema(work, undefined, plan)).toEqual({ type: 'string' });
    expect(taskSchema(work, undefined, undefined)).toEqual({});
    expect(fieldsFor({}).map((f) => f.kind)).toEqual(['json']);
  });
});
