// What a hop on the path does with a TCP SYN to a port: the firewall actions ISPs, clouds and
// offices use on port 25 (shared/fidelity/network/ recorded each as real clients see it).

/** How a hop answers (or does not answer) a connection attempt. */
export type HopAction =
  | { readonly kind: 'allow' }
  /** Silently discard the SYN (nft "drop"): the client retries until it gives up. */
  | { readonly kind: 'drop' }
  /** Answer with a TCP reset: indistinguishable from a closed port. */
  | { readonly kind: 'reject-reset' }
  /** Answer with an ICMP error. */
  | { readonly kind: 'reject-icmp'; readonly type: IcmpType }
  /** The first `allowFirst` connections pass, later ones are dropped (a throttled cloud VM). */
  | { readonly kind: 'throttle'; readonly allowFirst: number }
  /** Let the handshake through, then drop everything (a tarpit or black hole). */
  | { readonly kind: 'blackhole' }
  /** An on-path attacker (or a misguided "SMTP fixup" firewall) rewrites STARTTLS in the
   * server's EHLO reply so the client never upgrades (the STARTTLS stripping attack). */
  | { readonly kind: 'strip-starttls' };

export type IcmpType = 'port-unreachable' | 'admin-prohibited' | 'host-unreachable';

export interface PortRule {
  /** The destination ports the rule applies to; "any" for every port. */
  readonly ports: readonly number[] | 'any';
  readonly action: HopAction;
  /** Destination hosts the rule does not apply to (an office firewall lets port 25 out to
   * its own relay only). */
  readonly except?: readonly string[];
}

/** The first rule naming the port (and not excepting the destination) decides; no rule
 * means the hop forwards the SYN. */
export function actionFor(
  rules: readonly PortRule[],
  port: number,
  destination?: string,
): HopAction {
  const rule = rules.find(
    (r) =>
      (r.ports === 'any' || r.ports.includes(port)) &&
      !(destination !== undefined && r.except?.includes(destination)),
  );
  return rule?.action ?? { kind: 'allow' };
}
