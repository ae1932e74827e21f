// An incremental parser for text/event-stream (the WHATWG rules that matter to the flex stream): frames may be split
// across chunks anywhere (even between \r and \n), `data:` lines are joined with \n, lines starting with `:` are
// comments, the `id` is remembered as the last event id, and a blank line dispatches the frame.
export interface SseFrame {
  event: string;
  data: string;
  id?: string;
}

export class SseParser {
  private buffer = '';
  private pendingCr = false;
  private event = '';
  private data: string[] = [];
  private id: string | undefined;
  private hasField = false;
  lastEventId: string | undefined;
  comments = 0;

  /** Feeds decoded text; returns the frames completed by it. */
  push(chunk: string): SseFrame[] {
    let text = chunk;
    // A \r at the end of the previous chunk and a \n at the start of this one are one line break.
    if (this.pendingCr && text.startsWith('\n')) text = text.slice(1);
    this.pendingCr = text.endsWith('\r');
    this.buffer += text;
    const frames: SseFrame[] = [];
    const lines = this.buffer.split(/\r\n|\r|\n/);
    this.buffer = lines.pop() ?? '';
    for (const line of lines) {
      const frame = this.line(line);
      if (frame) frames.push(frame);
    }
    return frames;
  }

  /** The stream ended: an unterminated frame is discarded, as the spec says. */
  end(): void {
    this.buffer = '';
    this.reset();
  }

  private line(line: string): SseFrame | undefined {
    if (line === '') {
      if (!this.hasField) return undefined;
      const frame: SseFrame = { event: this.event || 'message', data: this.data.join('\n') };
      if (this.id !== undefined) frame.id = this.id;
      this.reset();
      return frame;
    }
    if (line.startsWith(':')) {
      this.comments++;
      return undefined;
    }
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'event': this.event = value; break;
      case 'data': this.data.push(value); break;
      case 'id':
        if (!value.includes('\0')) { this.id = value; this.lastEventId = value; }
        break;
      default: return undefined; // `retry` and unknown fields: ignored
    }
    this.hasField = true;
    return undefined;
  }

  private reset(): void {
    this.event = '';
    this.data = [];
    this.id = undefined;
    this.hasField = false;
  }
}
