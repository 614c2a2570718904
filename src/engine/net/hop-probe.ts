// What comes back for a probe sent with a limited TTL (traceroute): the router where the TTL
// runs out answers "time exceeded", unless a hop before it stops the probe, as walkPath finds
// it; past the last router the host answers for itself. A hop's rules act before it looks at
// the TTL (an ingress ACL, test/fixtures/traceroute: the dropping hop is itself a star).
import type { IcmpType } from './hop-policy.ts';
import { walkPath, type Hop } from './path.ts';

export type ProbeAnswer =
  | { readonly kind: 'time-exceeded'; readonly hop: Hop }
  /** The host itself answered: its SYN-ACK or reset, or the port unreachable of a UDP probe. */
  | { readonly kind: 'reached' }
  /** A hop answered the SYN with a reset in the host's name. */
  | { readonly kind: 'reset'; readonly hop: Hop }
  | { readonly kind: 'icmp'; readonly hop: Hop; readonly type: IcmpType }
  /** A hop dropped it: nothing comes back. */
  | { readonly kind: 'none'; readonly hop: Hop };

/**
 * The answer to a probe with each TTL (1 and up) along `hops`, the sender first. `tcpPort` is
 * the port of TCP SYN probes; null for UDP ones, which the hops' rules (TCP ports) let pass.
 * `attempt` counts the sender's earlier connections (a throttling hop counts them).
 */
export function probeAnswers(
  hops: readonly Hop[],
  tcpPort: number | null,
  attempt: number,
  /** The host traced to: a rule that excepts it lets the probes through. */
  destination?: string,
): (ttl: number) => ProbeAnswer {
  const { events } =
    tcpPort === null
      ? { events: [] }
      : walkPath({ hops, listening: true, destination }, tcpPort, attempt);
  const stop = events.find((e) => e.type === 'hop.drop' || e.type === 'hop.reject');
  const stopsAt = stop === undefined ? hops.length : hops.findIndex((h) => h.id === stop.hop);
  return (ttl) => {
    if (ttl < stopsAt) return { kind: 'time-exceeded', hop: hops[ttl]! };
    if (stop === undefined) return { kind: 'reached' };
    const hop = hops[stopsAt]!;
    if (stop.type !== 'hop.reject') return { kind: 'none', hop };
    return stop.with === 'reset' ? { kind: 'reset', hop } : { kind: 'icmp', hop, type: stop.with };
  };
}
