// The network path of the learner's latest connection, read from the trace: each hop, how far
// the SYN got, where it died and why, and whether the segment is under TLS. The diagram and
// its text equivalent both render this.
import type { PortRule } from '../engine/net/hop-policy.ts';
import type { Traced } from '../engine/world/trace.ts';
import type { World } from '../engine/world/world.ts';

export type HopState = 'idle' | 'passed' | 'dropped' | 'rejected' | 'refused' | 'reached';

export interface PathHop {
  readonly id: string;
  readonly name: string;
  readonly address: string;
  readonly state: HopState;
  /** Why the connection stopped here, in words. */
  readonly reason: string | null;
  /** What the hop is set to do now (its rules), for the diagram: "drops TCP/25 (SMTP)". */
  readonly policy: string | null;
}

export interface PathPicture {
  /** "mx.example.org port 25", or null before any connection. */
  readonly target: string | null;
  readonly hops: readonly PathHop[];
  /** Every segment carries TLS (after STARTTLS, or on 465). */
  readonly encrypted: boolean;
  /** A hop tampered with the dialogue (STARTTLS stripped). */
  readonly tamperedAt: string | null;
}

const PORT_NAMES: Readonly<Record<number, string>> = {
  25: 'SMTP',
  465: 'submissions', // RFC 8314 §7.3
  587: 'submission',
};
const port = (n: number) => `TCP/${n}${PORT_NAMES[n] ? ` (${PORT_NAMES[n]})` : ''}`;

/** A hop's rules in words (a trainer's switch shows on the diagram at once). */
export function hopPolicy(rules: readonly PortRule[]): string | null {
  const parts = rules.map((rule) => {
    const ports =
      rule.ports === 'any' ? 'every port' : rule.ports.map((p) => `TCP/${p}`).join(', ');
    const except = rule.except?.length ? ` except to ${rule.except.join(', ')}` : '';
    switch (rule.action.kind) {
      case 'allow':
        return `lets ${ports} through`;
      case 'drop':
        return `drops ${ports}${except}`;
      case 'reject-reset':
        return `resets ${ports}${except}`;
      case 'reject-icmp':
        return `refuses ${ports}${except} (ICMP ${rule.action.type})`;
      case 'throttle':
        return `lets ${rule.action.allowFirst} connections to ${ports} through, then drops`;
      case 'blackhole':
        return `lets ${ports}${except} connect, then passes nothing on`;
      case 'strip-starttls':
        return `strips STARTTLS on ${ports}`;
    }
  });
  return parts.length > 0 ? parts.join('; ') : null;
}

/** The path to the first host, before anything is typed. */
function idlePath(world: World): PathPicture {
  const host = world.hosts[0]!;
  return {
    target: null,
    hops: world.pathTo(host).map((hop) => ({
      ...hop,
      policy: hopPolicy(hop.rules),
      state: 'idle' as const,
      reason: null,
    })),
    encrypted: false,
    tamperedAt: null,
  };
}

export function pathPicture(trace: readonly Traced[], world: World): PathPicture {
  let last = -1;
  for (let i = trace.length - 1; i >= 0; i--) {
    const e = trace[i]!.event;
    if (e.type === 'tcp.open' && e.client === world.laptop.name) {
      last = i;
      break;
    }
  }
  if (last === -1) return idlePath(world);
  const open = trace[last]!.event;
  if (open.type !== 'tcp.open') return idlePath(world);
  const host = world.hosts.find((h) => h.name === open.host);
  const hops = host ? world.pathTo(host) : [];
  const state = new Map<string, { state: HopState; reason: string | null }>();
  let encrypted = false;
  let tamperedAt: string | null = null;
  for (const { event } of trace.slice(last)) {
    if (!('conn' in event) || event.conn !== open.conn) continue;
    const name = (id: string) => hops.find((h) => h.id === id)?.name ?? id;
    switch (event.type) {
      case 'tcp.syn':
        state.set(event.hop, { state: 'passed', reason: null });
        break;
      case 'hop.drop':
        state.set(event.hop, {
          state: 'dropped',
          reason: `${name(event.hop)} drops ${port(open.port)} silently: the SYN is never answered`,
        });
        break;
      case 'hop.reject':
        state.set(event.hop, {
          state: 'rejected',
          reason:
            event.with === 'reset'
              ? `${name(event.hop)} refuses ${port(open.port)} with a TCP reset`
              : `${name(event.hop)} refuses ${port(open.port)} with ICMP ${event.with}`,
        });
        break;
      case 'tcp.refused':
        state.set(event.hop, {
          state: 'refused',
          reason: `${open.host} answers with a reset: nothing listens on port ${open.port}`,
        });
        break;
      case 'tcp.established':
        state.set(event.hop, { state: 'reached', reason: null });
        break;
      case 'tls.up':
        encrypted = true;
        break;
      case 'hop.tamper':
        tamperedAt = event.hop;
        break;
    }
  }
  return {
    target: `${open.host} port ${open.port}`,
    hops: hops.map((hop) => ({
      ...hop,
      policy: hopPolicy(hop.rules),
      ...(state.get(hop.id) ?? { state: 'idle', reason: null }),
    })),
    encrypted,
    tamperedAt,
  };
}

/** The packet the diagram animates for the newest event: from one hop index to another. */
export interface PacketMove {
  /** Changes with every new packet, so the animation restarts. */
  readonly key: number;
  readonly from: number;
  readonly to: number;
  readonly kind: 'syn' | 'client' | 'server';
  readonly encrypted: boolean;
}

/** What moved last on the learner's latest connection: the SYN up to where it stopped, a
 * command towards the server, or a reply back. */
export function lastPacket(picture: PathPicture, trace: readonly Traced[]): PacketMove | null {
  const last = picture.hops.length - 1;
  for (let i = trace.length - 1; i >= 0; i--) {
    const { event } = trace[i]!;
    if (event.type === 'smtp.cmd' || event.type === 'smtp.reply') {
      const toServer = event.type === 'smtp.cmd';
      return {
        key: i,
        from: toServer ? 0 : last,
        to: toServer ? last : 0,
        kind: toServer ? 'client' : 'server',
        encrypted: event.tls,
      };
    }
    if (event.type === 'tcp.open') {
      const stop = picture.hops.findIndex((h) => h.state !== 'passed' && h.state !== 'idle');
      const reached = picture.hops.filter((h) => h.state !== 'idle').length - 1;
      const end = stop === -1 ? reached : stop;
      return { key: i, from: 0, to: Math.max(0, end), kind: 'syn', encrypted: false };
    }
  }
  return null;
}
