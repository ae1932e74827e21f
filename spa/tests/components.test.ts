// @vitest-environment jsdom
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import HitlPrompt from '../src/components/HitlPrompt.vue';
import HumanTaskForm from '../src/components/HumanTaskForm.vue';
import { useRunStore } from '../src/stores/run';
import { buildEnvelope, sampleForm } from '../src/lib/postForm';
import { frame, jsonResponse, samplePlan, sse, streamResponse } from './helpers';

const hitlRequest = {
  requestId: 'req-1', runId: 'run-1', nodeId: 'review', question: 'Publish this post?', kind: 'approval',
  allowFreeForm: true, urgency: 'normal', status: 'pending', createdAt: '2026-11-25T16:00:00Z',
};
// Frames as the HITL run engine sends them (FlexAspire.Contracts/Hitl): a run that pauses for approval...
const untilApproval = [
  frame('start', { seq: 1 }),
  frame('plan_generated', { seq: 2, payload: { plan: samplePlan([{ id: 'copy' }, { id: 'review' }], [['copy', 'review']]) } }),
  frame('node_start', { seq: 3, nodeId: 'copy' }),
  frame('node_complete', { seq: 4, nodeId: 'copy', payload: { attempts: 1 } }),
  frame('hitl_request', { seq: 5, nodeId: 'review', payload: hitlRequest }),
  frame('complete', { seq: 6, payload: { status: 'awaiting_hitl', pending: [{ kind: 'hitl', nodeId: 'review', requestId: 'req-1', question: 'Publish this post?' }] } }),
];
// ...and the stream run.resume continues with.
const afterApproval = [
  frame('hitl_resolved', { seq: 7, nodeId: 'review', payload: { requestId: 'req-1', approved: true } }),
  frame('node_complete', { seq: 8, nodeId: 'review', payload: { attempts: 1 } }),
  frame('complete', { seq: 9, payload: { status: 'completed', output: { post: { copy: 'Hi', visuals: [] } } } }),
];

let fetchMock: ReturnType<typeof vi.fn>;
// openapi-fetch calls fetch with a Request; its URL is absolute (the page's origin) and its body still unread.
const calls = () => Promise.all(fetchMock.mock.calls.map(async ([input]) => {
  const request = input as Request;
  const url = new URL(request.url);
  const text = await request.clone().text();
  return { url: url.pathname + url.search, body: text ? JSON.parse(text) : undefined };
}));

beforeEach(() => {
  setActivePinia(createPinia());
  fetchMock = vi.fn();
  vi.stubGlobal('fetch', fetchMock);
});
afterEach(() => vi.unstubAllGlobals());

describe('HITL prompt', () => {
  it('approving posts run.resume with the request id and follows the continued stream to completed', async () => {
    fetchMock.mockResolvedValueOnce(streamResponse([sse(untilApproval)]));
    const run = useRunStore();
    await run.start(buildEnvelope(sampleForm()));
    expect(run.status).toBe('awaiting_hitl');
    expect(run.nodes.map((n) => n.status)).toEqual(['completed', 'waiting']);

    fetchMock.mockResolvedValueOnce(streamResponse([sse(afterApproval)]));
    const prompt = mount(HitlPrompt, { props: { request: run.hitlRequests[0], runId: 'run-1' } });
    expect(prompt.text()).toContain('Publish this post?');
    await prompt.get('[data-testid=hitl-approve]').trigger('click');
    await flushPromises();

    expect((await calls())[1]).toEqual({ url: '/api/v1/flex/run.resume', body: { runId: 'run-1', hitl: { requestId: 'req-1', approved: true } } });
    expect(run.status).toBe('completed');
    expect(run.hitlRequests).toEqual([]);
    expect(run.nodes.map((n) => n.status)).toEqual(['completed', 'completed']);
  });

  it('rejecting sends approved:false with the note', async () => {
    fetchMock.mockResolvedValue(streamResponse([sse([frame('complete', { seq: 20, payload: { status: 'failed', error: { code: 'hitl_rejected', message: 'no' } } })])]));
    const prompt = mount(HitlPrompt, { props: { request: hitlRequest as never, runId: 'run-1' } });
    await prompt.get('[data-testid=hitl-text]').setValue('Too salesy');
    await prompt.get('[data-testid=hitl-reject]').trigger('click');
    await flushPromises();
    expect((await calls())[0].body).toEqual({ runId: 'run-1', note: 'Too salesy', hitl: { requestId: 'req-1', approved: false } });
  });

  it('a clarify request sends the typed answer as the response', async () => {
    fetchMock.mockResolvedValue(streamResponse([sse([frame('complete', { seq: 21, payload: { status: 'completed' } })])]));
    const prompt = mount(HitlPrompt, { props: { request: { ...hitlRequest, kind: 'clarify' } as never, runId: 'run-1' } });
    expect(prompt.find('[data-testid=hitl-approve]').exists()).toBe(false);
    await prompt.get('[data-testid=hitl-text]').setValue('B2B retailers');
    await prompt.get('[data-testid=hitl-answer]').trigger('click');
    await flushPromises();
    expect((await calls())[0].body).toEqual({ runId: 'run-1', hitl: { requestId: 'req-1', response: 'B2B retailers' } });
  });

  it('says so when the API has no run.resume yet (404) and keeps the prompt', async () => {
    fetchMock.mockResolvedValueOnce(streamResponse([sse(untilApproval)]));
    const run = useRunStore();
    await run.start(buildEnvelope(sampleForm()));
    fetchMock.mockResolvedValueOnce(new Response('', { status: 404 }));
    await run.resume({ runId: 'run-1', hitl: { requestId: 'req-1', approved: true } });
    expect(run.resumeUnavailable).toBe(true);
    expect(run.status).toBe('awaiting_hitl');
    expect(run.hitlRequests).toHaveLength(1);
  });
});

