// The data a server session carries between commands (XState context), and what a verb
// handler decides (an outcome the statechart applies).
import type { PolicyMemory } from './policy/memory.ts';
import type { ServerProfile } from './profile.ts';
import type { ClientEndpoint, DeliveredMessage, RelayedMessage, Reply, TlsInfo } from './types.ts';

export interface Transaction {
  readonly sender: string;
  readonly recipients: readonly string[];
  /** Octets received so far through BDAT chunks. */
  readonly chunked: string | null;
  /** MAIL FROM asked for SMTPUTF8 (RFC 6531 §3.4): UTF-8 domains are then allowed. */
  readonly smtputf8?: boolean;
  /** A BDAT chunk was refused: the rest of this message is discarded. */
  readonly chunkFailed?: boolean;
  /** Headers the policy service answered PREPEND with at RCPT (postgrey's X-Greylist):
   * smtpd writes them above its Received: header (state->prepend, cleared with the
   * transaction). */
  readonly prepend?: readonly string[];
}

export interface AuthExchange {
  readonly mechanism: 'PLAIN' | 'LOGIN';
  /** What the next client line answers. */
  readonly awaiting: 'response' | 'username' | 'password';
  readonly username: string;
}

export interface SessionContext {
  readonly profile: ServerProfile;
  readonly client: ClientEndpoint;
  readonly serverAddresses: readonly string[];
  readonly helo: { readonly name: string; readonly esmtp: boolean } | null;
  readonly tls: TlsInfo | null;
  readonly authenticatedAs: string | null;
  readonly transaction: Transaction | null;
  readonly authExchange: AuthExchange | null;
  /** smtpd error_count: drives smtpd_soft_error_limit / smtpd_hard_error_limit. */
  readonly errors: number;
  /** smtpd junk_cmds: HELO, EHLO, RSET, NOOP, VRFY and ETRN so far (smtpd_junk_command_limit). */
  readonly junkCommands: number;
  /** Policies that remember across connections (greylisting): the server's memory. */
  readonly policy: PolicyContext;
  /** Where accepted mail is written before the 250 (cleanup(8)'s queue file, here the
   * mailbox entries): null when written, else the system's reason. */
  readonly writeQueueFile?: QueueFileWriter;
}

export type QueueFileWriter = (entries: readonly DeliveredMessage[]) => string | null;

export interface PolicyContext {
  readonly memory: PolicyMemory;
  /** Milliseconds on the server's clock, for the greylisting delay. */
  readonly now: () => number;
}

/** Where a command takes the dialogue; absent: it stays where it is. */
export type Intent =
  | 'hello' // HELO/EHLO accepted: transaction reset
  | 'transaction' // MAIL accepted
  | 'recipient' // RCPT accepted
  | 'data' // 354 sent
  | 'chunk' // a BDAT chunk is coming
  | 'reset' // RSET
  | 'tls' // 220 Ready to start TLS
  | 'auth.challenge' // 334 sent, the client's response is next
  | 'authenticated' // 235
  | 'auth.ended' // the exchange ended without success
  | 'quit' // 221 and close
  | 'hangup'; // an error after which the server closes (a malformed BDAT)

export interface Outcome {
  readonly reply: Reply;
  /** Counts toward the error limits (the handler returned -1 in smtpd.c). */
  readonly failed: boolean;
  /** Extra wait before the reply (the SASL failure delay). */
  readonly delayMs?: number;
  readonly intent?: Intent;
  /** A restriction said no (logged as "NOQUEUE: reject: ..."), not a syntax or sequence error. */
  readonly policy?: boolean;
  /** Messages handed to local delivery when the outcome is applied. */
  readonly deliveries?: readonly DeliveredMessage[];
  /** The message for recipients elsewhere, queued for the next hop. */
  readonly relay?: RelayedMessage;
  /** Log lines the command writes before its reply ("warning: Illegal address syntax ..."). */
  readonly logs?: readonly string[];
  /** A message was queued: earlier errors and junk commands are forgiven (smtpd.c
   * common_post_message_handling() zeroes error_count and junk_cmds). */
  readonly forgiven?: boolean;
  readonly update?: Partial<
    Pick<SessionContext, 'helo' | 'transaction' | 'authExchange' | 'authenticatedAs'>
  >;
}

export const accept = (reply: Reply, intent?: Intent, update?: Outcome['update']): Outcome => ({
  reply,
  failed: false,
  intent,
  update,
});

export const refuse = (reply: Reply, update?: Outcome['update'], delayMs?: number): Outcome => ({
  reply,
  failed: true,
  update,
  delayMs,
});
