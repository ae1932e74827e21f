// One run at a time: starts it, follows its stream (reconnecting on drops), answers HITL requests and human tasks
// through run.resume (following the continued stream), cancels and reruns.
import { defineStore } from 'pinia';
import type { HumanTask, RunResumeRequest, TaskEnvelope } from '../contracts';
import { cancelRun, openResumeStream, openRunReplay, openRunStream, runTasks } from '../lib/flexApi';
import { consumeRunStream, HttpError } from '../lib/flexStream';
import { applyFrame, initialRunState, type RunState } from '../lib/runState';

interface StoreState extends RunState {
  envelope?: TaskEnvelope;
  connection: 'idle' | 'streaming' | 'reconnecting' | 'closed';
  tasks: HumanTask[];
  failure?: string;
  resumeUnavailable: boolean;
}

let controller: AbortController | undefined;

export const useRunStore = defineStore('run', {
  state: (): StoreState => ({
    ...initialRunState(), envelope: undefined, connection: 'idle', tasks: [], failure: undefined, resumeUnavailable: false,
  }),
  getters: {
    active: (s) => s.status === 'starting' || s.status === 'running' || s.status === 'pending',
    finished: (s) => s.status === 'completed' || s.status === 'failed' || s.status === 'cancelled',
  },
  actions: {
    async start(envelope: TaskEnvelope) {
      controller?.abort();
      this.$reset();
      this.envelope = envelope;
      this.status = 'starting';
      await this.follow((signal) => openRunStream(envelope, signal));
    },
    /** Follows an existing run (history, a reloaded page): its frames are replayed from the first, then the live tail. */
    async attach(runId: string) {
      if (this.runId === runId && this.connection !== 'closed' && this.connection !== 'idle') return;
      controller?.abort();
      this.$reset();
      this.runId = runId;
      this.status = 'starting';
      await this.follow((signal) => openRunReplay(runId, signal));
    },
    async rerun() {
      if (this.envelope) await this.start(this.envelope);
    },
    async resume(body: RunResumeRequest) {
      this.failure = undefined;
      this.status = 'running';
      await this.follow((signal) => openResumeStream(body, signal), true);
    },
    async cancel() {
      if (!this.runId) return;
      try {
        await cancelRun(this.runId);
      } catch (e) {
        this.failure = (e as Error).message;
      }
    },
    async follow(open: (signal: AbortSignal) => Promise<Response>, resuming = false) {
      controller?.abort();
      const abort = (controller = new AbortController());
      this.connection = 'streaming';
      try {
        const result = await consumeRunStream(() => open(abort.signal), {
          signal: abort.signal,
          runId: this.runId,
          lastSeq: this.lastSeq,
          onEvent: (event) => applyFrame(this.$state, event),
          onConnection: (state) => { this.connection = state; },
        });
        if (result.complete && this.status === 'awaiting_human') this.tasks = await runTasks(result.runId);
      } catch (e) {
        if (abort.signal.aborted) return;
        if (resuming && e instanceof HttpError && e.status === 404) {
          this.resumeUnavailable = true;
          this.status = this.hitlRequests.length ? 'awaiting_hitl' : 'awaiting_human';
        }
        this.failure = (e as Error).message;
        if (this.status === 'starting') this.status = 'failed';
      } finally {
        if (controller === abort) this.connection = 'closed';
      }
    },
  },
});
