// One server connection: frames the client's octets by mode, runs smtpd's main-loop checks
// (the ones made before any verb runs), feeds the statechart, and turns what it emits into
// effects and Postfix log lines.
import { isKnownVerb, type Command } from './command.ts';
import { isImproperPipelining, judgeLine } from './main-loop.ts';
import { parseEnvelope } from './address.ts';
import type { ReceivedMessage } from './commands/message-end.ts';
import { LineFramer, type FramedLine } from './line-framer.ts';
import { formatReply, replies } from './reply.ts';
import { ChartRunner } from './chart-runner.ts';
import type { ServerEmitted, ServerEvent } from './server.machine.ts';
import type { Clock, ServerSession, SessionOptions } from './session.ts';
import { SessionStats } from './session-stats.ts';
import { countConnection, createPolicyMemory, type PolicyMemory } from './policy/memory.ts';
import { smtpdLog } from './smtpd-log.ts';
import { printable } from './octets.ts';
import type { CloseReason, Reply, SessionEffect, TlsInfo } from './types.ts';

const LOCALHOST = { hostname: 'localhost', address: '127.0.0.1' };
/** master.cf service names, as anvil and the log name them. */
const SERVICE_NAMES = { mx: 'smtp', submission: 'submission', submissions: 'submissions' } as const;
const LOOPBACK = ['127.0.0.1', '::1'];
/** What OpenSSL 3 reports when the first bytes of a "handshake" are not a TLS record. */
const WRONG_VERSION_NUMBER =
  'error:0A00010B:SSL routines::wrong version number:../ssl/record/ssl3_record.c:350:';
const DEFAULT_TLS: TlsInfo = {
  protocol: 'TLSv1.3',
  cipher: 'TLS_AES_256_GCM_SHA384',
  bits: 256,
  keyExchange: 'X25519',
  serverSignature: { algorithm: 'RSA-PSS', bits: 2048, digest: 'SHA256' },
};
const realClock: Clock = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (id) => clearTimeout(id as ReturnType<typeof setTimeout>),
};

/** Postfix queue ids here are 10-11 upper-case hex digits. */
function randomQueueId(): string {
  let id = '';
  for (let i = 0; i < 11; i++) id += '0123456789ABCDEF'[Math.floor(Math.random() * 16)];
  return id;
}

/** The most message octets a session keeps when its profile sets no message_size_limit:
 * memory per session stays bounded whatever the configuration. */
const MAX_KEPT_MESSAGE = 64 * 1024 * 1024;

interface DataInProgress {
  content: string;
  /** Postfix's act_size: each stored record's length plus CRLF. */
  size: number;
  bareLf: boolean;
  /** The last line ended in a bare LF. */
  lastBareLf: boolean;
  /** The last piece was cut at line_length_limit: the next one continues its line. */
  midLine: boolean;
  /** message_size_limit was passed: the rest is read, not kept. */
  tooBig: boolean;
  /** The Message-Id cleanup(8) saw among the headers kept before that ("<>": none). */
  messageId?: string;
}

interface ChunkInProgress {
  command: Command;
  size: number;
  last: boolean;
  /** Octets of the chunk read so far. */
  received: number;
  /** The kept octets (none when the chunk is skipped). */
  content: string;
  keep: boolean;
  /** Skipped because it would pass message_size_limit. */
  oversized: boolean;
}

export function createServerSession(options: SessionOptions): ServerSession {
  return new SmtpServerSession(options);
}

class SmtpServerSession implements ServerSession {
  readonly #options: SessionOptions;
  readonly #actor: ChartRunner;
  readonly #framer = new LineFramer();
  readonly #clock: Clock;
  readonly #stats = new SessionStats();
  readonly #clientName: string;
  #started = false;
  #closed = false;
  #where = 'CONNECT';
  #currentVerb: string | null = null;
  /** What the reply being written answers: a command line's first word, "." for the end of
   * the data, AUTH for an AUTH exchange's lines, BDAT for a chunk; null for the greeting. A
   * pipelined batch is traced before its replies, so only the session can say (goals read
   * it: "the 554 after RCPT"). */
  #answering: string | null = null;
  #currentRecipient = '';
  #pipeliningLogged = false;
  #data: DataInProgress | null = null;
  #chunk: ChunkInProgress | null = null;
  #timer: unknown = undefined;
  #replyDelayMs = 0;
  #saslMethod = '';
  #authMechanism = '';
  readonly #memory: PolicyMemory;

