// The trace: typed events of everything that happens in the world, stamped with virtual
// time. The terminal view, the path diagram, the server logs and the lesson checks all read
// it; nothing reads the terminal text to decide anything.
import type { IcmpType } from '../net/hop-policy.ts';
import type { PathEvent } from '../net/path.ts';

/** Every event of one TCP connection carries its number. */
interface OnConnection {
  readonly conn: number;
}

export type ConnectionEvent =
  /** A client starts a connection: who, to where, over which hops (in order). */
  | {
      readonly type: 'tcp.open';
      readonly conn: number;
      readonly client: string;
      readonly clientAddress: string;
      readonly host: string;
      readonly address: string;
      readonly port: number;
      readonly hops: readonly string[];
    }
  | (PathEvent & OnConnection)
  /** A line the client sent (a command, an AUTH response, or a DATA line). */
  | {
      readonly type: 'smtp.cmd';
      readonly conn: number;
      readonly host: string;
      readonly port: number;
      readonly line: string;
      /** Sent inside TLS: every hop on the way sees only ciphertext. */
      readonly tls: boolean;
    }
  /** The lines of a message body past the first TRACED_BODY_LINES, counted rather than
   * traced one by one (a 3 MiB attachment is 55,000 lines): traced once the body ends. */
  | {
      readonly type: 'smtp.data.elided';
      readonly conn: number;
      readonly host: string;
      readonly port: number;
      readonly lines: number;
      /** Their octets on the wire, line ends included. */
      readonly octets: number;
      readonly tls: boolean;
    }
  | {
      readonly type: 'smtp.reply';
      readonly conn: number;
      readonly host: string;
      readonly port: number;
      readonly code: number;
      readonly lines: readonly string[];
      readonly tls: boolean;
      /** The command it answers, as the server read it: "RCPT", "." (end of data), "AUTH";
       * null for the greeting or a goodbye. Pipelined commands are all traced before their
       * replies, so their order alone cannot tell. */
      readonly answers: string | null;
    }
  /** This connection is now encrypted, client to server (STARTTLS, or implicit TLS on
   * 465); the next hop of a relayed message is another connection (RFC 3207 §6). */
  | {
      readonly type: 'tls.up';
      readonly conn: number;
      readonly host: string;
      readonly port: number;
      readonly protocol: string;
      readonly cipher: string;
      /** The server name the ClientHello carried in plaintext (RFC 6066 §3), if any. */
      readonly sni: string | null;
    }
  /** A client checked the server's certificate against the name it expected (openssl
   * s_client -verify_hostname: X509_check_host(); RFC 6125 §6). */
  | {
      readonly type: 'tls.name-check';
      readonly conn: number;
      readonly host: string;
      readonly port: number;
      /** The name the client expected. */
      readonly expected: string;
      /** The DNS name the certificate is issued for. */
      readonly certificate: string;
      readonly matches: boolean;
    }
  /** A hop rewrote what passed through it (STARTTLS stripped from an EHLO reply). */
  | {
      readonly type: 'hop.tamper';
      readonly conn: number;
      readonly hop: string;
      readonly what: 'strip-starttls';
      readonly before: string;
      readonly after: string;
    }
  /** Where the server's session stands after a reply or a handshake (its statechart's
   * dialogue state), for the protocol-state view. */
  | {
      readonly type: 'smtp.state';
      readonly conn: number;
      readonly host: string;
      readonly port: number;
      readonly phase: string;
      readonly secure: boolean;
      readonly authenticatedAs: string | null;
    }
  /** A TLS handshake failed (plaintext where TLS was expected, or the other way round). */
  | {
      readonly type: 'tls.failed';
      readonly conn: number;
      readonly host: string;
      readonly reason: string;
    }
  | {
      readonly type: 'auth.ok' | 'auth.failed';
      readonly conn: number;
      readonly host: string;
      /** The SASL login, when it succeeded. */
      readonly user: string | null;
    }
  | {
      readonly type: 'tcp.closed';
      readonly conn: number;
      readonly host: string;
      readonly port: number;
      readonly by: 'client' | 'server';
    };

