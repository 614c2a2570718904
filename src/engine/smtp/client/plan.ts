// What an automatic SMTP client (swaks, curl, Postfix's smtp(8) relaying onward) sets out to
// do, and what it reports at the end. The client statechart (client.machine.ts) follows the
// plan; each tool phrases the same events and result in its own words.

/** STARTTLS policy (RFC 3207): never, when offered (smtp_tls_security_level=may, swaks
 * --tls-optional), demanded (=encrypt, swaks --tls, curl --ssl-reqd), or TLS from the first
 * byte (port 465, RFC 8314 §3.3: swaks --tlsc, curl smtps://). */
export type TlsPolicy = 'none' | 'optional' | 'required' | 'implicit';

/** Where a session can stop on purpose (swaks --quit-after). */
export type QuitPoint = 'connect' | 'first-helo' | 'tls' | 'helo' | 'auth' | 'mail' | 'rcpt';

export type SaslMechanism = 'PLAIN' | 'LOGIN';

export interface AuthPlan {
  readonly user: string;
  readonly password: string;
  /** Mechanisms to try, in this order, among those the server advertises (RFC 4954 §3). */
  readonly mechanisms: readonly SaslMechanism[];
  /** Send the first response with the AUTH command (swaks) or after an empty 334 (curl). */
  readonly initialResponse: boolean;
  /** Without AUTH on offer, give up (swaks --auth) rather than go on unauthenticated (curl). */
  readonly required: boolean;
  /** After a refusal, try the next mechanism (swaks; the default); curl gives up at once. */
  readonly tryEachMechanism?: boolean;
}

/** A message the tool writes itself after the 354, in pieces as it reads them, with its own
 * escaping and end of data (curl -T): it arrives as `body.write` and `body.end` events. */
export interface StreamedBody {
  /** The size known in advance (a file's), declared with SIZE (RFC 1870); null: unknown. */
  readonly size: number | null;
}

export interface ClientPlan {
  /** The EHLO name. */
  readonly helo: string;
  readonly from: string;
  readonly to: readonly string[];
  readonly tls: TlsPolicy;
  readonly auth: AuthPlan | null;
  /** Send MAIL, RCPT and DATA as one group when PIPELINING is offered (RFC 2920). */
  readonly pipelining: boolean;
  /** Append SIZE=<n> to MAIL FROM when the server advertises SIZE (RFC 1870), as smtp(8) does. */
  readonly declareSize: boolean;
  /** Add ORCPT=rfc822;<address> to RCPT when the server offers DSN (RFC 3461 §4.2), as
   * smtp(8) does. */
  readonly orcpt?: boolean;
  /** After every recipient was refused in a pipelined group, read DATA's refusal and send RSET
   * before QUIT (smtp(8)). */
  readonly resetAfterRefusal?: boolean;
  readonly quitAfter: QuitPoint | null;
  /** Send QUIT after the message (curl keeps the connection for reuse and just closes). */
  readonly quitWhenDone: boolean;
  /** The message lines, before dot-stuffing (RFC 5321 §4.5.2). */
  readonly message: readonly string[];
  /** The tool streams the message instead of `message` (curl -T). */
  readonly streamedBody?: StreamedBody;
  /** Instead of a mail transaction, these commands one after another, each to be answered
   * 2xx (curl without -T: HELP, or VRFY for each --mail-rcpt). */
  readonly commands?: readonly string[];
  /** A refused RCPT ends the transaction at once (curl without --mail-rcpt-allowfails);
   * otherwise DATA follows when any recipient was accepted (swaks, smtp(8); the default). */
  readonly refusedRecipientEnds?: boolean;
  /** After a failure: QUIT, then close (swaks, smtp(8); the default), or QUIT only once past
   * the connect phase (curl: a refused banner, EHLO, STARTTLS or AUTH, or a reply that never
   * came, leaves a connection it just closes; a refused MAIL, RCPT or DATA gets a QUIT). */
  readonly quitOnFailure?: 'always' | 'after-connect-phase';
}

/** What the client noticed that is not a reply: each tool words these its own way. */
export type ClientNotice =
  | 'starttls-not-advertised'
  | 'starttls-refused'
  | 'auth-not-advertised'
  | 'auth-type-unavailable'
  | 'auth-failed'
  | 'reply-timeout';

/** How far the session got: where it failed, or "done". */
export type ClientStage =
  | 'banner'
  | 'helo'
  | 'tls'
  | 'helo-after-tls'
  | 'auth'
  | 'mail'
  | 'rcpt'
  | 'data'
  | 'body'
  | 'command'
  | 'quit'
  | 'done';

/** A reply as the client read it: each line whole ("250-PIPELINING"), CRLF taken off. */
export interface SeenReply {
  readonly code: number;
  readonly lines: readonly string[];
}

export interface ClientResult {
  /** The message was accepted (250 after the final dot), or the planned quit point reached. */
  readonly ok: boolean;
  /** Where it stopped: the failing step, or "done". */
  readonly stage: ClientStage;
  /** The reply that ended it, when a reply did. */
  readonly reply: SeenReply | null;
  readonly accepted: readonly string[];
  readonly rejected: readonly { readonly recipient: string; readonly reply: SeenReply }[];
  /** The queue id the server gave the message ("250 2.0.0 Ok: queued as 4F2A1168150"). */
  readonly queueId: string | null;
  /** The server went away before the session ended. */
  readonly lostConnection: boolean;
}

/** What the chart asks of the connection, and tells its tool, in order. */
export type ClientEmitted =
  /** Lines to write, CRLF added by the transport; several at once when pipelining. */
  | { readonly type: 'send'; readonly lines: readonly string[]; readonly what: ClientStage }
  /** Octets to write as they are (a streamed body: the tool's line ends, escaping and end). */
  | { readonly type: 'write'; readonly octets: string }
  /** A reply the client read, and whether it was the one it waited for. */
  | { readonly type: 'received'; readonly reply: SeenReply; readonly expected: boolean }
  | { readonly type: 'tls.start' }
  | { readonly type: 'notice'; readonly notice: ClientNotice }
  /** The session failed (the first failure only): refused by a reply, no reply in time, the
   * server gone, the TLS handshake failed, or the client itself gave up (STARTTLS or AUTH not
   * on offer). */
  | {
      readonly type: 'failed';
      readonly stage: ClientStage;
      readonly reply: SeenReply | null;
      readonly cause: 'reply' | 'timeout' | 'closed' | 'tls' | 'client';
    }
  /** The client hangs up (after 221, on a TLS failure, or when done without QUIT). */
  | { readonly type: 'close' };

export type ClientEvent =
  | { readonly type: 'reply'; readonly reply: SeenReply }
  | { readonly type: 'tls.up' }
  | { readonly type: 'tls.failed' }
  /** The client's own timeout waiting for a reply expired. */
  | { readonly type: 'timeout' }
  /** The next piece of a streamed body, and its last piece with the end of data. */
  | { readonly type: 'body.write'; readonly octets: string }
  | { readonly type: 'body.end'; readonly octets: string }
  | { readonly type: 'closed' };
