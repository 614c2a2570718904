// A connection walks the path hop by hop (laptop -> home router/NAT -> ISP edge -> internet
// -> recipient border -> server); the first hop whose policy stops the SYN decides what the
// client sees. The walk is recorded as trace events.
import { actionFor, type IcmpType, type PortRule } from './hop-policy.ts';

export interface Hop {
  readonly id: string;
  /** What the learner sees on the diagram: "ISP edge", "home router". */
  readonly name: string;
  /** The address it answers from (traceroute shows it), and the name DNS gives that address. */
  readonly address: string;
  readonly reverseName?: string;
  readonly rules: readonly PortRule[];
}

export interface PathTarget {
  readonly hops: readonly Hop[];
  /** Whether anything listens on the port at the far end (else the host answers RST). */
  readonly listening: boolean;
  /** The destination host's name (rules may except it). */
  readonly destination?: string;
}

/** What the far side of the path does with the SYN. */
export type PathVerdict =
  /** Connected; `stripsStartTls` names a hop that tampers with the plaintext dialogue. */
  | { readonly kind: 'accepted'; readonly stripsStartTls?: string }
  | { readonly kind: 'reset' }
  | { readonly kind: 'icmp'; readonly type: IcmpType }
  | { readonly kind: 'unanswered' }
  /** Accepted, then every segment from the server is lost. */
  | { readonly kind: 'silent' };

export type PathEvent =
  | { readonly type: 'tcp.syn'; readonly hop: string }
  | { readonly type: 'hop.drop'; readonly hop: string }
  | { readonly type: 'hop.reject'; readonly hop: string; readonly with: 'reset' | IcmpType }
  | { readonly type: 'tcp.refused'; readonly hop: string }
  | { readonly type: 'tcp.established'; readonly hop: string };

/** `attempt` counts this client's earlier connections through the path (for throttling). */
export function walkPath(
  path: PathTarget,
  port: number,
  attempt = 0,
): { verdict: PathVerdict; events: PathEvent[] } {
  const events: PathEvent[] = [];
  let silent = false;
  let stripsStartTls: string | undefined;
  for (const hop of path.hops) {
    events.push({ type: 'tcp.syn', hop: hop.id });
    const action = actionFor(hop.rules, port, path.destination);
    switch (action.kind) {
      case 'allow':
        continue;
      case 'throttle':
        if (attempt < action.allowFirst) continue;
        events.push({ type: 'hop.drop', hop: hop.id });
        return { verdict: { kind: 'unanswered' }, events };
      case 'drop':
        events.push({ type: 'hop.drop', hop: hop.id });
        return { verdict: { kind: 'unanswered' }, events };
      case 'reject-reset':
        events.push({ type: 'hop.reject', hop: hop.id, with: 'reset' });
        return { verdict: { kind: 'reset' }, events };
      case 'reject-icmp':
        events.push({ type: 'hop.reject', hop: hop.id, with: action.type });
        return { verdict: { kind: 'icmp', type: action.type }, events };
      case 'blackhole':
        silent = true;
        continue;
      case 'strip-starttls':
        stripsStartTls ??= hop.id;
        continue;
    }
  }
  const end = path.hops.at(-1)?.id ?? 'server';
  if (!path.listening) {
    events.push({ type: 'tcp.refused', hop: end });
    return { verdict: { kind: 'reset' }, events };
  }
  events.push({ type: 'tcp.established', hop: end });
  if (silent) return { verdict: { kind: 'silent' }, events };
  return {
    verdict: stripsStartTls ? { kind: 'accepted', stripsStartTls } : { kind: 'accepted' },
    events,
  };
}
