// DNS names as BIND's tools check them, and the blocklist zones a world builds from its
// servers' listings: on their own, so the page can build the world without the DNS itself.

/** Why BIND's tools refuse a name before asking (dns_name_fromtext(): RFC 1035 §2.3.4, labels
 * of at most 63 octets, a name of at most 255), or null. dig and nslookup print
 * "'<name>' is not a legal name (<why>)" and exit 10. */
export function illegalName(name: string): string | null {
  if (name === '.') return null;
  const labels = (name.endsWith('.') ? name.slice(0, -1) : name).split('.');
  if (labels.some((l) => l === '')) return 'empty label';
  if (labels.some((l) => new TextEncoder().encode(l).length > 63)) return 'label too long';
  const octets = labels.reduce((n, l) => n + 1 + new TextEncoder().encode(l).length, 1);
  return octets > 255 ? 'ran out of space' : null;
}

/** A listing of a DNS blocklist (reject_rbl_client): its zone, the addresses it lists and
 * the TXT reason for each (null: none). */
export interface BlocklistListing {
  readonly zone: string;
  readonly listed: Readonly<Record<string, string | null>>;
}

/** A dotted-quad IPv4 address as written without leading zeros ("203.0.113.45"). */
const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/** The world's blocklist zones (World.dnsbl) from the servers' listings: zones by lower-case
 * name, listings of one zone merged (the first reason for an address stands). Only what a
 * DNSxL can hold is kept: an IPv4 address (RFC 5782 §2.1; the world has no IPv6 clients)
 * whose entry name is a legal DNS name. Bounded by the listings (a scenario's limits). */
export function blocklistZones(
  listings: readonly BlocklistListing[],
): Record<string, Record<string, string | null>> {
  const zones = new Map<string, Map<string, string | null>>();
  for (const { zone: written, listed } of listings) {
    const zone = written.toLowerCase().replace(/\.$/, '');
    if (illegalName(zone) !== null) continue;
    const entries = zones.get(zone) ?? new Map<string, string | null>();
    zones.set(zone, entries);
    for (const [address, reason] of Object.entries(listed)) {
      if (!IPV4.test(address) || entries.has(address)) continue;
      if (illegalName(`${reversed(address)}.${zone}`) === null) entries.set(address, reason);
    }
  }
  return Object.fromEntries(
    [...zones].map(([zone, entries]) => [zone, Object.fromEntries(entries)]),
  );
}

/** An address's octets in reverse order: its entry in a DNSxL (RFC 5782 §2.1) and the start of
 * its reverse name (RFC 1035 §3.5). Whatever the labels are: dig -x reverses "foo" too. */
export const reversed = (address: string) => address.split('.').reverse().join('.');

/** Four dotted numbers, the shape the tools take for an address to look up in reverse. */
export const isDottedQuad = (text: string) => /^(?:\d{1,3}\.){3}\d{1,3}$/.test(text);
