// A TCP connection across the world: dialled hop by hop through the path's policies, then
// carrying SMTP between a client (a tool the learner runs, or a server relaying onward) and
// the smtpd of the host it reached. Every line in either direction, the TLS handshake and the
// close go to the trace with the connection's number and whether TLS protected them.
import { walkPath, type PathVerdict } from '../net/path.ts';
import { octetsToText, textToOctets, utf8Length } from '../smtp/octets.ts';
import type { ServerSession } from '../smtp/session.ts';
import type { SeenReply } from '../smtp/client/plan.ts';
import type { ClientEndpoint, Reply, TlsInfo } from '../smtp/types.ts';
import type { WireEffect } from './mail-host.ts';
import type { Simulation } from './simulation.ts';
import type { Host } from './world.ts';

/** The handshake both ends agree on (OpenSSL 3 with Postfix's defaults, as recorded). */
export const TLS_SESSION: TlsInfo = {
  protocol: 'TLSv1.3',
  cipher: 'TLS_AES_256_GCM_SHA384',
  bits: 256,
  keyExchange: 'X25519',
  serverSignature: { algorithm: 'RSA-PSS', bits: 2048, digest: 'SHA256' },
};

/** What OpenSSL reports when the peer's first bytes are not a TLS record. */
export const WRONG_VERSION_NUMBER = 'error:0A00010B:SSL routines::wrong version number';

/** What the server's OpenSSL reports when the client refuses its certificate (alert 48). */
export const ALERT_UNKNOWN_CA = 'error:0A000418:SSL routines::tlsv1 alert unknown ca';

/** Who dials: the learner's machine, or one of the world's servers relaying mail. */
export type Dialler =
  { readonly kind: 'laptop' } | { readonly kind: 'server'; readonly host: Host };

export interface Dialled {
  readonly conn: number;
  readonly verdict: PathVerdict;
}

/** Walk the path from the dialler to `host`:`port`; the walk goes to the trace. */
export function dialFrom(sim: Simulation, from: Dialler, host: Host, port: number): Dialled {
  const { world } = sim;
  const conn = sim.nextConnection();
  const hops = from.kind === 'laptop' ? world.pathTo(host) : world.serverPath(from.host, host);
  const client =
    from.kind === 'laptop'
      ? { name: world.laptop.name, address: world.laptop.publicAddress }
      : { name: from.host.name, address: from.host.address };
  sim.trace({
    type: 'tcp.open',
    conn,
    client: client.name,
    clientAddress: client.address,
    host: host.name,
    address: host.address,
    port,
    hops: hops.map((hop) => hop.id),
  });
  const attempt = from.kind === 'laptop' ? sim.nextLaptopAttempt() : 0;
  const { verdict, events } = walkPath(
    { hops, listening: host.services[port] !== undefined, destination: host.name },
    port,
    attempt,
  );
  for (const event of events) sim.trace({ ...event, conn });
  return { conn, verdict };
}

/** What the client end hears from the server. */
export interface ClientEnd {
  /** A whole reply, each line as sent ("250-PIPELINING"), CRLF taken off. */
  reply(reply: SeenReply): void;
  /** The server closed the connection. */
  closed(): void;
  /** Virtual time passes before a reply (smtpd_error_sleep_time, the SASL failure delay). */
  wait(ms: number): void;
}

/** How many lines of a message body are traced one by one; the rest are counted (the
 * eavesdropper and the path show a message's headers and first lines, and a trace of an
 * attachment's every line would hold the page for seconds). */
export const TRACED_BODY_LINES = 500;

export class Connection {
  readonly conn: number;
  readonly host: Host;
  readonly port: number;
  readonly #sim: Simulation;
  readonly #client: ClientEnd;
  readonly #session: ServerSession;
  /** Nothing from the server reaches the client (a black hole after the handshake). */
  readonly #silent: boolean;
  /** A hop on the way that rewrites STARTTLS out of EHLO replies, if any. */
  readonly #stripper: string | undefined;
  #secure = false;
  #serverAwaitsTls = false;
  #closed = false;
  /** Octets written as they are (sendRaw) since the last line end. */
  #partialLine = '';
  /** Lines of the message body being sent, and those of them counted but not traced. */
  #bodyLines = 0;
  #elided = { lines: 0, octets: 0 };