  constructor(options: SessionOptions) {
    this.#options = options;
    this.#clock = options.clock ?? realClock;
    const client = options.client ?? LOCALHOST;
    this.#clientName = `${client.hostname}[${client.address}]`;
    this.#memory = options.memory ?? createPolicyMemory();
    this.#actor = new ChartRunner(
      {
        profile: options.profile,
        client,
        serverAddresses: options.serverAddresses ?? LOOPBACK,
        policy: { memory: this.#memory, now: () => this.#now().getTime() },
        writeQueueFile: options.writeQueueFile,
      },
      (emitted) => this.#onEmitted(emitted),
    );
  }

  get phase(): string {
    return (this.#actor.snapshot.value as { dialogue: string }).dialogue;
  }
  get secure(): boolean {
    return this.#actor.snapshot.context.tls !== null;
  }
  get authenticatedAs(): string | null {
    return this.#actor.snapshot.context.authenticatedAs;
  }
  get closed(): boolean {
    return this.#closed;
  }
  get heldOctets(): number {
    const chunked = this.#actor.snapshot.context.transaction?.chunked?.length ?? 0;
    return (
      this.#framer.pending +
      (this.#data?.content.length ?? 0) +
      (this.#chunk?.content.length ?? 0) +
      chunked
    );
  }

  start(): void {
    if (this.#started) return;
    this.#started = true;
    this.#log(smtpdLog.connect(this.#clientName));
    if (this.#overConnectionRate()) return;
    if (this.#framer.pending > 0 && !this.#options.profile.tls.implicit) {
      // The client talked before the banner (RFC 5321 §4.3.1 says it must wait).
      this.#logImproperPipelining('CONNECT');
      if (this.#options.profile.restrictions.forbidUnauthPipelining) {
        this.#send({
          type: 'protocol.violation',
          reply: replies.pipeliningSync,
          reason: 'pipelining',
        });
        return;
      }
    }
    this.#send({ type: 'session.start' });
    this.#pump();
    this.#armIdleTimer(); // after what was pipelined: a STARTTLS there means the TLS timeout
  }

  /** smtpd_client_connection_rate_limit: anvil(8) counts this client's connections per
   * anvil_rate_time_unit; over the limit, 421 instead of the banner and hang up. */
  #overConnectionRate(): boolean {
    const limit = this.#options.profile.limits.connectionRate;
    if (limit <= 0) return false;
    const { address } = this.#options.client ?? LOCALHOST;
    const service = SERVICE_NAMES[this.#options.profile.role];
    const count = countConnection(this.#memory, service, address, this.#now().getTime());
    if (count <= limit) return false;
    this.#log(smtpdLog.connectionRateExceeded(count, this.#clientName, service));
    this.#send({
      type: 'protocol.violation',
      reply: replies.tooManyConnections(this.#options.profile.hostname, address),
      reason: 'rate-limit',
    });
    return true;
  }

  #now(): Date {
    return this.#options.now?.() ?? new Date();
  }

  receive(octets: string): void {
    if (this.#closed || octets.length === 0) return;
    if (this.#started && this.phase === 'tlsHandshake') {
      // Plaintext where a TLS ClientHello belongs: OpenSSL fails the handshake.
      this.tlsFailed(WRONG_VERSION_NUMBER);
      return;
    }
    this.#framer.push(octets);
    if (!this.#started) return;
    this.#replyDelayMs = 0;
    this.#pump();
    this.#armIdleTimer();
  }

  tlsEstablished(info: TlsInfo = DEFAULT_TLS): void {
    if (this.#closed || this.phase !== 'tlsHandshake') return;
    this.#log(smtpdLog.tlsEstablished(this.#clientName, info));
    if (this.#where === 'STARTTLS') this.#stats.count('STARTTLS', true); // counted once TLS is up
    this.#send({ type: 'tls.ready', info });
    this.#armIdleTimer();
  }

  tlsFailed(reason?: string | { readonly systemError: string }): void {
    if (this.#closed || this.phase !== 'tlsHandshake') return;
    if (typeof reason === 'object') {
      // The transport failed under OpenSSL: Postfix logs the system's error (%m).
      this.#log(smtpdLog.sslAcceptError(this.#clientName, reason.systemError));
    } else {
      const detail = reason === undefined ? 'lost connection' : '-1';
      this.#log(smtpdLog.sslAcceptError(this.#clientName, detail));
      if (reason !== undefined) this.#log(smtpdLog.tlsLibraryProblem(reason));
    }
    this.#handshakeOver(false);
  }

  /** smtpd_starttls_timeout: the handshake never came. Postfix logs the timeout as the
   * handshake's error and closes, with no 421: the channel is no longer plain SMTP. */
  #handshakeTimedOut(): void {
    this.#log(smtpdLog.sslAcceptError(this.#clientName, 'Connection timed out'));
    this.#handshakeOver(true);
  }

  #handshakeOver(timedOut: boolean): void {
    if (this.#where === 'STARTTLS') this.#stats.count('STARTTLS', false);
    this.#log(smtpdLog.lostConnection(this.#where, this.#clientName));
    this.#send({ type: 'tls.failed', timedOut });
  }

  clientClosed(): void {
    if (this.#closed) return;
    const where = this.#data ? `DATA (${this.#data.size} bytes)` : this.#where;
    this.#log(smtpdLog.lostConnection(where, this.#clientName));
    this.#send({ type: 'client.closed' });
    this.#finish();
  }

  dispose(): void {
    this.#cancelIdleTimer();
    this.#closed = true;
  }

  // --- input -------------------------------------------------------------------------

  #pump(): void {
    const limit = this.#options.profile.limits.lineLength;
    while (!this.#closed) {
      const phase = this.phase;
      if (phase === 'greeting' || phase === 'tlsHandshake' || phase === 'closed') return;
      if (phase === 'receivingData') {
        if (!this.#readBody()) return;
        continue;
      }
      if (this.#chunk) {
        if (!this.#readChunk()) return;
        continue;
      }
      const line = this.#framer.nextLine(limit);
      if (line === null) return;
      if (phase === 'authExchange') {
        this.#currentVerb = this.#answering = 'AUTH';
        this.#send({ type: 'auth.response', line: line.text });
        this.#currentVerb = this.#answering = null;
      } else {
        this.#answering = (line.text.split(/[\s:]/)[0] ?? '').toUpperCase();
        this.#dispatch(line);
        this.#answering = null;
      }
    }
  }

  /** smtpd's main loop (main-loop.ts decides), plus its log lines. */
  #dispatch(line: FramedLine): void {
    const { profile } = this.#options;
    if (line.truncated) {
      this.#log(smtpdLog.requestTooLong(this.#clientName, profile.limits.lineLength, line.text));
    }
    const ctx = this.#actor.snapshot.context;
    const facts = {
      secure: ctx.tls !== null,
      esmtp: ctx.helo?.esmtp === true,
      pendingInput: this.#framer.pending > 0,
    };
    const verdict = judgeLine(profile, facts, line);
    const command = verdict.command;
    if (command !== null) this.#where = isKnownVerb(command.verb) ? command.verb : 'UNKNOWN';
    if (verdict.reachedPipeliningCheck && isImproperPipelining(verdict.command, facts)) {
      this.#logImproperPipelining(verdict.command.verb);
    }
    if (verdict.kind === 'chunk') {
      this.#chunk = {
        command: verdict.command,
        size: verdict.size,
        last: verdict.last,
        received: 0,
        content: '',
        ...this.#chunkPlan(verdict.size),
      };
      return;
    }
    const { event, verb } = verdict;
    if (event.type === 'protocol.violation' && event.reason === 'non-smtp-command') {
      this.#log(smtpdLog.nonSmtpCommand(this.#clientName, line.text));
    }
    if (event.type === 'protocol.error' || event.type === 'protocol.violation') {
      if (verb !== null) this.#stats.count(verb, false);
      this.#send(event);
      return;
    }
    this.#runVerb(verb!, event);
  }

  #logImproperPipelining(after: string): void {
    if (this.#pipeliningLogged) return;
    this.#pipeliningLogged = true;
    this.#log(smtpdLog.improperPipelining(after, this.#clientName, this.#framer.peek(100)));
  }

  #runVerb(verb: string, event: ServerEvent): void {
    this.#currentVerb = verb;
    if (verb === 'AUTH' && 'command' in event)
      this.#authMechanism = (event.command.args[0] ?? '').toUpperCase();
    if ('command' in event && (verb === 'RCPT' || verb === 'VRFY')) {
      const argText = verb === 'RCPT' ? event.command.argText : `TO:${event.command.args[0] ?? ''}`;
      const parsed = parseEnvelope(argText, 'TO:', { strict: false, smtputf8: true });
      this.#currentRecipient = parsed.kind === 'ok' ? parsed.value.address : '';
    }
    this.#send(event);
    this.#currentVerb = null;
  }

  /** RFC 5321 §4.5.2: lines up to "." are the message; a leading dot is removed. Read as
   * Postfix's receive_data_message() reads: line_length_limit pieces, each counted as its
   * length plus CRLF, and once message_size_limit is passed nothing more is kept, only read. */
  #readBody(): boolean {
    const data = (this.#data ??= {
      content: '',
      size: 0,
      bareLf: false,
      lastBareLf: false,
      midLine: false,
      tooBig: false,
    });
    const { lineLength } = this.#options.profile.limits;
    const strictEnd = this.#options.profile.restrictions.bareNewline === 'reject';
    for (;;) {
      const piece = this.#framer.nextBodyPiece(lineLength);
      if (piece === null) return false;
      const atLineStart = !data.midLine;
      data.midLine = !piece.ended;
      let text = piece.text;
      if (atLineStart && text.charCodeAt(0) === 46) {
        // smtpd_forbid_bare_newline: only <CR><LF>.<CR><LF> ends the message, so neither the
        // dot's line nor the one before it may end in a bare LF.
        const endsHere =
          piece.ended && text === '.' && !(strictEnd && (piece.bareLf || data.lastBareLf));
        if (endsHere) break;
        text = text.slice(1);
      }
      if (piece.ended) {
        data.lastBareLf = piece.bareLf;
        if (piece.bareLf) data.bareLf = true;
      }
      this.#keepBody(data, text, piece.ended);
    }
    this.#data = null;
    this.#where = 'END-OF-MESSAGE';
    this.#answering = '.';
    const message = this.#message(data.content, data.size, data.bareLf, true);
    if (data.tooBig) this.#logTooBig(message.queueId, data.messageId ?? '<>');
    this.#runVerb('DATA', { type: 'data.end', ...message });
    this.#answering = null;
    return true;
  }

  /** message_size_limit: the record that would pass the limit is counted and the rest of the
   * message is read without being kept ("queue file size limit exceeded"). */
  #keepBody(data: DataInProgress, text: string, ended: boolean): void {
    if (data.tooBig) return;
    const cost = text.length + 2;
    if (this.#sizeLimit() - data.size < cost) {
      data.tooBig = true;
      data.size += cost; // past the limit: finishMessage answers 552
      data.messageId = /^Message-Id:\s*(<[^>]*>)/im.exec(data.content)?.[1] ?? '<>';
      data.content = '';
      return;
    }
    data.size += cost;
    data.content += ended ? `${text}\n` : text;
  }

  /** message_size_limit, or the engine's own ceiling when a profile sets none (0). */
  #sizeLimit(): number {
    const limit = this.#options.profile.limits.messageSize;
    return limit > 0 ? limit : MAX_KEPT_MESSAGE;
  }

  /** RFC 3030 §2: "BDAT <size> [LAST]" is followed by exactly <size> octets. The octets are
   * kept only when the chunk can go into the message; otherwise they are read and dropped,
   * as Postfix's skip_bdat() does (a chunk that would pass message_size_limit, or any chunk
   * after an earlier error or outside a transaction). */
  #readChunk(): boolean {
    const chunk = this.#chunk!;
    const taken = this.#framer.nextOctets(chunk.size - chunk.received);
    chunk.received += taken.length;
    if (chunk.keep) chunk.content += taken;
    if (chunk.received < chunk.size) return false;
    this.#chunk = null;
    const message = {
      ...this.#message(chunk.content, chunk.size, false, chunk.last),
      oversized: chunk.oversized,
    };
    this.#answering = 'BDAT';
    this.#runVerb('BDAT', { type: 'cmd.bdat', command: chunk.command, message });
    this.#answering = null;
    return true;
  }

