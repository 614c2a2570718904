// One curl transfer over SMTP (lib/smtp.c of curl 7.88.1): the client statechart does the
// talking; this follows it with curl's -v trace, its progress meter and its error words.
// curl's connect phase (banner, EHLO, STARTTLS, AUTH) ends without QUIT when it fails; from
// MAIL on, a failure gets a QUIT. After a success the connection is "left intact": curl says
// QUIT only when it exits, through a handle that prints nothing.
import type { ClientEmitted, ClientPlan, ClientResult, ClientStage } from '../smtp/client/plan.ts';
import { startAutomaticClient, type AutomaticClient } from '../world/automatic-client.ts';
import { certificateOf } from '../world/certificate.ts';
import { WRONG_VERSION_NUMBER, type Connection, type Dialled } from '../world/connection.ts';
import type { Host } from '../world/world.ts';
import type { CurlOutput } from './curl-output.ts';
import { ProgressMeter, WAKE_US } from './curl-progress.ts';
import {
  CA_CERT_ERROR,
  OPENSSL,
  RECORD_HEADER,
  SELF_SIGNED,
  traceCloseNotify,
  traceHandshake,
  traceSessionTicket,
} from './curl-tls.ts';
import { EobEscaper } from './curl-upload.ts';
import type { ToolContext } from './tool.ts';
import { roundTripMs } from './traceroute.ts';

/** What one exchange costs besides the path's round trip: the server's turnaround (the
 * recorded loopback deliveries took some 3 ms for their seven exchanges). */
const TURNAROUND_US = 400;

/** pingpong's response timeout (CURLOPT_SERVER_RESPONSE_TIMEOUT's default). */
const RESPONSE_TIMEOUT_MS = 120_000;

/** The stale errno curl prints when a read finds the connection closed: the EINPROGRESS of
 * its non-blocking connect (verified against curl 7.88.1). */
const READ_FAILED = 'response reading failed (errno: 115)';

/** Stages past curl's connect phase: a failure there is followed by QUIT. */
const DO_PHASE: readonly ClientStage[] = ['mail', 'rcpt', 'data', 'body', 'command'];

/** How curl ends: its exit status, its error message, and whether -v shows that message
 * first (failf) or nothing (an error with no text of its own). */
export interface CurlError {
  readonly status: number;
  readonly message: string;
  readonly noted: boolean;
  /** Lines after "curl: (N) message" (the certificate advice). */
  readonly more?: readonly string[];
}

const failf = (status: number, message: string): CurlError => ({ status, message, noted: true });

/** curl's words for a refusal at each stage (smtp_state_*_resp()). */
function refusal(stage: ClientStage, code: number, lastError: boolean): CurlError {
  switch (stage) {
    case 'banner':
      return failf(8, `Got unexpected smtp-server response: ${code}`);
    case 'tls':
      return failf(64, `STARTTLS denied, code ${code}`);
    case 'auth':
      return { status: 67, message: 'Login denied', noted: false };
    case 'mail':
      return failf(55, `MAIL failed: ${code}`);
    case 'rcpt':
      return failf(55, `RCPT failed: ${code}${lastError ? ' (last error)' : ''}`);
    case 'data':
      return failf(55, `DATA failed: ${code}`);
    case 'body':
      return { status: 8, message: 'Weird server reply', noted: false };
    case 'command':
      return failf(8, `Command failed: ${code}`);
    default:
      return failf(9, `Remote access denied: ${code}`);
  }
}

export interface SmtpTransferOptions {
  readonly plan: ClientPlan;
  /** The host as typed ("Connection #0 to host mx.example.org left intact"). */
  readonly hostName: string;
  readonly insecure: boolean;
  /** -T: the file's size; null from stdin (or without -T). */
  readonly uploadSize: number | null;
  readonly crlf: boolean;
  /** The progress meter is drawn (an upload, without -s). */
  readonly meter: boolean;
}

export class SmtpTransfer {
  readonly #context: ToolContext;
  readonly #out: CurlOutput;
  readonly #options: SmtpTransferOptions;
  readonly #meter: ProgressMeter;
  readonly #escaper = new EobEscaper();
  readonly #startedAt: number;
  /** One round trip on the path to the server, and how many curl's exchanges took. */
  #roundTripUs = 0;
  #roundTrips = 0;
  /** When curl last woke up, and whether the meter is due a redraw after that. */
  #lastActivity = 0;
  #updateDue = false;
  #client: AutomaticClient | null = null;
  #error: CurlError | null = null;
  #tlsFailure: string | null = null;
  #ticketPending = false;
  #lastSent: ClientStage = 'banner';
  #quitSent = false;
  #byeRead = false;
  /** After "left intact": curl's QUIT at exit goes through a handle that prints nothing. */
  #quiet = false;
  /** The connection as it stood when the chart last spoke: inside TLS or not. */
  #secure = false;
  /** Octets of the upload read so far. */
  #read = 0;

