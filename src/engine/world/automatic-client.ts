// Runs the client statechart over a world connection: what it sends goes to the server, the
// server's replies, the TLS handshake's result and the close come back to it as events.
// swaks, curl and the relaying smtp(8) all go through here; each watches the chart's
// emitted events to print (or log) in its own words. A tool that streams its message (curl
// -T -, reading what the learner types) gets the session back after the 354 and hands the
// message over piece by piece.
import { createActor } from 'xstate';
import { clientMachine } from '../smtp/client/client.machine.ts';
import type { ClientEmitted, ClientEvent, ClientPlan, ClientResult } from '../smtp/client/plan.ts';
import type { ClientEndpoint } from '../smtp/types.ts';
import { Connection, type Dialled } from './connection.ts';
import type { Simulation } from './simulation.ts';
import type { Host } from './world.ts';

export interface AutomaticClientOptions {
  readonly plan: ClientPlan;
  /** How the server sees the client (hostname[address] in its log and Received: header). */
  readonly endpoint: ClientEndpoint;
  /** How long the client waits for a reply before giving up (swaks --timeout). */
  readonly replyTimeoutMs: number;
  /** Virtual time passes (a tool shows it; a background relay just lets it pass). */
  readonly wait: (ms: number) => void;
  /** Everything the chart emits, with the connection as it stands when it does. */
  readonly observe: (emitted: ClientEmitted, connection: Connection) => void;
  /** The TLS handshake completed (swaks prints the cipher and the peer's certificate). */
  readonly onTlsUp?: () => void;
  /** A TLS handshake failed, with the TLS library's reason. */
  readonly onTlsFailure?: (reason: string) => void;
  /** The client's verdict on the server's certificate: null to accept it, or why not (curl
   * without -k refuses a self-signed one). */
  readonly checkCertificate?: () => string | null;
  /** The server name the client's ClientHello carries (RFC 6066 §3): curl sends the URL's
   * host name; swaks (without --tls-sni) and Postfix (smtp_tls_servername empty) send none. */
  readonly sni?: string | null;
}

/** A session under way: finished, or waiting for the tool to stream its message. */
export interface AutomaticClient {
  /** The outcome once the session has ended; null while it waits for the message. */
  readonly result: ClientResult | null;
  /** The next piece of a streamed message, as octets (ClientPlan.streamedBody). */
  write(octets: string): void;
  /** The last piece, with the tool's end of data; the session then runs to its end. */
  end(octets: string): void;
  /** The tool was killed: the connection just closes. */
  abort(): void;
}

/** Start a session and run it as far as it goes without the tool. */
export function startAutomaticClient(
  sim: Simulation,
  dialled: Dialled,
  host: Host,
  port: number,
  options: AutomaticClientOptions,
): AutomaticClient {
  const inbox: ClientEvent[] = [];
  const connection = new Connection(sim, dialled, host, port, {
    endpoint: options.endpoint,
    end: {
      reply: (reply) => inbox.push({ type: 'reply', reply }),
      closed: () => inbox.push({ type: 'closed' }),
      wait: options.wait,
    },
  });
  const actor = createActor(clientMachine, { input: options.plan });
  actor.on('*', (emitted: ClientEmitted) => {
    options.observe(emitted, connection);
    switch (emitted.type) {
      case 'send':
        return connection.send(emitted.lines);
      case 'write':
        return connection.sendRaw(emitted.octets);
      case 'tls.start': {
        const before = inbox.length;
        const handshake = connection.handshake(
          options.checkCertificate?.() ?? null,
          options.sni ?? null,
        );
        if (handshake.ok) {
          options.onTlsUp?.();
          // The handshake comes before whatever the server says inside TLS (the banner on 465).
          return inbox.splice(before, 0, { type: 'tls.up' });
        }
        options.onTlsFailure?.(handshake.reason);
        // Before the close a failed handshake may bring from the server.
        return inbox.splice(before, 0, { type: 'tls.failed' });
      }
      case 'close':
        return connection.close();
    }
  });

  const active = () => actor.getSnapshot().status === 'active';
  const streaming = () => actor.getSnapshot().matches('streaming');
  /** Run until the session ends, or until it waits for the tool's message. */
  const pump = () => {
    while (active()) {
      const next = inbox.shift();
      if (next) {
        actor.send(next);
        continue;
      }
      if (streaming()) return;
      // Nothing to read: the client waits out its timeout (the server may speak meanwhile).
      options.wait(options.replyTimeoutMs);
      actor.send(inbox.shift() ?? { type: 'timeout' });
    }
    if (!connection.closed) connection.close();
  };
  // The server speaks first (its banner, or on 465 its wait for a ClientHello).
  connection.open();
  actor.start();
  pump();

  const feed = (event: ClientEvent) => {
    if (!active()) return;
    actor.send(event);
    pump();
  };
  return {
    get result() {
      return active() ? null : (actor.getSnapshot().output ?? null);
    },
    write: (octets) => feed({ type: 'body.write', octets }),
    end: (octets) => feed({ type: 'body.end', octets }),
    abort: () => {
      actor.stop();
      connection.close();
    },
  };
}

/** Run a session whose message is in its plan, start to end. */
export function runAutomaticClient(
  sim: Simulation,
  dialled: Dialled,
  host: Host,
  port: number,
  options: AutomaticClientOptions,
): ClientResult {
  const result = startAutomaticClient(sim, dialled, host, port, options).result;
  if (result === null) throw new Error('a streamed message needs startAutomaticClient');
  return result;
}
