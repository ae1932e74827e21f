import { describe, expect, it } from 'vitest';
import { SseParser } from '../src/lib/sseParser';
import { recordedSocialPost } from './helpers';

describe('SseParser', () => {
  it('parses the recorded stream into its frames with event, id and JSON data', () => {
    const frames = new SseParser().push(recordedSocialPost());
    expect(frames).toHaveLength(12);
    expect(frames[0].event).toBe('start');
    expect(frames.filter((f) => f.event === 'node_complete')).toHaveLength(4);
    expect(frames[11].event).toBe('complete');
    expect(frames.map((f) => Number(f.id))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(JSON.parse(frames[11].data).payload.status).toBe('completed');
  });

  it('gives the same frames whatever the chunk boundaries, down to one character at a time', () => {
    const text = recordedSocialPost();
    const whole = new SseParser().push(text);
    for (const size of [1, 2, 3, 7, 64, 1000]) {
      const parser = new SseParser();
      const frames = [];
      for (let i = 0; i < text.length; i += size) frames.push(...parser.push(text.slice(i, i + size)));
      expect(frames, `chunk size ${size}`).toEqual(whole);
    }
  });

  it('treats a CRLF split across two chunks as one line break', () => {
    const parser = new SseParser();
    const frames = [...parser.push('event: log\r'), ...parser.push('\nid: 3\r\ndata: x\r'), ...parser.push('\n\r\n')];
    expect(frames).toEqual([{ event: 'log', id: '3', data: 'x' }]);
  });

  it('joins multi-line data with newlines and strips one leading space', () => {
    const frames = new SseParser().push('event: log\ndata: {"a":\ndata:  1}\ndata\n\n');
    expect(frames).toEqual([{ event: 'log', data: '{"a":\n 1}\n' }]);
  });

  it('skips comments (the prologue) and passes heartbeats through without an id', () => {
    const parser = new SseParser();
    const frames = parser.push(':\n\n: keep-alive\n\nevent: heartbeat\ndata: {"type":"heartbeat"}\n\n');
    expect(parser.comments).toBe(2);
    expect(frames).toEqual([{ event: 'heartbeat', data: '{"type":"heartbeat"}' }]);
  });

  it('remembers the last event id across frames and ignores unknown fields', () => {
    const parser = new SseParser();
    parser.push('id: 7\nretry: 1000\nfoo: bar\ndata: a\n\ndata: b\n\n');
    expect(parser.lastEventId).toBe('7');
  });

  it('drops an unterminated frame when the stream ends', () => {
    const parser = new SseParser();
    expect(parser.push('event: start\ndata: {}\n')).toEqual([]);
    parser.end();
    expect(parser.push('\n')).toEqual([]);
  });
});
