// The client side of capture.py's Conn class over Node sockets: a receive buffer, reads of
// one full (multi-line) SMTP reply, read-until-quiet, an EOF probe and the TLS upgrade.
import { connect as tcpConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { decodeUtf8Backslash } from './python-bytes.ts';

/** One reply as capture.py records it (cases/<id>.json, steps[].replies[]). */
export interface RecordedReply {
  code: number | null;
  enhanced: string | null;
  lines: string[];
  text: string[];
  raw: string;
  complete: boolean;
  elapsed_ms: number;
}

/** null, or what ended a read: "timeout", "eof" or "error: <name>: <message>". */
export type ReadEvent = string | null;

export interface TlsFacts {
  version: string | null;
  cipher: string | null;
  handshake_ms: number;
  plaintext_left_in_buffer?: string;
}

const REPLY_RE = /^(\d{3})([ -]?)(.*)$/s;
const ENHANCED_RE = /^([245]\.\d{1,3}\.\d{1,3})(?: |$)/;
const LF = 0x0a;

class ReadTimeout extends Error {}

export const elapsedMs = (t0: number) => Math.round((performance.now() - t0) * 10) / 10;

export class ClientConnection {
  private buf: Buffer = Buffer.alloc(0);
  private eof = false;
  private error: Error | null = null;
  private wake: Array<() => void> = [];
  private constructor(
    private sock: Socket,
    private readonly timeoutMs: number,
  ) {
    this.attach(sock);
  }

  static open(host: string, port: number, timeoutMs: number): Promise<ClientConnection> {
    return new Promise((resolve, reject) => {
      // Half-open allowed: like a Python socket, we may still write after the server's FIN.
      const sock = tcpConnect({ host, port, allowHalfOpen: true, timeout: timeoutMs });
      sock.once('connect', () => {
        sock.setTimeout(0);
        sock.off('error', reject);
        resolve(new ClientConnection(sock, timeoutMs));
      });
      sock.once('timeout', () => sock.destroy(new Error('timed out')));
      sock.once('error', reject);
    });
  }

  private attach(s: Socket): void {
    s.on('data', (chunk: Buffer) => {
      this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
      this.notify();
    });
    s.on('end', () => {
      this.eof = true;
      this.notify();
    });
    s.on('error', (e) => {
      this.error ??= e;
      this.notify();
    });
    s.on('close', () => this.notify());
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = [];
    for (const w of wake) w();
  }

  /** Waits for the next socket event until `deadline` (performance.now() ms); false on timeout. */
  private changed(deadline: number): Promise<boolean> {
    const ms = deadline - performance.now();
    if (ms <= 0) return Promise.resolve(false);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), ms);
      this.wake.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  private async readLine(deadline: number): Promise<Buffer | null> {
    for (;;) {
      const lf = this.buf.indexOf(LF);
      if (lf >= 0) {
        const line = this.buf.subarray(0, lf + 1);
        this.buf = this.buf.subarray(lf + 1);
        return line;
      }
      if (this.error) throw this.error;
      if (this.eof) return null;
      if (!(await this.changed(deadline))) throw new ReadTimeout();
    }
  }

  /** One complete reply: lines until one that is not "ddd-..." (capture.py read_reply). */
  async readReply(timeoutMs = this.timeoutMs): Promise<[RecordedReply | null, ReadEvent]> {
    const t0 = performance.now();
    const deadline = t0 + timeoutMs;
    const raw: Buffer[] = [];
    const lines: string[] = [];
    try {
      for (;;) {
        const line = await this.readLine(deadline);
        if (line === null) break;
        raw.push(line);
        const text = decodeUtf8Backslash(stripLineEnd(line));
        lines.push(text);
        const m = REPLY_RE.exec(text);
        if (!m || m[2] !== '-') return [makeReply(raw, lines, t0), null];
      }
    } catch (e) {
      const event = e instanceof ReadTimeout ? 'timeout' : errorEvent(e as Error);
      return [raw.length ? makeReply(raw, lines, t0) : null, event];
    }
    // EOF, possibly with a partial line left in the buffer
    if (this.buf.length) {
      raw.push(this.buf);
      lines.push(decodeUtf8Backslash(this.buf));
      this.buf = Buffer.alloc(0);
    }
    return [raw.length ? makeReply(raw, lines, t0) : null, 'eof'];
  }

  /** Whatever arrives until EOF or `quietMs` of silence (@READALL). */
  async readAll(quietMs: number): Promise<{ data: Buffer; event: string; elapsedMs: number }> {
    const t0 = performance.now();
    const parts: Buffer[] = [];
    for (;;) {
      if (this.buf.length) {
        parts.push(this.buf);
        this.buf = Buffer.alloc(0);
      }
      if (this.error)
        return {
          data: Buffer.concat(parts),
          event: errorEvent(this.error),
          elapsedMs: elapsedMs(t0),
        };
      if (this.eof) return { data: Buffer.concat(parts), event: 'eof', elapsedMs: elapsedMs(t0) };
      if (!(await this.changed(performance.now() + quietMs))) {
        return { data: Buffer.concat(parts), event: 'timeout', elapsedMs: elapsedMs(t0) };
      }
    }
  }

  /** Has the server closed the connection? Waits at most `waitMs`; data that arrives stays
   * buffered (capture.py poll_eof). */
  async pollEof(waitMs: number): Promise<boolean> {
    if (this.eof) return true;
    if (this.buf.length) return false;
    if (this.error) return true;
    if (waitMs > 0) await this.changed(performance.now() + waitMs);
    else await oneIoTurn(); // select() with a zero timeout: look at what already arrived
    if (this.buf.length) return false;
    return this.eof || this.error !== null;
  }

  send(data: Buffer): Promise<void> {
    if (this.error) return Promise.reject(this.error);
    if (this.sock.destroyed || this.sock.writableEnded)
      return Promise.reject(new Error('EPIPE: socket is closed'));
    return new Promise((resolve, reject) =>
      this.sock.write(data, (e) => (e ? reject(e) : resolve())),
    );
  }

  /** TLS client handshake on this socket (STARTTLS or implicit), no certificate check. */
  async startTls(): Promise<TlsFacts> {
    const leftover = this.buf;
    this.buf = Buffer.alloc(0);
    const t0 = performance.now();
    const plain = this.sock;
    plain.removeAllListeners('data');
    plain.removeAllListeners('end');
    plain.removeAllListeners('close');
    plain.removeAllListeners('error');
    plain.on('error', () => {}); // reported through the TLS socket
    const secure: TLSSocket = tlsConnect({
      socket: plain,
      servername: 'mx.example.org',
      rejectUnauthorized: false,
    });
    this.sock = secure;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('timed out')), this.timeoutMs);
      secure.once('secureConnect', () => {
        clearTimeout(timer);
        secure.off('error', reject);
        resolve();
      });
      secure.once('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
    });
    this.attach(secure);
    const facts: TlsFacts = {
      version: secure.getProtocol(),
      cipher: secure.getCipher()?.standardName ?? null,
      handshake_ms: elapsedMs(t0),
    };
    if (leftover.length) facts.plaintext_left_in_buffer = decodeUtf8Backslash(leftover);
    return facts;
  }

  close(): void {
    this.sock.destroy();
  }
}

/** Lets Node run one poll phase, so that bytes and FINs already received are seen. */
function oneIoTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
}

function stripLineEnd(line: Buffer): Buffer {
  let end = line.length;
  while (end > 0 && (line[end - 1] === 0x0a || line[end - 1] === 0x0d)) end--;
  return line.subarray(0, end);
}

export function errorEvent(e: Error): string {
  const code = (e as NodeJS.ErrnoException).code;
  return `error: ${code ?? e.name}: ${e.message}`;
}

function makeReply(raw: Buffer[], lines: string[], t0: number): RecordedReply {
  const first = lines.length ? REPLY_RE.exec(lines[0]) : null;
  const text = lines.map((ln) => REPLY_RE.exec(ln)?.[3] ?? ln);
  const all = Buffer.concat(raw);
  return {
    code: first ? Number(first[1]) : null,
    enhanced: text.length ? (ENHANCED_RE.exec(text[0])?.[1] ?? null) : null,
    lines,
    text,
    raw: decodeUtf8Backslash(all),
    complete: all.length > 0 && all[all.length - 1] === LF,
    elapsed_ms: elapsedMs(t0),
  };
}
