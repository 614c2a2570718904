// Splits the client's octet stream into the units SMTP gives meaning to, by mode:
// command lines, DATA lines (RFC 5321 §4.5.2 dot-unstuffing, end at "."), and BDAT
// chunks of a counted size (RFC 3030). No I/O: `push()` buffers, `next*()` take.

export interface FramedLine {
  /** The line without its ending. */
  readonly text: string;
  /** Ended by a LF without the CR before it. */
  readonly bareLf: boolean;
  /** Longer than line_length_limit: the rest of the line was skipped (commands only). */
  readonly truncated: boolean;
}

export class LineFramer {
  private buffer = '';
  private offset = 0;

  push(octets: string): void {
    if (this.offset > 0) {
      this.buffer = this.buffer.slice(this.offset);
      this.offset = 0;
    }
    this.buffer += octets;
  }

  /** Octets received but not yet taken. */
  get pending(): number {
    return this.buffer.length - this.offset;
  }

  /** Next complete line, or null. With `limit`, a longer line keeps its first `limit` octets
   * and the rest up to the line end is skipped (Postfix smtp_get with SMTP_GET_FLAG_SKIP). */
  nextLine(limit = Infinity): FramedLine | null {
    const lf = this.buffer.indexOf('\n', this.offset);
    if (lf === -1) return null;
    const crlf = lf > this.offset && this.buffer.charCodeAt(lf - 1) === 13;
    // smtp_get() drops every CR before the LF ("NOOP\r\r\n" is NOOP).
    let end = lf;
    while (end > this.offset && this.buffer.charCodeAt(end - 1) === 13) end--;
    let text = this.buffer.slice(this.offset, end);
    this.offset = lf + 1;
    const truncated = text.length > limit;
    if (truncated) text = text.slice(0, limit);
    return { text, bareLf: !crlf, truncated };
  }

  /** Up to `count` octets of a BDAT chunk (fewer when not all have arrived yet). */
  nextOctets(count: number): string {
    const taken = this.buffer.slice(this.offset, this.offset + count);
    this.offset += taken.length;
    return taken;
  }

  /** What is buffered, without taking it. */
  peek(): string {
    return this.buffer.slice(this.offset);
  }

  /** Everything still buffered, leaving the framer empty (used when TLS takes over). */
  drain(): string {
    const rest = this.buffer.slice(this.offset);
    this.buffer = '';
    this.offset = 0;
    return rest;
  }
}
