// Bridges one accepted TCP socket and one sans-I/O server session: octets in, effects out.
import type { Socket } from 'node:net';
import { TLSSocket, type SecureContext } from 'node:tls';
import type { ServerProfile } from '../../engine/smtp/profile.ts';
import type { ServerSession, SessionOptions } from '../../engine/smtp/session.ts';
import type { CloseReason, DeliveredMessage, SessionEffect } from '../../engine/smtp/types.ts';
import type { QueueFileWriter } from '../../engine/smtp/context.ts';
import { clientEndpointOf } from './client-endpoint.ts';
import { OrderedOutput } from './ordered-output.ts';
import { tlsInfoOf } from './tls-context.ts';
import { readClientHello } from './client-hello.ts';

export interface ConnectionOptions {
  readonly profile: ServerProfile;
  /** The engine's createServerSession (a stand-in in adapter tests). */
  readonly createSession: (options: SessionOptions) => ServerSession;
  readonly secureContext: SecureContext;
  /** One smtpd log message (without the syslog prefix). */
  readonly onLog: (message: string) => void;
  readonly onDeliver: (message: DeliveredMessage) => void;
  /** Writes accepted mail before the 250 (the mailbox of --mailbox). */
  readonly writeQueueFile?: QueueFileWriter;
}

export interface Connection {
  /** Ends the connection at once (server shutdown). */
  destroy(): void;
}

/** How long a closing socket may take to flush its last reply to a client that reads slowly. */
const LINGER_MS = 10_000;
/** From the session's close to the socket's, at most (queued replies and their delays). */
const CLOSE_DEADLINE_MS = 30_000;
/** How long after accept() the session waits for a client that talks before the banner. */
const PREGREET_WINDOW_MS = 5;
/** Octets of replies not yet taken by the kernel before the client is no longer read. */
const MAX_UNSENT = 256 * 1024;