/** One TTL of a traceroute: where its probes got to and what came back. */
export interface TracerouteHopEvent {
  readonly type: 'traceroute.hop';
  /** The host traced to. */
  readonly host: string;
  readonly protocol: 'udp' | 'tcp';
  /** The destination port of this TTL's first probe (UDP moves on one port per probe). */
  readonly port: number;
  readonly ttl: number;
  /** The path hop that answered or silently dropped the probes; the host's name once reached. */
  readonly hop: string;
  /** Time exceeded from a router; the host itself ("reached"); a reset a hop sent in the
   * host's name; a hop's ICMP error; or nothing ("none": the hop dropped them). */
  readonly answer: 'time-exceeded' | 'reached' | 'reset' | IcmpType | 'none';
}

export type MailEvent =
  | { readonly type: 'mail.queued'; readonly host: string; readonly queueId: string }
  /** A message stored in a local mailbox (local(8)). */
  | {
      readonly type: 'mail.delivered';
      readonly host: string;
      readonly queueId: string;
      readonly mailbox: string;
      /** The mailbox entry, Received: chain included. */
      readonly content: string;
    }
  /** smtp(8) handed the message to the next hop (250 after the dot). */
  | {
      readonly type: 'mail.relayed';
      readonly host: string;
      readonly queueId: string;
      readonly to: readonly string[];
      readonly relay: string;
      readonly tls: boolean;
    }
  /** A temporary failure: the message stays in the queue and is tried again later. */
  | {
      readonly type: 'mail.deferred';
      readonly host: string;
      readonly queueId: string;
      readonly to: readonly string[];
      readonly reason: string;
      readonly retryInMs: number;
    }
  /** A permanent failure: the sender gets a bounce. */
  | {
      readonly type: 'mail.bounced';
      readonly host: string;
      readonly queueId: string;
      readonly to: readonly string[];
      readonly reason: string;
    }
  /** A DNS question and its answers (MX lookups by tools and by mail servers). */
  | {
      readonly type: 'dns.query';
      readonly from: string;
      readonly name: string;
      readonly qtype: string;
      readonly answers: readonly string[];
      /** The DNS tool the learner asked with (dig, nslookup); absent for a resolver's own
       * lookups (telnet's getaddrinfo, an MTA's MX lookup). */
      readonly tool?: string;
    };

/** A line a server's mail system logs ("postfix/smtpd", "postfix/smtp", "postfix/qmgr"...). */
export interface LogEvent {
  readonly type: 'server.log';
  readonly host: string;
  /** syslog_name/program, as the log line's tag shows it. */
  readonly program: string;
  /** One process per connection or delivery: the [pid] of the log line. */
  readonly pid: number;
  readonly message: string;
}

/** The learner ran a tool, and what it exited with (lesson goals: "a tool used"). */
export type ToolEvent =
  | { readonly type: 'tool.run'; readonly tool: string; readonly args: readonly string[] }
  | { readonly type: 'tool.exit'; readonly tool: string; readonly status: number };

/** The learner answered a lesson's quiz question (choice: 0-based); the lesson judges it. */
export interface LessonEvent {
  readonly type: 'lesson.answer';
  readonly question: string;
  readonly choice: number;
}

/** A trainer flipped a live switch (src/engine/world/switches.ts). */
export interface SwitchEvent {
  readonly type: 'world.switch';
  readonly name: string;
  readonly value: string;
}

export type TraceEvent =
  | ConnectionEvent
  | MailEvent
  | LogEvent
  | ToolEvent
  | TracerouteHopEvent
  | LessonEvent
  | SwitchEvent;

/** A trace event and the virtual time (ms since the world started) it happened at. */
export interface Traced {
  readonly at: number;
  readonly event: TraceEvent;
}

/** The events of one kind, narrowed. */
export type TraceOf<T extends TraceEvent['type']> = Extract<TraceEvent, { type: T }>;
