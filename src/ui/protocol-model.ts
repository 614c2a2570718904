// Where the server's side of the learner's latest SMTP session stands, read from the trace's
// smtp.state events: the dialogue state of the server statechart (server.machine.ts), TLS and
// AUTH, and the commands that make sense now (RFC 5321 §4.1.4 ordering, RFC 3207, RFC 4954).
import type { Traced } from '../engine/world/trace.ts';

export interface DialogueState {
  readonly id: string;
  readonly name: string;
  /** What the client may send here. */
  readonly legal: string;
}

/** The server chart's dialogue states, in the order a session walks them. */
export const DIALOGUE: readonly DialogueState[] = [
  { id: 'greeting', name: 'Greeting', legal: 'nothing yet: the server speaks first' },
  {
    id: 'awaitingHello',
    name: 'Awaiting HELO/EHLO',
    legal: 'EHLO or HELO (also NOOP, RSET, VRFY, QUIT)',
  },
  {
    id: 'ready',
    name: 'Ready',
    legal: 'MAIL FROM, STARTTLS, AUTH, EHLO again, RSET, NOOP, VRFY, QUIT',
  },
  { id: 'mailTransaction', name: 'Mail transaction', legal: 'RCPT TO (also RSET, NOOP, QUIT)' },
  {
    id: 'recipients',
    name: 'Recipients',
    legal: 'more RCPT TO, DATA or BDAT (also RSET, NOOP, QUIT)',
  },
  {
    id: 'receivingData',
    name: 'Receiving the message',
    legal: 'message lines, then a line with a single dot',
  },
  {
    id: 'authExchange',
    name: 'AUTH exchange',
    legal: 'the base64 answer to the 334, or * to cancel',
  },
  { id: 'tlsHandshake', name: 'TLS handshake', legal: 'a TLS ClientHello, not SMTP' },
  { id: 'closed', name: 'Closed', legal: 'nothing: the connection is gone' },
];

export interface ProtocolPicture {
  /** "mx.example.org port 25", or null before any SMTP session. */
  readonly server: string | null;
  readonly phase: string | null;
  readonly secure: boolean;
  readonly authenticatedAs: string | null;
  /** Dialogue states this session has been through, oldest first (the reset after STARTTLS
   * and after a second EHLO shows as a return to an earlier state). */
  readonly visited: readonly string[];
}

export function protocolPicture(trace: readonly Traced[], laptop: string): ProtocolPicture {
  let conn = -1;
  let server: string | null = null;
  for (let i = trace.length - 1; i >= 0 && conn === -1; i--) {
    const e = trace[i]!.event;
    if (e.type === 'tcp.open' && e.client === laptop) {
      conn = e.conn;
      server = `${e.host} port ${e.port}`;
    }
  }
  const states = trace.flatMap(({ event }) =>
    event.type === 'smtp.state' && event.conn === conn ? [event] : [],
  );
  const last = states.at(-1);
  const visited: string[] = [];
  for (const s of states) if (visited.at(-1) !== s.phase) visited.push(s.phase);
  return {
    server: last ? server : null,
    phase: last?.phase ?? null,
    secure: last?.secure ?? false,
    authenticatedAs: last?.authenticatedAs ?? null,
    visited,
  };
}