export function handleConnection(socket: Socket, options: ConnectionOptions): Connection {
  // Where SMTP octets flow now: the TCP socket, or the TLS socket layered on it.
  let stream: Socket = socket;
  let clientGone = false;
  let handshaking = false;
  let disposed = false;
  let throttled = false;
  const output = new OrderedOutput();

  const session = options.createSession({
    profile: options.profile,
    client: clientEndpointOf(socket),
    // The address the client reached, as Postfix knows its own (inet_interfaces).
    serverAddresses: [...new Set(['127.0.0.1', '::1', socket.localAddress ?? ''])].filter(Boolean),
    writeQueueFile: options.writeQueueFile,
    onEffect,
  });

  /** Deadlines that end a closing socket; cleared once it is closed, so that a closed
   * connection is not kept in memory by its own timers. */
  const deadlines = new Set<NodeJS.Timeout>();
  function destroyLater(ms: number): void {
    const timer = setTimeout(() => socket.destroy(), ms).unref();
    deadlines.add(timer);
  }
  socket.once('close', () => {
    for (const timer of deadlines) clearTimeout(timer);
    deadlines.clear();
  });

  /** A fault in the engine ends this session only, as a crashing smtpd child takes down its
   * own connection and not the master: it is logged, the client is cut off, the server goes on. */
  function guarded(step: () => void): void {
    try {
      step();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      options.onLog(`panic: session ended by an internal error: ${reason}`);
      disposed = true;
      output.stop();
      reset();
    }
  }

  // Octet strings: one char per byte (types.ts), so latin1 both ways.
  const onData = (chunk: Buffer) => {
    guarded(() => {
      if (!session.closed) session.receive(chunk.toString('latin1'));
    });
    // Backpressure: a client that sends without reading its replies is not read either,
    // so neither its commands nor our replies pile up in memory.
    if (!throttled && stream.writableLength > MAX_UNSENT) {
      throttled = true;
      const paused = stream;
      paused.pause();
      paused.once('drain', () => {
        throttled = false;
        if (!paused.destroyed && paused === stream) paused.resume();
      });
    }
  };

  function onEffect(effect: SessionEffect): void {
    switch (effect.type) {
      case 'reply':
        output.enqueue(async () => {
          await output.sleep(effect.delayMs);
          // Mid-handshake there is no channel for SMTP: a reply then cannot be sent (and
          // waiting for its write would wait for a handshake that may never come).
          if (!handshaking) await write(stream, effect.wire);
        });
        break;
      case 'tls.start':
        // RFC 3207 §4.2 / smtpd_tls_wrappermode: from here on the bytes are TLS records.
        // Stop reading now; what arrives stays buffered for the handshake.
        stream.off('data', onData);
        stream.pause();
        output.enqueue(startTls);
        break;
      case 'close':
        output.enqueue(() => closeConnection(effect.reason));
        // Whatever still waits in front of the close (a reply a client never reads), the
        // socket does not outlive the session by more than this.
        destroyLater(CLOSE_DEADLINE_MS);
        break;
      case 'log':
        options.onLog(effect.message);
        break;
      case 'deliver':
        options.onDeliver(effect.message);
        break;
    }
  }

  function startTls(): void {
    handshaking = true;
    // The ClientHello is read first (and put back) for what OpenSSL will choose from it.
    if (socket.readableLength > 0) handshake();
    else socket.once('readable', handshake);
  }

  function handshake(): void {
    if (socket.destroyed || session.closed) return;
    const buffered = socket.read() as Buffer | null;
    const offer = buffered ? readClientHello(buffered) : null;
    if (buffered) socket.unshift(buffered);
    // The TLS socket replays the bytes the paused TCP socket has buffered (the ClientHello).
    const secure = new TLSSocket(socket, { isServer: true, secureContext: options.secureContext });
    stream = secure;
    watch(secure);
    // After the handshake, a server-side TLSSocket made outside tls.Server reports record
    // errors only as '_tlsError' (not 'error') and keeps the connection: treat it as the
    // transport failing, as Postfix does ("SSL_read error", then "lost connection").
    secure.on('_tlsError', transportFailed);
    secure.once('secure', () => {
      handshaking = false;
      secure.on('data', onData);
      guarded(() => session.tlsEstablished(tlsInfoOf(secure, offer)));
    });
  }

  function closeConnection(reason: CloseReason): void {
    output.stop();
    if (reason === 'tls-failed') {
      // Plaintext where a handshake belonged: the client sees a reset, as with Postfix (m046b).
      reset();
      return;
    }
    finish();
  }

  /** Postfix close()s the socket after its last reply: flush, FIN, and stop listening. A TLS
   * handshake still under way has nothing to flush and would never finish ending (the leak of
   * issue 11: sockets in CLOSE-WAIT for ever), so the TCP socket goes at once; and whatever
   * else keeps a socket from closing, it is destroyed after LINGER_MS. */
  function finish(): void {
    if (handshaking) {
      socket.destroy();
      return;
    }
    if (!stream.writableEnded && !stream.destroyed) stream.end(() => stream.destroy());
    destroyLater(LINGER_MS);
  }

  function reset(): void {
    if (!socket.destroyed) socket.resetAndDestroy();
  }

  /** The client sent FIN: replies to what it already sent still go out, then we close too
   * (the listener allows half-open sockets so that they can). */
  function clientEnded(): void {
    if (clientGone) return;
    clientGone = true;
    // A client that leaves mid-handshake: "SSL_accept error from ...: lost connection".
    if (!session.closed)
      guarded(() => (handshaking ? session.tlsFailed() : session.clientClosed()));
    output.enqueue(finish);
  }

  /** A reset, a broken pipe or a failed TLS handshake: nothing more can be said here. */
  function transportFailed(error?: Error): void {
    clientGone = true;
    output.stop();
    if (!session.closed) {
      // Postfix logs "SSL_accept error" and OpenSSL's reason for a failed handshake.
      // A reset is the system's error ("Connection reset by peer"), not OpenSSL's.
      const reset = (error as NodeJS.ErrnoException | undefined)?.code === 'ECONNRESET';
      if (handshaking)
        guarded(() =>
          session.tlsFailed(reset ? { systemError: 'Connection reset by peer' } : error?.message),
        );
      else guarded(() => session.clientClosed());
    }
    reset();
  }

  function watch(s: Socket): void {
    s.on('end', clientEnded);
    s.on('error', transportFailed);
    // Both the TCP and the TLS socket report the close; the session hears it once.
    s.once('close', () => {
      if (disposed) return;
      disposed = true;
      output.stop();
      guarded(() => {
        if (!session.closed) {
          if (handshaking) session.tlsFailed();
          else session.clientClosed();
        }
        session.dispose();
      });
    });
  }

  /** smtpd looks for client talk before its banner (smtpd_proto(): "improper command
   * pipelining after CONNECT", with smtpd_forbid_unauth_pipelining a 554): bytes that a
   * client sends the moment it connects are in by the time a real smtpd checks, so the
   * session starts at the client's first bytes or after PREGREET_WINDOW_MS, whichever comes
   * first. Not for TLS wrappermode, where the client speaks first by design. */
  function startSoon(): void {
    const startSession = () => {
      if (!disposed) guarded(() => session.start());
    };
    if (options.profile.tls.implicit) {
      startSession();
      return;
    }
    const timer = setTimeout(() => {
      socket.off('data', onFirstData);
      startSession();
    }, PREGREET_WINDOW_MS);
    const onFirstData = () => {
      clearTimeout(timer);
      startSession();
    };
    socket.once('data', onFirstData); // after onData: the bytes are in the session first
  }

  socket.setNoDelay(true); // one reply, one segment: no Nagle wait behind the client's ACK
  watch(socket);
  socket.on('data', onData);
  startSoon();

  return {
    destroy() {
      output.stop();
      session.dispose();
      socket.destroy();
    },
  };
}

/** Resolves once the octets are handed to the kernel (or the socket is gone). */
function write(stream: Socket, wire: string): Promise<void> {
  if (stream.destroyed || stream.writableEnded) return Promise.resolve();
  return new Promise((resolve) => stream.write(Buffer.from(wire, 'latin1'), () => resolve()));
}