  constructor(
    sim: Simulation,
    dialled: Dialled,
    host: Host,
    port: number,
    client: { endpoint: ClientEndpoint; end: ClientEnd },
  ) {
    this.#sim = sim;
    this.conn = dialled.conn;
    this.host = host;
    this.port = port;
    this.#client = client.end;
    this.#silent = dialled.verdict.kind === 'silent';
    this.#stripper =
      dialled.verdict.kind === 'accepted' ? dialled.verdict.stripsStartTls : undefined;
    const session = sim
      .mailHost(host)
      .accept(port, client.endpoint, (effect) => this.#fromServer(effect));
    if (session === null) throw new Error(`nothing listens on ${host.name}:${port}`);
    this.#session = session;
  }

  /** The server side starts: a banner, or a TLS handshake first on 465. */
  open(): void {
    this.#session.start();
  }

  get secure(): boolean {
    return this.#secure;
  }

  /** The server waits for a TLS handshake (after its 220 to STARTTLS, or on 465). */
  get serverAwaitsTls(): boolean {
    return this.#serverAwaitsTls;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** The authenticated SASL user, once AUTH succeeded. */
  get authenticatedAs(): string | null {
    return this.#session.authenticatedAs;
  }

  /** Lines from the client, each with `lineEnd` ("\r\n", or "\n" from plain nc). */
  send(lines: readonly string[], lineEnd = '\r\n'): void {
    if (this.#closed) return;
    for (const line of lines) this.#traceCommand(line);
    if (this.#serverAwaitsTls) {
      // Plaintext where the server expects a ClientHello: its TLS library gives up.
      this.#serverAwaitsTls = false;
      this.#traceTlsFailure(WRONG_VERSION_NUMBER);
      this.#session.tlsFailed(WRONG_VERSION_NUMBER);
      return;
    }
    this.#session.receive(textToOctets(lines.map((line) => `${line}${lineEnd}`).join('')));
  }

  /** Octets from the client exactly as given (one char per byte: curl's upload with its own
   * line ends and escaping, swaks's attachment). Each line goes to the trace, as text, once
   * its end has been written. */
  sendRaw(octets: string): void {
    if (this.#closed) return;
    const lines = (this.#partialLine + octets).split('\n');
    this.#partialLine = lines.pop()!;
    for (const line of lines) {
      const raw = line.replace(/\r$/, '');
      // Counted lines are never turned into text: an attachment is megabytes of them.
      if (!this.#elidedInBody(raw, () => line.length + 1)) this.#traceLine(octetsToText(raw));
    }
    this.#session.receive(octets);
  }

  /** The client starts a TLS handshake. It succeeds only if the server is waiting for one;
   * otherwise the server's plaintext is not a TLS record and the client's library says so.
   * A client may also refuse the certificate it is shown (`refusal`, its library's words).
   * `sni`: the server name its ClientHello sends in the clear (RFC 6066 §3), if it sends one. */
  handshake(
    refusal: string | null = null,
    sni: string | null = null,
  ): { ok: true } | { ok: false; reason: string } {
    if (this.#closed) return { ok: false, reason: 'connection closed' };
    if (!this.#serverAwaitsTls) {
      this.#traceTlsFailure(WRONG_VERSION_NUMBER);
      return { ok: false, reason: WRONG_VERSION_NUMBER };
    }
    this.#serverAwaitsTls = false;
    if (refusal !== null) {
      this.#traceTlsFailure(refusal);
      this.#session.tlsFailed(ALERT_UNKNOWN_CA);
      return { ok: false, reason: refusal };
    }
    this.#secure = true;
    this.#sim.trace({
      type: 'tls.up',
      conn: this.conn,
      host: this.host.name,
      port: this.port,
      protocol: TLS_SESSION.protocol,
      cipher: TLS_SESSION.cipher,
      sni,
    });
    this.#session.tlsEstablished(TLS_SESSION);
    this.#traceState();
    return { ok: true };
  }

  /** The client hangs up. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#endOfBody();
    this.#session.clientClosed();
    this.#session.dispose();
    this.#traceClosed('client');
  }

  #fromServer(effect: WireEffect): void {
    switch (effect.type) {
      case 'reply':
        return this.#reply(effect.reply, effect.wire, effect.delayMs, effect.answers ?? null);
      case 'tls.start':
        this.#serverAwaitsTls = true;
        return;
      case 'close':
        if (this.#closed) return;
        this.#closed = true;
        this.#endOfBody();
        this.#traceClosed('server');
        if (!this.#silent) this.#client.closed();
        return;
    }
  }

  #reply(reply: Reply, wire: string, delayMs: number, answers: string | null): void {
    if (this.#silent) return;
    if (delayMs > 0) this.#client.wait(delayMs);
    // The client reads the lines as sent, CRLFs taken off (and as an attacker left them).
    const lines = this.#tampered(octetsToText(wire).split('\r\n').slice(0, -1));
    this.#sim.trace({
      type: 'smtp.reply',
      conn: this.conn,
      host: this.host.name,
      port: this.port,
      code: reply.code,
      lines,
      tls: this.#secure,
      answers,
    });
    if (reply.code === 235 || reply.code === 535) {
      const user = this.#session.authenticatedAs;
      this.#sim.trace({
        type: reply.code === 235 ? 'auth.ok' : 'auth.failed',
        conn: this.conn,
        host: this.host.name,
        user,
      });
    }
    const queued = / queued as ([0-9A-F]+)$/.exec(lines[0] ?? '');
    if (queued) this.#sim.trace({ type: 'mail.queued', host: this.host.name, queueId: queued[1]! });
    this.#traceState();
    this.#client.reply({ code: reply.code, lines });
  }

  /** Plaintext passes the stripping hop: "250-STARTTLS" becomes "250-XXXXXXXA", same length,
   * so the client sees an unknown extension and never upgrades. */
  #tampered(lines: string[]): string[] {
    if (this.#stripper === undefined || this.#secure) return lines;
    return lines.map((line) => {
      if (!/^250[- ]STARTTLS$/i.test(line)) return line;
      const after = `${line.slice(0, 4)}XXXXXXXA`;
      this.#sim.trace({
        type: 'hop.tamper',
        conn: this.conn,
        hop: this.#stripper!,
        what: 'strip-starttls',
        before: line,
        after,
      });
      return after;
    });
  }

  #traceCommand(line: string): void {
    if (!this.#elidedInBody(line, () => utf8Length(line) + 2)) this.#traceLine(line);
  }

  #traceLine(line: string): void {
    this.#sim.trace({
      type: 'smtp.cmd',
      conn: this.conn,
      host: this.host.name,
      port: this.port,
      line,
      tls: this.#secure,
    });
  }

