// The public shapes of the SMTP server engine. Everything here is plain data so that the
// browser, Vitest, the terminal edition and the TCP adapter can share it (sans-I/O).
//
// Wire text is carried as "octet strings": JS strings whose every char code is one byte
// (0-255), exactly what Node's Buffer#toString('latin1') gives. Postfix works on bytes
// (line_length_limit counts bytes, SMTPUTF8 addresses are echoed byte for byte), so the
// engine does too. `octets.ts` converts to and from readable text.

/** One SMTP reply: RFC 5321 §4.2 code, optional RFC 3463 enhanced code, and its text lines. */
export interface Reply {
  readonly code: number;
  /** "2.1.0" etc., or null where Postfix sends none (banner, HELO/EHLO, 354, 334, ETRN 459...). */
  readonly enhanced: string | null;
  /** Each line's text after "ddd-"/"ddd " (the enhanced code, when present, included). */
  readonly lines: readonly string[];
}

/** Why the server ends a connection. */
export type CloseReason =
  | 'quit' // 221 after QUIT
  | 'too-many-errors' // 421 4.7.0 at smtpd_hard_error_limit
  | 'timeout' // 421 4.4.2 at smtpd_timeout
  | 'non-smtp-command' // 221 2.7.0 for HTTP / bogus first byte (smtpd_forbidden_commands)
  | 'pipelining' // 554 5.5.0 with smtpd_forbid_unauth_pipelining
  | 'bare-lf' // 550 5.5.2 bare <LF> in a command (smtpd_forbid_bare_newline=reject)
  | 'bad-bdat' // 521 for a BDAT whose chunk size cannot be known
  | 'tls-failed' // plaintext (or garbage) where a TLS handshake was expected: connection reset
  | 'tls-timeout' // no handshake within smtpd_starttls_timeout: closed without a word
  | 'rate-limit'; // 421 4.7.0 instead of the banner (smtpd_client_connection_rate_limit)

/** What a session asks its host to do. Effects arrive in order through `onEffect`. */
export type SessionEffect =
  | {
      readonly type: 'reply';
      readonly reply: Reply;
      /** The exact octets to write, CRLF line ends included. */
      readonly wire: string;
      /** Wait this long before writing (smtpd_error_sleep_time, SASL failure delay). */
      readonly delayMs: number;
      /** What it answers: a command's first word ("RCPT"), "." for the end of the data, AUTH
       * for an AUTH exchange's lines; null for the greeting and for a goodbye. */
      readonly answers?: string | null;
    }
  /** Start the TLS handshake now (after "220 2.0.0 Ready to start TLS", or at connect for
   * implicit TLS); call `tlsEstablished()` when it completes. Bytes received meanwhile
   * belong to the handshake, not to SMTP. */
  | { readonly type: 'tls.start' }
  /** Close the connection once every earlier reply is written. */
  | { readonly type: 'close'; readonly reason: CloseReason }
  /** One Postfix smtpd log line without the syslog prefix, e.g. "connect from localhost[127.0.0.1]".
   * `program: 'cleanup'`: a line cleanup(8) writes about the message smtpd is handing it. */
  | { readonly type: 'log'; readonly message: string; readonly program?: 'cleanup' }
  /** A message accepted for local delivery: the mailbox text as Postfix's local(8) writes it. */
  | { readonly type: 'deliver'; readonly message: DeliveredMessage }
  /** A message queued for recipients in other domains: a world's MTA hands it to smtp(8) for
   * the next hop; the TCP adapter, like the recorded server, discards it. */
  | { readonly type: 'relay'; readonly message: RelayedMessage };

export interface DeliveredMessage {
  readonly queueId: string;
  readonly sender: string;
  readonly recipients: readonly string[];
  /** The message as stored, in octets: Received: header added, dot-unstuffed, CRLF turned
   * to LF. */
  readonly content: string;
}

export interface RelayedMessage {
  readonly queueId: string;
  readonly sender: string;
  /** The recipients outside this server's domains, for the next hop. */
  readonly recipients: readonly string[];
  /** The message as queued: the Received: header added, LF line ends. */
  readonly content: string;
}

/** Who is connecting: shown in Received: headers and log lines as `hostname[address]`. */
export interface ClientEndpoint {
  readonly hostname: string; // "localhost", "unknown" when reverse DNS fails
  readonly address: string; // "127.0.0.1", "::1", "203.0.113.45"
}

/** Facts about a completed TLS handshake (Postfix logs them and notes ESMTPS). */
export interface TlsInfo {
  readonly protocol: string; // "TLSv1.3"
  readonly cipher: string; // "TLS_AES_256_GCM_SHA384"
  readonly bits: number; // 256
  /** TLS 1.3 only, as Postfix logs it: "X25519", "ECDHE (prime256v1)". */
  readonly keyExchange?: string;
  readonly serverSignature?: {
    readonly algorithm: string; // "RSA-PSS"
    readonly bits: number; // the certificate key's, 2048
    readonly digest: string; // "SHA256"
  };
}
