// The trace: typed events of everything that happens in the world, stamped with virtual
// time. The terminal view, the path diagram, the server logs and the lesson checks all read
// it; nothing reads the terminal text to decide anything.
import type { IcmpType } from '../net/hop-policy.ts';
import type { PathEvent } from '../net/path.ts';

export type SmtpEvent =
  /** A line the client sent (a command, an AUTH response, or a DATA line). */
  | {
      readonly type: 'smtp.cmd';
      readonly host: string;
      readonly port: number;
      readonly line: string;
    }
  | {
      readonly type: 'smtp.reply';
      readonly host: string;
      readonly port: number;
      readonly code: number;
      readonly lines: readonly string[];
    }
  /** The connection is now encrypted end to end (STARTTLS, or implicit TLS on 465). */
  | { readonly type: 'tls.up'; readonly host: string; readonly port: number }
  | { readonly type: 'mail.queued'; readonly host: string; readonly queueId: string }
  | {
      readonly type: 'mail.delivered';
      readonly host: string;
      readonly mailbox: string;
      readonly content: string;
    }
  | { readonly type: 'smtp.log'; readonly host: string; readonly message: string }
  | {
      readonly type: 'tcp.closed';
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

export type TraceEvent = PathEvent | SmtpEvent | TracerouteHopEvent;

/** A trace event and the virtual time (ms since the shell started) it happened at. */
export interface Traced {
  readonly at: number;
  readonly event: TraceEvent;
}
