// The sans-I/O face of one SMTP server connection: octets in, effects out.
import type { PolicyMemory } from './policy/memory.ts';
import type { QueueFileWriter } from './context.ts';
import type { ServerProfile } from './profile.ts';
import type { ClientEndpoint, SessionEffect, TlsInfo } from './types.ts';

/** What the session needs of a clock for smtpd_timeout: XState's SimulatedClock fits, for
 * virtual time; the default is the real timers. */
export interface Clock {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
}

export interface SessionOptions {
  readonly profile: ServerProfile;
  /** Who connects; default localhost[127.0.0.1] like the recorded corpus. */
  readonly client?: ClientEndpoint;
  /** The server's own addresses (inet_interfaces), so "bob@[127.0.0.1]" is local mail.
   * Default: the loopback addresses. */
  readonly serverAddresses?: readonly string[];
  /** Receives every effect, in order, synchronously while a call runs or when a timer fires. */
  readonly onEffect: (effect: SessionEffect) => void;
  /** XState clock for smtpd_timeout: real timers by default; a SimulatedClock for virtual time. */
  readonly clock?: Clock;
  /** Wall clock for Received: headers. */
  readonly now?: () => Date;
  /** Queue id generator (Postfix: 10-11 upper-case hex digits). */
  readonly nextQueueId?: () => string;
  /** What the server's policies remember across its connections (anvil, greylisting);
   * default: a memory of this connection alone. */
  readonly memory?: PolicyMemory;
  /** Writes accepted mail before the 250 (see SessionContext.writeQueueFile); a failure is
   * answered "451 4.3.0 Error: queue file write error". Default: always written. */
  readonly writeQueueFile?: QueueFileWriter;
}

export interface ServerSession {
  /** The connection is up: emits the banner, or `tls.start` first for implicit TLS. */
  start(): void;
  /** Octets from the client, in any chunking. */
  receive(octets: string): void;
  /** The TLS handshake asked for by `tls.start` completed. */
  tlsEstablished(info?: TlsInfo): void;
  /** The TLS handshake asked for by `tls.start` failed: `reason` is the TLS library's error,
   * or the system's when the transport broke under it ("Connection reset by peer"); none: the
   * client just left. */
  tlsFailed(reason?: string | { readonly systemError: string }): void;
  /** The client closed the connection (or the transport failed). */
  clientClosed(): void;
  /** Cancels timers; the session says nothing more. */
  dispose(): void;
  /** The protocol state, for display: "awaitingHello", "mailTransaction", "receivingData"... */
  readonly phase: string;
  readonly secure: boolean;
  readonly authenticatedAs: string | null;
  readonly closed: boolean;
  /** Client octets the session holds in memory now (unread input, the message so far):
   * bounded by line_length_limit and message_size_limit whatever the client sends. */
  readonly heldOctets: number;
}

export { createServerSession } from './server-session.ts';
