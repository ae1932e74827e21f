import { describe, expect, it } from 'vitest';
import type { FlexEvent } from '../src/contracts';
import { readFrames } from '../src/lib/flexStream';
import { recordedSocialPost, streamResponse } from './helpers';

// The framing itself is eventsource-parser's; these check that readFrames feeds it across any chunking.
async function framesOf(chunks: string[]): Promise<FlexEvent[]> {
  const frames: FlexEvent[] = [];
  await readFrames(streamResponse(chunks), (e) => frames.push(e));
  return frames;
}

describe('readFrames', () => {
  it('reads the recorded stream into its frames, skipping the prologue comment', async () => {
    const frames = await framesOf([recordedSocialPost()]);
    expect(frames).toHaveLength(12);
    expect(frames[0].type).toBe('start');
    expect(frames.map((f) => f.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect((frames[11].payload as { status: string }).status).toBe('completed');
  });

  it('gives the same frames whatever the chunk boundaries, down to one character at a time', async () => {
    const text = recordedSocialPost();
    const whole = await framesOf([text]);
    for (const size of [1, 3, 64, 1000]) {
      const chunks: string[] = [];
      for (let i = 0; i < text.length; i += size) chunks.push(text.slice(i, i + size));
      expect(await framesOf(chunks), `chunk size ${size}`).toEqual(whole);
    }
  });

  it('treats a CRLF split across two chunks as one line break and joins multi-line data', async () => {
    const frames = await framesOf(['event: log\r', '\nid: 3\r\ndata: {"type":"log",\r', '\ndata: "seq":3}\r', '\n\r\n']);
    expect(frames).toEqual([{ type: 'log', seq: 3 }]);
  });
});