  /** Inside a message body: counts a line past the first TRACED_BODY_LINES instead of
   * tracing it (true), and traces what was counted when the body ends. */
  #elidedInBody(line: string, octets: () => number): boolean {
    if (this.#session.phase !== 'receivingData') return false;
    if (line === '.') this.#endOfBody();
    else if (++this.#bodyLines > TRACED_BODY_LINES) {
      this.#elided.lines++;
      this.#elided.octets += octets();
      return true;
    }
    return false;
  }

  /** The body is over: the lines counted and not traced are traced as one event. */
  #endOfBody(): void {
    const { lines, octets } = this.#elided;
    this.#bodyLines = 0;
    this.#elided = { lines: 0, octets: 0 };
    if (lines === 0) return;
    this.#sim.trace({
      type: 'smtp.data.elided',
      conn: this.conn,
      host: this.host.name,
      port: this.port,
      lines,
      octets,
      tls: this.#secure,
    });
  }

  #traceState(): void {
    this.#sim.trace({
      type: 'smtp.state',
      conn: this.conn,
      host: this.host.name,
      port: this.port,
      phase: this.#session.closed ? 'closed' : this.#session.phase,
      secure: this.#session.secure,
      authenticatedAs: this.#session.authenticatedAs,
    });
  }

  #traceTlsFailure(reason: string): void {
    this.#sim.trace({ type: 'tls.failed', conn: this.conn, host: this.host.name, reason });
  }

  #traceClosed(by: 'client' | 'server'): void {
    this.#sim.trace({
      type: 'tcp.closed',
      conn: this.conn,
      host: this.host.name,
      port: this.port,
      by,
    });
  }
}
