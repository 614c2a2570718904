// Splits the client's octet stream into the units SMTP gives meaning to, by mode: command
// lines, DATA lines (RFC 5321 §4.5.2), and BDAT chunks of a counted size (RFC 3030). No I/O:
// `push()` buffers, `next*()` take.
//
// Like Postfix's smtp_get(), every read is bounded by line_length_limit, so what the framer
// keeps stays small whatever the client sends and each octet is looked at a bounded number of
// times (linear in the input):
// - a command line longer than the limit keeps its first `limit` octets and the rest up to
//   the LF is skipped (SMTP_GET_FLAG_SKIP), never buffered;
// - a DATA line longer than the limit comes out in pieces of `limit` octets (Postfix's
//   REC_TYPE_CONT records), so a body without any LF is never held whole.

export interface FramedLine {
  /** The line without its ending. */
  readonly text: string;
  /** Ended by a LF without the CR before it. */
  readonly bareLf: boolean;
  /** Longer than line_length_limit: the rest of the line was skipped (commands only). */
  readonly truncated: boolean;
}

export interface BodyPiece {
  /** Octets of the line; without its ending when `ended`. */
  readonly text: string;
  /** The line ends here (a LF came); false for a piece cut at the line length limit. */
  readonly ended: boolean;
  /** Ended by a LF without the CR before it. */
  readonly bareLf: boolean;
}

const CR = 13;
/** Taken octets are dropped from the buffer once this many have piled up in front of it. */
const COMPACT_AFTER = 64 * 1024;

export class LineFramer {
  private buffer = '';
  private offset = 0;
  /** No LF in [offset, scanned): where the search for the next LF resumes. */
  private scanned = 0;
  /** An overlong command line: its first octets, kept while the rest is skipped to the LF. */
  private skipped: {
    readonly kept: string;
    /** The last octet skipped was a CR (a LF next ends the line with CRLF). */
    lastCr: boolean;
    /** Set when the LF has come: whether it was bare. */
    endedBareLf: boolean | null;
  } | null = null;

  push(octets: string): void {
    if (octets.length === 0) return;
    if (this.skipped?.endedBareLf === null) octets = this.#skipToLineEnd(octets);
    if (this.offset >= COMPACT_AFTER || this.offset === this.buffer.length) {
      this.buffer = this.buffer.slice(this.offset);
      this.scanned -= this.offset;
      this.offset = 0;
    }
    this.buffer += octets;
  }

  /** Octets received but not yet taken (a skipped line's dropped rest not included). */
  get pending(): number {
    return this.buffer.length - this.offset + (this.skipped ? this.skipped.kept.length : 0);
  }

  /** Next complete command line, or null. With `limit`, a longer line keeps its first `limit`
   * octets and the rest up to the line end is skipped (Postfix smtp_get with
   * SMTP_GET_FLAG_SKIP); without it the line is kept whole. */
  nextLine(limit = Infinity): FramedLine | null {
    if (this.skipped) return this.#endSkippedLine();
    const lf = this.#findLf();
    if (lf === -1) {
      // Octets past limit + 2 cannot belong to a line that fits (its CR LF included).
      if (this.buffer.length - this.offset > limit + 2) this.#startSkipping(limit);
      return this.skipped ? this.#endSkippedLine() : null;
    }
    const crlf = lf > this.offset && this.buffer.charCodeAt(lf - 1) === CR;
    // smtp_get() drops every CR before the LF ("NOOP\r\r\n" is NOOP).
    let end = lf;
    while (end > this.offset && this.buffer.charCodeAt(end - 1) === CR) end--;
    let text = this.buffer.slice(this.offset, end);
    this.#take(lf + 1);
    const truncated = text.length > limit;
    if (truncated) text = text.slice(0, limit);
    return { text, bareLf: !crlf, truncated };
  }

  /** The next DATA line, or a `limit`-octet piece of a longer one; null until either is
   * there. A CR cut off from its LF at the limit waits for the next octet, as smtp_get()
   * repairs "the rare case that we stopped reading in the middle of the CRLF". */
  nextBodyPiece(limit: number): BodyPiece | null {
    const lf = this.#findLf(limit);
    if (lf !== -1) {
      const crlf = lf > this.offset && this.buffer.charCodeAt(lf - 1) === CR;
      let end = lf;
      while (end > this.offset && this.buffer.charCodeAt(end - 1) === CR) end--;
      const text = this.buffer.slice(this.offset, end);
      this.#take(lf + 1);
      return { text, ended: true, bareLf: !crlf };
    }
    if (this.buffer.length - this.offset < limit) return null;
    const end = this.offset + limit;
    if (this.buffer.charCodeAt(end - 1) === CR && end === this.buffer.length) return null;
    const text = this.buffer.slice(this.offset, end);
    this.#take(end);
    return { text, ended: false, bareLf: false };
  }

  /** Up to `count` octets of a BDAT chunk (fewer when not all have arrived yet). */
  nextOctets(count: number): string {
    const taken = this.buffer.slice(this.offset, this.offset + count);
    this.#take(this.offset + taken.length);
    return taken;
  }

  /** Up to `max` of the octets buffered, without taking them. */
  peek(max: number): string {
    const head = this.skipped ? this.skipped.kept : '';
    return (head + this.buffer.slice(this.offset, this.offset + max)).slice(0, max);
  }

  /** Forgets everything buffered (used when TLS takes over). */
  drain(): void {
    this.buffer = '';
    this.offset = 0;
    this.scanned = 0;
    this.skipped = null;
  }

  /** Index of the next LF, looking at each octet once across calls; with `within`, only in
   * the first `within` + 1 octets (a body line's bound, its LF included). */
  #findLf(within = Infinity): number {
    const from = Math.max(this.scanned, this.offset);
    const stop = Math.min(this.buffer.length, this.offset + within + 1);
    if (from >= stop) return -1;
    const lf = this.buffer.indexOf('\n', from);
    if (lf !== -1 && lf < stop) return lf;
    this.scanned = lf === -1 ? this.buffer.length : stop;
    return -1;
  }

  #take(next: number): void {
    this.offset = next;
    this.scanned = next;
  }

  #startSkipping(limit: number): void {
    const rest = this.buffer.length - 1;
    this.skipped = {
      kept: this.buffer.slice(this.offset, this.offset + limit),
      lastCr: this.buffer.charCodeAt(rest) === CR,
      endedBareLf: null,
    };
    this.buffer = '';
    this.offset = 0;
    this.scanned = 0;
  }

  /** While skipping: drops octets up to and including the LF; returns what follows it. */
  #skipToLineEnd(octets: string): string {
    const skipped = this.skipped!;
    const lf = octets.indexOf('\n');
    if (lf === -1) {
      skipped.lastCr = octets.charCodeAt(octets.length - 1) === CR;
      return '';
    }
    const crlf = lf > 0 ? octets.charCodeAt(lf - 1) === CR : skipped.lastCr;
    skipped.endedBareLf = !crlf;
    return octets.slice(lf + 1);
  }

  #endSkippedLine(): FramedLine | null {
    const skipped = this.skipped!;
    if (skipped.endedBareLf === null) return null;
    this.skipped = null;
    return { text: skipped.kept, bareLf: skipped.endedBareLf, truncated: true };
  }
}