describe('human task form', () => {
  const schema = { type: 'object', required: ['headline'], properties: { headline: { type: 'string', minLength: 3 }, approved: { type: 'boolean' } } };

  async function pausedForTask() {
    fetchMock.mockResolvedValueOnce(streamResponse([sse([
      frame('plan_generated', { seq: 30, payload: { plan: samplePlan([{ id: 'brief', executor: 'human' }]) } }),
      frame('complete', { seq: 31, payload: { status: 'awaiting_human', pending: [{ kind: 'task', nodeId: 'brief', taskId: 't-1' }] } }),
    ])]));
    fetchMock.mockResolvedValueOnce(jsonResponse([{ taskId: 't-1', runId: 'run-1', nodeId: 'brief', capabilityId: 'human.Brief', role: 'editor', status: 'pending', inputs: {}, outputSchema: schema, createdAt: '2026-11-25T16:00:00Z' }]));
    const run = useRunStore();
    await run.start(buildEnvelope(sampleForm()));
    return run;
  }

  it("is generated from the task's schema, validated, and submitted as run.resume payload", async () => {
    const run = await pausedForTask();
    expect((await calls())[1].url).toBe('/api/v1/flex/tasks');
    const form = mount(HumanTaskForm, { props: { work: run.pending[0], runId: 'run-1' } });
    expect(form.findAll('label').map((l) => l.text())).toEqual(['headline*', 'approved']);

    await form.get('input:not([type])').setValue('ab');
    await form.get('form').trigger('submit');
    expect(form.text()).toContain('/headline: must NOT have fewer than 3 characters');
    expect(fetchMock).toHaveBeenCalledTimes(2);

    fetchMock.mockResolvedValueOnce(streamResponse([sse([frame('complete', { seq: 32, payload: { status: 'completed', output: {} } })])]));
    await form.get('input:not([type])').setValue('A real headline');
    await form.get('input[type=checkbox]').setValue(true);
    await form.get('form').trigger('submit');
    await flushPromises();
    expect((await calls())[2]).toEqual({ url: '/api/v1/flex/run.resume', body: { runId: 'run-1', payload: { nodeId: 'brief', output: { headline: 'A real headline', approved: true } } } });
    expect(run.status).toBe('completed');
  });
});

describe('the feature flag', () => {
  afterEach(() => { vi.unstubAllEnvs(); vi.resetModules(); });

  for (const [value, shown] of [['true', true], ['false', false], [undefined, false]] as const) {
    it(`VITE_FLEX_POPUP_ENABLED=${value} ${shown ? 'shows' : 'hides'} the Create Post (Flex) button`, async () => {
      vi.resetModules();
      if (value !== undefined) vi.stubEnv('VITE_FLEX_POPUP_ENABLED', value);
      else vi.stubEnv('VITE_FLEX_POPUP_ENABLED', undefined as unknown as string);
      const { default: App } = await import('../src/App.vue');
      const app = mount(App, { global: { plugins: [createPinia()] } });
      expect(app.find('[data-testid=create-post-flex]').exists()).toBe(shown);
    });
  }
});
