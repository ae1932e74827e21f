import { describe, expect, it, vi } from 'vitest';
import type { FlexEvent } from '../src/contracts';
import { consumeRunStream, HttpError } from '../src/lib/flexStream';
import { jsonResponse, recordedEvents, recordedSocialPost, sse, streamResponse } from './helpers';

const noDelay = () => 0;

describe('consumeRunStream', () => {
  it('reads a whole stream delivered in small chunks and returns its complete frame', async () => {
    const text = recordedSocialPost();
    const chunks = text.match(/[\s\S]{1,37}/g)!;
    const seen: FlexEvent[] = [];
    const result = await consumeRunStream(async () => streamResponse(chunks), { onEvent: (e) => seen.push(e) });
    expect(seen.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(result.complete.payload?.status).toBe('completed');
    expect(result.lastSeq).toBe(12);
  });

  it('reconnects with Last-Event-ID after a dropped connection and skips frames it already has', async () => {
    const events = recordedEvents();
    const fetch = vi.fn(async (_url: string, _init?: RequestInit) => streamResponse([sse(events.slice(3))]));
    const seen: number[] = [];
    const states: string[] = [];
    const result = await consumeRunStream(async () => streamResponse([sse(events.slice(0, 5))], { fail: true }), {
      fetch: fetch as unknown as typeof globalThis.fetch,
      onEvent: (e) => seen.push(e.seq),
      onConnection: (s) => states.push(s),
      reconnectDelayMs: noDelay,
    });
    expect(fetch).toHaveBeenCalledTimes(1);
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe(`/api/v1/flex/runs/${events[0].runId}/stream`);
    expect((init!.headers as Record<string, string>)['Last-Event-ID']).toBe('5');
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(states).toEqual(['streaming', 'reconnecting', 'streaming']);
    expect(result.complete.seq).toBe(12);
  });

  it('reconnects when the server closes the stream cleanly before the complete frame', async () => {
    const events = recordedEvents();
    const fetch = vi.fn(async () => streamResponse([sse(events.slice(8))]));
    const seen: number[] = [];
    await consumeRunStream(async () => streamResponse([sse(events.slice(0, 8))]), {
      fetch: fetch as unknown as typeof globalThis.fetch, onEvent: (e) => seen.push(e.seq), reconnectDelayMs: noDelay,
    });
    expect(seen).toHaveLength(12);
  });

  it('passes heartbeats on without moving the last seen seq', async () => {
    const events = recordedEvents();
    const heartbeat = { ...events[1], type: 'heartbeat', payload: { ts: '2026-11-25T16:00:00Z' } };
    const types: string[] = [];
    const result = await consumeRunStream(
      async () => streamResponse([sse([events[0], events[1], heartbeat, ...events.slice(2)])]),
      { onEvent: (e) => types.push(e.type) });
    expect(types.filter((t) => t === 'heartbeat')).toHaveLength(1);
    expect(result.lastSeq).toBe(12);
  });

  it('follows the run stream after a resume that answers JSON instead of a stream', async () => {
    const events = recordedEvents();
    const fetch = vi.fn(async () => streamResponse([sse(events.slice(6))]));
    const seen: number[] = [];
    await consumeRunStream(async () => jsonResponse({ ok: true }), {
      fetch: fetch as unknown as typeof globalThis.fetch, runId: events[0].runId, lastSeq: 6,
      onEvent: (e) => seen.push(e.seq), reconnectDelayMs: noDelay,
    });
    expect(seen).toEqual([7, 8, 9, 10, 11, 12]);
  });

  it('fails with the problem detail when the API refuses the request', async () => {
    const refused = consumeRunStream(async () => jsonResponse({ title: 'Bad request', detail: "Unknown field 'foo'." }, 400), {
      onEvent: () => {},
    });
    await expect(refused).rejects.toThrow("Unknown field 'foo'.");
    await expect(refused).rejects.toBeInstanceOf(HttpError);
  });

  it('gives up after the configured number of reconnects without progress', async () => {
    const events = recordedEvents();
    const fetch = vi.fn(async () => { throw new TypeError('connection refused'); });
    await expect(consumeRunStream(async () => streamResponse([sse(events.slice(0, 2))], { fail: true }), {
      fetch: fetch as unknown as typeof globalThis.fetch, onEvent: () => {}, reconnectDelayMs: noDelay, maxReconnects: 3,
    })).rejects.toThrow('after 3 reconnects');
    expect(fetch).toHaveBeenCalledTimes(3);
  });

  it('by default keeps reconnecting past many failed attempts until the run ends', async () => {
    const events = recordedEvents();
    let calls = 0;
    const fetch = vi.fn(async () => {
      calls++;
      if (calls < 20) throw new TypeError('connection refused');
      return streamResponse([sse(events.slice(2))]);
    });
    const result = await consumeRunStream(async () => streamResponse([sse(events.slice(0, 2))], { fail: true }), {
      fetch: fetch as unknown as typeof globalThis.fetch, onEvent: () => {}, reconnectDelayMs: noDelay,
    });
    expect(fetch).toHaveBeenCalledTimes(20);
    expect(result.complete.seq).toBe(12);
  });
});
