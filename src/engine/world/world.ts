// The simulated world: hosts with addresses, the DNS records that name them, the SMTP
// services they run, and the path from the learner's laptop to each of them. Names and
// addresses come from the documentation ranges only (RFC 2606, RFC 5737).
import type { ServerProfile } from '../smtp/profile.ts';
import type { Hop } from '../net/path.ts';

export interface Host {
  readonly name: string;
  readonly address: string;
  /** Port -> the SMTP service listening there. */
  readonly services: Readonly<Record<number, ServerProfile>>;
}

export interface World {
  readonly hosts: readonly Host[];
  /** Domain -> its MX host names, by preference. */
  readonly mx: Readonly<Record<string, readonly string[]>>;
  /** The hops between the learner's laptop and a host (the last hop is the host's border). */
  pathTo(host: Host): readonly Hop[];
  /** The hops between two of the world's servers (smtp(8) relaying to an MX). */
  serverPath(from: Host, to: Host): readonly Hop[];
  /** The laptop's DNS resolver (/etc/resolv.conf): the home router. */
  readonly resolver: string;
  /** DNS blocklist zones (RFC 5782), lower case without the final dot -> each listed IPv4
   * address -> the TXT reason it gives (null: an A record only). Absent: no blocklist. */
  readonly dnsbl?: Readonly<Record<string, Readonly<Record<string, string | null>>>>;
  /** Aliases (CNAME, RFC 1034 §3.6.2): a name, lower case without the final dot -> the name
   * it stands for. */
  readonly cname?: Readonly<Record<string, string>>;
  /** Zones signed with DNSSEC, which the resolver validates: its answers for names in them
   * carry the AD flag (RFC 4035 §3.2.3). Lower case, without the final dot. */
  readonly signed?: readonly string[];
  /** TLSA records (RFC 6698, DANE for SMTP: RFC 7672 §3, at _25._tcp.<mx>): the owner name,
   * lower case without the final dot -> the server whose certificate's key it pins. */
  readonly tlsa?: Readonly<Record<string, string>>;
  /** TXT records the world's domains publish (SPF, RFC 7208; DMARC, RFC 7489 §6.1): the
   * owner name, lower case without the final dot -> each record's text. */
  readonly txt?: Readonly<Record<string, readonly string[]>>;
  /** How the laptop appears to servers once through NAT. */
  readonly laptop: {
    /** The login name (swaks builds its default sender from it, as $LOGNAME@hostname). */
    readonly user: string;
    readonly name: string;
    readonly address: string;
    readonly publicAddress: string;
  };
}

/** DNS A lookup: a host name, or an address typed as it is. */
export function resolve(world: World, name: string): Host | undefined {
  const lower = name.toLowerCase().replace(/\.$/, '');
  // An alias resolves to what it stands for (the world's aliases point at hosts, one step).
  const canonical = Object.hasOwn(world.cname ?? {}, lower) ? world.cname![lower]! : lower;
  return world.hosts.find((h) => h.name === canonical || h.address === canonical);
}
