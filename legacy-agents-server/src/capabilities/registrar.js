import { setTimeout as sleep } from 'node:timers/promises';
import { agents } from '../agents/catalog.js';
import { errorFields, log } from '../log.js';

/** The registration body of each legacy agent as a flex remote capability (CapabilityRegistration in docs/design.md). */
export function capabilityRegistrations({ selfUrl, heartbeatSeconds }) {
  return agents.map((agent) => ({
    capabilityId: agent.capabilityId,
    version: '1.0.0',
    displayName: `Legacy ${agent.name}`,
    summary: agent.description,
    kind: agent.kind,
    agentType: 'ai',
    inputContract: { mode: 'facets', facets: agent.inputs },
    outputContract: { mode: 'facets', facets: agent.outputs },
    cost: { tier: 'standard', estimatedTokens: agent.estimatedTokens },
    heartbeat: { intervalSeconds: heartbeatSeconds },
    invocation: { url: `${selfUrl}/api/v1/agent/invoke/${agent.capabilityId}` },
    metadata: { source: 'legacy-agents-server', agentId: agent.id },
  }));
}

/**
 * Registers the legacy capabilities in the flex registry in the background: retried with bounded exponential backoff
 * until the registry accepts them, then re-sent every heartbeat interval (re-registering is the heartbeat). Never
 * blocks serving; without a registry URL it only logs.
 */
export class CapabilityRegistrar {
  #stop = new AbortController();
  #loop = null;

  constructor({ registry, selfUrl, fetchImpl = globalThis.fetch }) {
    this.registry = registry;
    this.selfUrl = selfUrl;
    this.fetch = fetchImpl;
  }

  start() {
    if (!this.registry.url) {
      log.info('no registry configured (REGISTRY_URL / services__registry__http__0); capability registration skipped');
      return;
    }
    if (!this.registry.token) log.warn('REGISTRY_TOKEN is not set; the registry will likely refuse the registration');
    this.#loop = this.#run().catch((err) => {
      if (!this.#stop.signal.aborted) log.error('capability registration loop stopped', errorFields(err));
    });
  }

  async stop() {
    this.#stop.abort();
    await this.#loop;
  }

  async #run() {
    const { initialBackoffMs, maxBackoffMs, heartbeatSeconds } = this.registry;
    let backoff = initialBackoffMs;
    let failing = true;
    while (!this.#stop.signal.aborted) {
      let wait;
      try {
        await this.registerAll();
        if (failing) log.info('capabilities registered', { registry: this.registry.url, capabilities: agents.map((a) => a.capabilityId) });
        failing = false;
        backoff = initialBackoffMs;
        wait = heartbeatSeconds * 1000;
      } catch (err) {
        if (this.#stop.signal.aborted) return;
        failing = true;
        wait = Math.round(backoff * (0.8 + Math.random() * 0.4));
        log.warn('capability registration failed; retrying', { registry: this.registry.url, retryInMs: wait, ...errorFields(err) });
        backoff = Math.min(backoff * 2, maxBackoffMs);
      }
      await sleep(wait, undefined, { signal: this.#stop.signal, ref: false }).catch(() => {});
    }
  }

  async registerAll() {
    const url = `${this.registry.url}/api/v1/flex/capabilities/register`;
    const headers = { 'content-type': 'application/json' };
    if (this.registry.token) headers.authorization = `Bearer ${this.registry.token}`;
    for (const body of capabilityRegistrations({ selfUrl: this.selfUrl, heartbeatSeconds: this.registry.heartbeatSeconds })) {
      const res = await this.fetch(url, {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
        signal: AbortSignal.any([this.#stop.signal, AbortSignal.timeout(10_000)]),
      });
      if (!res.ok) {
        const detail = (await res.text().catch(() => '')).slice(0, 500);
        throw new Error(`registry answered ${res.status} for ${body.capabilityId}: ${detail}`);
      }
      await res.arrayBuffer().catch(() => {});
    }
  }
}