  /** What a BDAT chunk of `size` octets will be: kept, or skipped (and why). */
  #chunkPlan(size: number): Pick<ChunkInProgress, 'keep' | 'oversized'> {
    const transaction = this.#actor.snapshot.context.transaction;
    if (transaction === null || transaction.recipients.length === 0 || transaction.chunkFailed)
      return { keep: false, oversized: false };
    // smtpd.c bdat_cmd(): "Block too large chunks" before reading them.
    const sofar = transaction.chunked?.length ?? 0;
    const oversized = sofar > this.#sizeLimit() - size;
    return { keep: !oversized, oversized };
  }

  #message(content: string, size: number, bareLf: boolean, last: boolean): ReceivedMessage {
    return {
      content,
      size,
      bareLf,
      last,
      queueId: (this.#options.nextQueueId ?? randomQueueId)(),
      receivedAt: this.#now(),
    };
  }

  // --- output ------------------------------------------------------------------------

  #send(event: ServerEvent): void {
    this.#actor.send(event);
  }

  #onEmitted(emitted: ServerEmitted): void {
    switch (emitted.type) {
      case 'reply':
        return this.#onReply(emitted);
      case 'tls.start':
        this.#framer.drain(); // CVE-2011-0411: plaintext pipelined after STARTTLS is discarded
        return this.#effect({ type: 'tls.start' });
      case 'deliver':
      case 'relay':
        return this.#effect(emitted);
      case 'log':
        return this.#log(emitted.message);
      case 'close':
        return this.#onClose(emitted.reason);
    }
  }

  #onReply({ reply, delayMs, failed, policy, goodbye }: ServerEmitted & { type: 'reply' }): void {
    const verb = this.#currentVerb;
    // 334, 354 and STARTTLS's 220 are the middle of AUTH, DATA and STARTTLS: those count once,
    // at their end.
    const midway =
      reply.code === 334 || reply.code === 354 || (verb === 'STARTTLS' && reply.code === 220);
    // A goodbye after a command (421 at smtpd_hard_error_limit) is not that command's reply.
    if (verb !== null && !midway && goodbye !== true) this.#stats.count(verb, !failed);
    if (verb === 'AUTH' && reply.code === 235) this.#saslMethod = this.#authMechanism;
    if (policy && (verb === 'RCPT' || verb === 'VRFY')) this.#logReject(verb, reply);
    const queued = / queued as ([0-9A-F]+)$/.exec(reply.lines[0]!);
    if (queued) this.#logQueued(queued[1]!);
    this.#replyDelayMs += delayMs;
    const answers = goodbye === true ? null : this.#answering;
    this.#effect({ type: 'reply', reply, wire: formatReply(reply), delayMs, answers });
  }

  #logReject(verb: string, reply: Reply): void {
    this.#log(
      smtpdLog.reject({
        verb,
        client: this.#clientName,
        replyLine: `${reply.code} ${reply.lines[0]}`,
        // An RCPT is refused inside the transaction, so its sender is still there.
        sender: verb === 'RCPT' ? (this.#actor.snapshot.context.transaction?.sender ?? '') : null,
        recipient: this.#currentRecipient,
        helo: this.#actor.snapshot.context.helo,
      }),
    );
  }

  /** What a message refused for its size leaves in the log (the real smtpd opened its queue
   * file at the first accepted RCPT, cleanup(8) read its headers; nothing is queued). */
  #logTooBig(queueId: string, messageId: string): void {
    this.#logQueued(queueId);
    this.#options.onEffect({
      type: 'log',
      program: 'cleanup',
      message: `${queueId}: message-id=${messageId}`,
    });
    this.#log(smtpdLog.queueFileTooBig(queueId));
    this.#options.onEffect({
      type: 'log',
      program: 'cleanup',
      message: smtpdLog.cleanupCloseError,
    });
  }

  #logQueued(queueId: string): void {
    const user = this.authenticatedAs;
    const sasl = user === null ? null : { method: this.#saslMethod, user };
    this.#log(smtpdLog.queued(queueId, this.#clientName, sasl));
  }

  #onClose(reason: CloseReason): void {
    if (reason === 'timeout') this.#log(smtpdLog.timeout(this.#where, this.#clientName));
    if (reason === 'too-many-errors')
      this.#log(smtpdLog.tooManyErrors(this.#where, this.#clientName));
    this.#effect({ type: 'close', reason });
    this.#finish();
  }

  #finish(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#cancelIdleTimer();
    this.#log(smtpdLog.disconnect(this.#clientName, this.#stats.summary()));
  }

  #effect(effect: SessionEffect): void {
    this.#options.onEffect(effect);
  }

  /** msg_vprintf() passes every log line through printable(): no control octet reaches the
   * log, whatever the client sent. */
  #log(message: string): void {
    this.#options.onEffect({ type: 'log', message: printable(message, '?') });
  }

  // --- smtpd_timeout -----------------------------------------------------------------

  #armIdleTimer(): void {
    if (this.#closed) return;
    this.#cancelIdleTimer();
    const { limits } = this.#options.profile;
    const handshake = this.phase === 'tlsHandshake';
    const ms = (handshake ? limits.starttlsTimeoutMs : limits.idleTimeoutMs) + this.#replyDelayMs;
    this.#timer = this.#clock.setTimeout(() => {
      this.#timer = undefined;
      if (this.#closed) return;
      if (handshake && this.phase === 'tlsHandshake') this.#handshakeTimedOut();
      else this.#send({ type: 'timer.idle' });
    }, ms);
  }

  #cancelIdleTimer(): void {
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
