// Step-through playback: a script's run cut into the steps a trainer narrates, one packet or
// one decision at a time, each with what the hop did or what the reply means.
import { explainReply } from '../engine/smtp/explain.ts';
import type { TraceEvent, Traced } from '../engine/world/trace.ts';
import type { World } from '../engine/world/world.ts';

export interface PlaybackStep {
  /** The trace up to and including this step (the diagram draws it). */
  readonly upTo: number;
  readonly text: string;
}

// RFC 8314 §7.3 registers 465 as "submissions" (message submission over TLS).
const PORTS: Readonly<Record<number, string>> = {
  25: 'SMTP',
  465: 'submissions',
  587: 'submission',
};

/** Every hop any path of the world has, by id, for its name. */
function hopNames(world: World): Map<string, string> {
  const names = new Map<string, string>();
  for (const host of world.hosts) for (const hop of world.pathTo(host)) names.set(hop.id, hop.name);
  for (const host of world.hosts) names.set(host.name, host.name);
  return names;
}

/** Who is at each end of a connection, from its tcp.open (the events after it name only the
 * hop or the host). */
interface Ends {
  readonly client: string;
  readonly host: string;
}

function narrate(
  event: TraceEvent,
  hop: (id: string) => string,
  ends: Ends | undefined,
): string | null {
  switch (event.type) {
    case 'tool.run':
      return `You run ${[event.tool, ...event.args].join(' ')}.`;
    case 'tcp.open':
      return `${event.client} sends a SYN to ${event.host} (${event.address}) on port ${event.port}${PORTS[event.port] ? ` (${PORTS[event.port]})` : ''}.`;
    case 'tcp.syn':
      return `The SYN reaches ${hop(event.hop)}.`;
    case 'hop.drop':
      return `${hop(event.hop)} drops the SYN without a word: the client hears nothing, retries, and at last gives up with a timeout.`;
    case 'hop.reject':
      return event.with === 'reset'
        ? `${hop(event.hop)} answers with a TCP reset in the server's name: the client reports "Connection refused" at once.`
        : `${hop(event.hop)} answers with ICMP ${event.with}: the client gives up at once.`;
    case 'tcp.refused':
      // RFC 9293 §3.10.7.1: a SYN to a port with no listener is answered by the host itself
      // with a reset (the routers on the way only pass it along).
      return `${ends?.host ?? 'The server'} answers with a reset: nothing listens on that port.`;
    case 'tcp.established':
      return 'SYN, SYN-ACK, ACK: the connection is open.';
    case 'smtp.cmd':
      return `C: ${event.line} — sent to ${event.host} ${event.tls ? 'inside TLS: every hop sees only ciphertext' : 'in plaintext: every hop on the way can read it'}.`;
    case 'smtp.reply': {
      const line = event.lines[event.lines.length - 1] ?? '';
      const explained = explainReply(line);
      const meaning = explained
        ? ` ${explained.codeClass}${explained.meaning ? `: ${explained.meaning}` : ''}.`
        : '';
      return `S: ${event.lines.join(' / ')} —${meaning}`;
    }
    case 'tls.up':
      // RFC 3207 §6: STARTTLS protects one hop; a relay decrypts, queues and opens a new one.
      return `TLS is up (${event.protocol}, ${event.cipher}) between ${ends?.client ?? 'the client'} and ${event.host}: this connection is encrypted on every network hop between them. ${event.host} reads the message in the clear, and the next server's connection is encrypted only if it sets up TLS of its own.`;
    case 'tls.failed':
      return `The TLS handshake fails: ${event.reason}.`;
    case 'hop.tamper':
      return `${hop(event.hop)} rewrites "${event.before}" into "${event.after}": the client never learns the server offers STARTTLS.`;
    case 'tcp.closed':
      return `The connection is closed by the ${event.by}.`;
    case 'mail.queued':
      return `${event.host} queues the message as ${event.queueId}.`;
    case 'mail.relayed':
      return `${event.host} hands ${event.queueId} on to ${event.relay}${event.tls ? ' over TLS' : ''}.`;
    case 'mail.delivered':
      return `${event.host} delivers ${event.queueId} to the mailbox of ${event.mailbox}.`;
    case 'mail.deferred':
      return `${event.host} defers ${event.queueId}: ${event.reason}; it tries again in ${Math.round(event.retryInMs / 1000)} s.`;
    case 'mail.bounced':
      return `${event.host} gives up on ${event.queueId} and bounces it: ${event.reason}.`;
    case 'world.switch':
      return `The trainer sets ${event.name} to ${event.value}.`;
    default:
      return null;
  }
}

export function playbackSteps(trace: readonly Traced[], world: World): PlaybackStep[] {
  const names = hopNames(world);
  const hop = (id: string) => names.get(id) ?? id;
  const steps: PlaybackStep[] = [];
  const ends = new Map<number, Ends>();
  trace.forEach(({ event }, i) => {
    if (event.type === 'tcp.open') ends.set(event.conn, { client: event.client, host: event.host });
    const text = narrate(event, hop, 'conn' in event ? ends.get(event.conn) : undefined);
    if (text !== null) steps.push({ upTo: i + 1, text });
  });
  return steps;
}