  constructor(context: ToolContext, out: CurlOutput, options: SmtpTransferOptions) {
    this.#context = context;
    this.#out = out;
    this.#options = options;
    this.#meter = new ProgressMeter((text) => {
      if (options.meter) out.write(text);
    });
    this.#startedAt = context.sim.elapsed;
    this.#meter.update(0);
  }

  /** curl's clock: virtual time since it started, plus the round trips its exchanges took on
   * the path (as traceroute times them), in microseconds. */
  #now(): number {
    const virtualUs = (this.#context.sim.elapsed - this.#startedAt) * 1000;
    return virtualUs + this.#roundTrips * this.#roundTripUs;
  }

  /** Something happens now: first the redraws curl made since it last woke up (after what
   * it did then, and once a second while it waited), then this. */
  #wake(roundTrip = false): void {
    if (roundTrip) this.#roundTrips++;
    const now = this.#now();
    if (this.#updateDue) this.#meter.update(this.#lastActivity);
    for (let at = this.#lastActivity + WAKE_US; at < now; at += WAKE_US) this.#meter.update(at);
    this.#lastActivity = now;
    this.#updateDue = true;
  }

  /** The connect lines as curlConnect words them; the last ones once the meter is done. */
  connecting(lines: readonly string[]): void {
    this.#wake();
    lines.forEach((line) => this.#out.note(line.replace(/^\* /, '')));
  }

  /** curl's last words after a failed connect: its meter, then the closing lines. */
  connectFailed(closing: readonly string[], error: CurlError): number {
    this.#wake();
    this.#done();
    closing.forEach((line) => this.#out.note(line.replace(/^\* /, '')));
    return this.#exit(error);
  }

  /** The connection is made: run the session as far as it goes before the upload. `named`:
   * the URL's host, which curl sends as SNI unless it is an address literal (lib/vtls). */
  start(host: Host, dialled: Dialled, port: number, named: string): void {
    this.#roundTripUs = this.#roundTripTo(host);
    this.#roundTrips = 1; // the TCP handshake
    const certificate = certificateOf(host, port);
    const verify = !this.#options.insecure;
    this.#client = startAutomaticClient(this.#context.sim, dialled, host, port, {
      plan: this.#options.plan,
      endpoint: { hostname: 'unknown', address: this.#context.world.laptop.publicAddress },
      replyTimeoutMs: RESPONSE_TIMEOUT_MS,
      wait: (ms) => this.#context.io.wait(ms),
      // Without -k, OpenSSL verifies the chain during the handshake and curl checks the name
      // only after it (ossl_connect_step3() -> Curl_ossl_verifyhost()). Every certificate of
      // this world is self-signed, so the chain fails first and a certificate for another
      // name (a scenario's certificateName) still ends in "(60) SSL certificate problem:
      // self-signed certificate", as the real curl does; only a trusted certificate would get
      // as far as "(60) SSL: no alternative certificate subject name matches target host name
      // 'smtp.example.net'" (both recorded: test/fixtures/postfix-policy/certificate-name-curl.txt).
      // -k turns both checks off (CURLOPT_SSL_VERIFYPEER and VERIFYHOST).
      checkCertificate: () => (verify && certificate.selfSigned ? SELF_SIGNED : null),
      sni: /^[\d.]+$|:/.test(named) || named.startsWith('[') ? null : named,
      onTlsUp: () => {
        this.#wake(true);
        traceHandshake(this.#out, certificate, { verify, outcome: 'up' });
        this.#ticketPending = true;
      },
      onTlsFailure: (reason) => {
        this.#wake(true);
        this.#tlsFailure = reason;
        const outcome = reason === WRONG_VERSION_NUMBER ? 'not-tls' : 'untrusted';
        traceHandshake(this.#out, certificate, { verify, outcome });
      },
      observe: (emitted, connection) => this.#observe(emitted, connection),
    });
  }

  /** One exchange with the host: a round trip on the path (some 50 µs on the same machine,
   * else as traceroute times it) and the server's turnaround. */
  #roundTripTo(host: Host): number {
    const hops = this.#context.world.pathTo(host).length;
    const path = host.address.startsWith('127.')
      ? 50
      : Math.round(roundTripMs(hops, hops, 0) * 1000);
    return path + TURNAROUND_US;
  }

  /** The session is over (or never needed the upload). */
  get finished(): boolean {
    return this.#client?.result !== null;
  }

  /** A piece of the upload as curl read it (a line typed, a file or a piece of one), as
   * octets (one char per byte). */
  write(data: string): void {
    if (this.#client === null || this.finished) return;
    this.#wake();
    const escaped = this.#escaper.escape(this.#options.crlf ? data.replace(/\n/g, '\r\n') : data);
    const bytes = escaped.length;
    if (this.#secure) this.#out.data('out', RECORD_HEADER);
    this.#out.data('out', bytes);
    this.#meter.uploaded += bytes;
    // Once the whole file has been read (upload_done), whatever the escaping added.
    this.#read += data.length;
    if (this.#read === this.#options.uploadSize) {
      this.#out.note('We are completely uploaded and fine');
    }
    this.#client.write(escaped);
  }

  /** End of the upload: curl's end of data, ".\r\n" after a CRLF or nothing at all. */
  end(): void {
    if (this.#client === null || this.finished) return;
    this.#wake();
    const afterLine = this.#escaper.trailingCrlf || this.#options.uploadSize === 0;
    if (this.#secure) this.#out.data('out', RECORD_HEADER);
    this.#client.end(afterLine ? '.\r\n' : '\r\n.\r\n');
  }

  /** curl was killed (Ctrl-C): the connection just goes. */
  abort(): void {
    this.#client?.abort();
  }

  #observe(emitted: ClientEmitted, connection: Connection): void {
    this.#secure = connection.secure;
    if (this.#quiet) return;
    const out = this.#out;
    switch (emitted.type) {
      case 'send':
        if (emitted.what === 'quit' && this.#error === null) return this.#leftIntact();
        this.#lastSent = emitted.what;
        if (emitted.what === 'quit') this.#quitSent = true;
        for (const line of emitted.lines) {
          if (connection.secure) out.data('out', RECORD_HEADER);
          out.sent(line);
        }
        return;
      case 'received': {
        this.#wake(true);
        if (connection.secure) out.data('in', RECORD_HEADER);
        if (this.#ticketPending) traceSessionTicket(out);
        this.#ticketPending = false;
        emitted.reply.lines.forEach((line) => out.received(line));
        if (emitted.reply.code === 221) this.#byeRead = true;
        if (this.#lastSent === 'data' && emitted.reply.code === 354) {
          this.#meter.uploadSize = this.#options.uploadSize;
        }
        // The answers to VRFY and HELP are what curl downloads: its output.
        if (this.#lastSent === 'command' && Math.floor(emitted.reply.code / 100) === 2) {
          emitted.reply.lines.forEach((line) => out.write(`${line}\r\n`));
        }
        return;
      }
      case 'failed':
        return this.#failed(emitted);
      default:
        return;
    }
  }

  #failed(failure: Extract<ClientEmitted, { type: 'failed' }>): void {
    this.#wake();
    const error = this.#errorFor(failure);
    if (failure.stage === 'auth' && failure.cause === 'client') {
      this.#out.note('No known authentication mechanisms supported');
    }
    if (error.noted) this.#out.note(error.message);
    this.#error = error;
    this.#done();
  }

  #errorFor(failure: Extract<ClientEmitted, { type: 'failed' }>): CurlError {
    switch (failure.cause) {
      case 'timeout':
        return failf(28, 'server response timeout');
      case 'closed':
        return failf(56, READ_FAILED);
      case 'tls':
        return this.#tlsFailure === WRONG_VERSION_NUMBER
          ? failf(35, `${OPENSSL}: ${WRONG_VERSION_NUMBER}`)
          : { ...failf(60, SELF_SIGNED), more: CA_CERT_ERROR };
      case 'client':
        return failure.stage === 'tls'
          ? failf(64, 'STARTTLS not supported.')
          : { status: 67, message: 'Login denied', noted: false };
      case 'reply': {
        const allowFails = !(this.#options.plan.refusedRecipientEnds ?? false);
        return refusal(failure.stage, failure.reply?.code ?? 0, allowFails);
      }
    }
  }

  #leftIntact(): void {
    this.#wake();
    this.#done();
    this.#out.note(`Connection #0 to host ${this.#options.hostName} left intact`);
    this.#quiet = true;
  }

  /** The meter's last line (Curl_pgrsDone()). */
  #done(): void {
    this.#meter.done(this.#now());
    this.#updateDue = false;
  }

  /** After the session: curl's closing lines and its exit status. */
  finish(): number {
    const result = this.#client?.result ?? null;
    if (result === null) return 0;
    if (this.#error === null) {
      if (!this.#quiet) this.#leftIntact(); // the server hung up before curl's QUIT
      return 0;
    }
    if (result.lostConnection) this.#lostAtTheEnd(result);
    this.#out.note('Closing connection 0');
    if (this.#secure && !result.lostConnection) {
      traceCloseNotify(this.#out, this.#byeRead);
    }
    return this.#exit(this.#error);
  }

  /** The server went away: from MAIL on, curl still tries its QUIT, and reads nothing. */
  #lostAtTheEnd(result: ClientResult): void {
    if (!this.#quitSent && DO_PHASE.includes(result.stage)) {
      if (this.#secure) this.#out.data('out', RECORD_HEADER);
      this.#out.sent('QUIT');
      this.#quitSent = true;
    }
    if (this.#quitSent) this.#out.note(READ_FAILED);
  }

  #exit(error: CurlError): number {
    this.#error = error;
    return error.status;
  }

  /** Why curl failed, once it has. */
  get error(): CurlError | null {
    return this.#error;
  }
}
