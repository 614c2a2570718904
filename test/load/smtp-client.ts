// A small SMTP client for the load run: reads whole replies, checks every line's form, and
// times each command. Not for tests of behaviour: only what `npm run load` measures.
import { connect, type Socket } from 'node:net';

/** RFC 5321 §4.2: "ddd-text" continuations, "ddd text" (or "ddd") last, CRLF each. */
const REPLY_LINE = /^\d{3}(?:[ -][^\n]*)?$/;

export interface LoadCounters {
  malformed: number;
  /** Per command verb, milliseconds from send to the whole reply. */
  readonly latencies: Map<string, number[]>;
}

export class SmtpClient {
  private text = '';
  private waiting: (() => void) | null = null;
  private ended = false;

  private constructor(
    readonly socket: Socket,
    private readonly counters: LoadCounters,
  ) {
    socket.on('data', (chunk: Buffer) => {
      this.text += chunk.toString('latin1');
      this.wake();
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      this.ended = true;
      this.wake();
    });
  }

  static open(port: number, counters: LoadCounters): Promise<SmtpClient> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port });
      socket.once('connect', () => resolve(new SmtpClient(socket, counters)));
      socket.once('error', reject);
    });
  }

  private wake(): void {
    const w = this.waiting;
    this.waiting = null;
    w?.();
  }

  /** The next whole reply's lines, or null when the connection ended first. */
  async reply(timeoutMs = 30_000): Promise<string[] | null> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const lines = this.takeReply();
      if (lines) return lines;
      if (this.ended || Date.now() > deadline) return null;
      await new Promise<void>((resolve) => {
        this.waiting = resolve;
        setTimeout(resolve, Math.max(1, deadline - Date.now())).unref();
      });
    }
  }

  private takeReply(): string[] | null {
    const lines: string[] = [];
    let at = 0;
    for (;;) {
      const end = this.text.indexOf('\r\n', at);
      if (end === -1) return null;
      const line = this.text.slice(at, end);
      at = end + 2;
      if (!REPLY_LINE.test(line)) this.counters.malformed++;
      lines.push(line);
      if (line[3] !== '-') {
        this.text = this.text.slice(at);
        return lines;
      }
    }
  }

  /** Sends a command and waits for its reply, timing it under `verb`. */
  async command(
    line: string,
    verb = line.split(' ', 1)[0]!.toUpperCase(),
  ): Promise<string[] | null> {
    const started = performance.now();
    this.socket.write(`${line}\r\n`);
    const reply = await this.reply();
    const list = this.counters.latencies.get(verb) ?? [];
    list.push(performance.now() - started);
    this.counters.latencies.set(verb, list);
    return reply;
  }

  /** Writes `total` octets of `unit`, respecting backpressure. */
  async pump(unit: string, total: number): Promise<void> {
    const chunk = Buffer.from(unit.repeat(Math.max(1, Math.floor(65536 / unit.length))), 'latin1');
    for (let sent = 0; sent < total && !this.ended; sent += chunk.length) {
      const piece = sent + chunk.length <= total ? chunk : chunk.subarray(0, total - sent);
      if (!this.socket.write(piece)) await new Promise((r) => this.socket.once('drain', r));
    }
  }

  get closed(): boolean {
    return this.ended;
  }
}
