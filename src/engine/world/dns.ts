// The world's DNS, as a recursive resolver answers it: MX and A records with their TTLs,
// NXDOMAIN or no data with the zone's SOA in the authority section. The wire size is what a
// resolver using name compression (RFC 1035 §4.1.4) sends, with an EDNS OPT record.
// A scenario's DNS blocklist is a zone of its own, answered as a DNSxL does (RFC 5782 §2.1).
import type { TraceEvent } from './trace.ts';
import { resolve, type Host, type World } from './world.ts';
import { own } from '../own.ts';
import { illegalName, reversed } from './dns-names.ts';
import { tlsaFor } from './tlsa.ts';

export { illegalName };

/** The record types the tools can ask for (RFC 1035 §3.2.2, RFC 3596, RFC 6698). A question
 * for a type a name has no records of is answered with no data, as real DNS answers it. */
export const RECORD_TYPES = [
  'A',
  'AAAA',
  'CNAME',
  'MX',
  'NS',
  'PTR',
  'SOA',
  'TLSA',
  'TXT',
] as const;
export type RecordType = (typeof RECORD_TYPES)[number];

/** A type's name as the tools take it, in any case ("mx", "Txt"), or null. */
export const recordType = (word: string): RecordType | null =>
  (RECORD_TYPES as readonly string[]).includes(word.toUpperCase())
    ? (word.toUpperCase() as RecordType)
    : null;

/** RFC 1035 §3.5: the name a reverse (PTR) lookup of an IPv4 address asks for. */
export const reverseName = (address: string) => `${reversed(address)}.in-addr.arpa`;

export interface ResourceRecord {
  readonly name: string; // fully qualified, with the final dot
  readonly ttl: number;
  readonly type: RecordType;
  /** Presentation form: "10 mx.example.org.", "198.51.100.25", a TXT's quoted strings. */
  readonly data: string;
}

export interface DnsAnswer {
  readonly status: 'NOERROR' | 'NXDOMAIN';
  readonly question: { readonly name: string; readonly type: RecordType };
  readonly answers: readonly ResourceRecord[];
  readonly authority: readonly ResourceRecord[];
  /** Octets of the response message, for dig's "MSG SIZE rcvd". */
  readonly size: number;
  /** The resolver validated it with DNSSEC (the AD flag, RFC 4035 §3.2.3; dig asks for it by
   * setting AD in its query, RFC 6840 §5.7), an authenticated denial included. */
  readonly authenticated: boolean;
}

/** Whether a name is in a zone the world signs. */
const inSignedZone = (world: World, qname: string) =>
  (world.signed ?? []).some((zone) => qname === `${zone}.` || qname.endsWith(`.${zone}.`));

/** The EDNS UDP payload size dig and nslookup offer (BIND 9.18's default, RFC 6891 §6.2.5):
 * a larger response comes back truncated (TC) and the tools ask again over TCP, printing
 * ";; Truncated, retrying in TCP mode." (recorded: test/fixtures/dns/*-tcp-*). */
export const UDP_SIZE = 1232;

const TTL = 3600;
const NEGATIVE_TTL = 900;
const fq = (name: string) => (name.endsWith('.') ? name : `${name}.`).toLowerCase();

/** The zone a name belongs to in this world: its last two labels; under in-addr.arpa, the
 * reverse zone of its /24 network (RFC 2317 §1: reverse zones follow octet boundaries). */
const zoneOf = (name: string) => {
  const labels = fq(name).split('.');
  return labels.slice(labels.at(-3) === 'in-addr' ? -6 : -3).join('.');
};

/** Whether a name is the apex of a zone the world has something in: a mail domain, or the
 * reverse zone of a network the world's servers or the learner's public address are in. */
function isApex(world: World, qname: string): boolean {
  if (zoneOf(qname) !== qname) return false;
  if (qname.endsWith('.in-addr.arpa.'))
    return [...world.hosts.map((h) => h.address), world.laptop.publicAddress].some(
      (address) => zoneOf(reverseName(address)) === qname,
    );
  const inZone = (name: string) => fq(name) === qname || fq(name).endsWith(`.${qname}`);
  return (
    world.hosts.some((h) => inZone(h.name)) ||
    Object.keys(world.mx).some(inZone) ||
    Object.keys(world.txt ?? {}).some(inZone)
  );
}

/** The host a reverse name (d.c.b.a.in-addr.arpa.) stands for, if the world has one there. */
function reversedHost(world: World, qname: string): Host | undefined {
  if (!qname.endsWith('.in-addr.arpa.')) return undefined;
  const address = reversed(qname.slice(0, -'.in-addr.arpa.'.length));
  return world.hosts.find((h) => h.address === address);
}

/** What a DNSxL's entry holds in its A record (RFC 5782 §2.1: conventionally 127.0.0.2; the
 * value says listed, it is no address to connect to). */
const LISTED = '127.0.0.2';

export function query(world: World, name: string, type: RecordType): DnsAnswer {
  const alias = own(world.cname ?? {}, fq(name).slice(0, -1));
  if (alias !== undefined) return aliased(world, fq(name), fq(alias), type);
  const qname = fq(name);
  const bare = qname.slice(0, -1);
  const host = world.hosts.find((h) => h.name === bare);
  const exchangers = own(world.mx, bare); // "constructor" is a name, not a member
  const texts = own(world.txt ?? {}, bare);
  const pinned = own(world.tlsa ?? {}, bare);
  const pointed = reversedHost(world, qname);
  const blocklist = blocklistAt(world, qname);
  const apex = isApex(world, qname);
  const exists =
    host !== undefined ||
    exchangers !== undefined ||
    texts !== undefined ||
    pinned !== undefined ||
    pointed !== undefined ||
    apex ||
    blocklist?.apex === true ||
    blocklist?.entry !== undefined;
  const answers: ResourceRecord[] = [];
  if (type === 'A' && host) answers.push({ name: qname, ttl: TTL, type: 'A', data: host.address });
  const tlsa = type === 'TLSA' && pinned !== undefined ? tlsaFor(pinned) : null;
  if (tlsa !== null) answers.push({ name: qname, ttl: TTL, type: 'TLSA', data: tlsa });
  if (type === 'PTR' && pointed)
    answers.push({ name: qname, ttl: TTL, type: 'PTR', data: fq(pointed.name) });
  if (type === 'TXT')
    texts?.forEach((text) =>
      answers.push({ name: qname, ttl: TTL, type: 'TXT', data: txtData(text) }),
    );
  if (type === 'MX' && exchangers) {
    exchangers.forEach((exchange, i) =>
      answers.push({ name: qname, ttl: TTL, type: 'MX', data: `${10 * (i + 1)} ${fq(exchange)}` }),
    );
  }
  // RFC 5782 §2.1: a listed address's entry has an A record and (a DNSBL SHOULD) a TXT record
  // with the reason; without a reason the TXT question is answered with no data.
  if (type === 'A' && blocklist?.entry)
    answers.push({ name: qname, ttl: TTL, type: 'A', data: LISTED });
  if (type === 'TXT' && typeof blocklist?.entry?.reason === 'string')
    answers.push({ name: qname, ttl: TTL, type: 'TXT', data: txtData(blocklist.entry.reason) });
  // Any other name under a blocklist's zone does not exist, with that zone's SOA.
  const zone = blocklist ? `${blocklist.zone}.` : zoneOf(qname);
  const soa: ResourceRecord = {
    name: zone,
    ttl: NEGATIVE_TTL,
    type: 'SOA',
    data: `ns.${zone} hostmaster.${zone} 2026112701 7200 3600 1209600 3600`,
  };
  // The apex's own SOA answers a question for it (with the zone's TTL, RFC 2308 §3 gives the
  // negative one to the authority section only).
  if (type === 'SOA' && qname === zone && (apex || blocklist?.apex === true))
    answers.push({ ...soa, ttl: TTL });
  const authority: ResourceRecord[] = answers.length > 0 ? [] : [soa];
  const status = exists ? 'NOERROR' : 'NXDOMAIN';
  return {
    status,
    question: { name: qname, type },
    answers,
    authority,
    size: wireSize(qname, answers, authority),
    authenticated: inSignedZone(world, qname),
  };
}

/** A question for an alias, answered as a recursive resolver does (RFC 1034 §3.6.2, §4.3.2):
 * the CNAME, then the target's records of the type asked for, with the target's status and,
 * when it has none, its zone's SOA. A CNAME question gets the CNAME alone. */
function aliased(world: World, qname: string, target: string, type: RecordType): DnsAnswer {
  const cname: ResourceRecord = { name: qname, ttl: TTL, type: 'CNAME', data: target };
  const chased =
    type === 'CNAME'
      ? { status: 'NOERROR' as const, answers: [], authority: [], authenticated: true }
      : query(world, target, type);
  const answers = [cname, ...chased.answers];
  return {
    status: chased.status,
    question: { name: qname, type },
    answers,
    authority: chased.authority,
    size: wireSize(qname, answers, chased.authority),
    // Every record of the chain must validate: the alias's zone and the target's.
    authenticated: inSignedZone(world, qname) && chased.authenticated,
  };
}

/** The blocklist zone a name is in (the deepest, if zones nest): whether it is the zone's apex,
 * and the listing its name stands for (undefined: none, and the name does not exist). */
function blocklistAt(
  world: World,
  qname: string,
): { zone: string; apex: boolean; entry?: { reason: string | null } } | undefined {
  if (world.dnsbl === undefined) return undefined;
  let zone: string | undefined;
  for (const z of Object.keys(world.dnsbl))
    if ((qname === `${z}.` || qname.endsWith(`.${z}.`)) && z.length > (zone?.length ?? -1))
      zone = z;
  if (zone === undefined) return undefined;
  const listed = world.dnsbl[zone]!;
  const labels = qname
    .slice(0, -(zone.length + 1))
    .split('.')
    .filter(Boolean);
  const address = labels.length === 4 ? labels.reverse().join('.') : '';
  return {
    zone,
    apex: labels.length === 0,
    ...(Object.hasOwn(listed, address) ? { entry: { reason: listed[address]! } } : {}),
  };
}

/** A TXT record's text as BIND 9.18 presents it (lib/dns/rdata.c txt_totext(), as dig and
 * nslookup print it): each character-string in double quotes, a quote or backslash in it
 * escaped with a backslash, octets below 0x20 and from 0x7f on (UTF-8 too) as \DDD, the
 * strings apart by a space. The text is held as character-strings of at most 255 octets
 * (RFC 1035 §3.3.14), as a zone file must cut a longer one. */
export function txtData(text: string): string {
  const octets = new TextEncoder().encode(text);
  const strings: string[] = [];
  for (let start = 0; start === 0 || start < octets.length; start += 255) {
    let out = '"';
    for (const o of octets.subarray(start, start + 255)) {
      if (o < 0x20 || o >= 0x7f) out += `\\${String(o).padStart(3, '0')}`;
      else out += (o === 0x22 || o === 0x5c ? '\\' : '') + String.fromCharCode(o);
    }
    strings.push(`${out}"`);
  }
  return strings.join(' ');
}

/** Octets of a TXT record's data on the wire (a length octet per character-string), from the
 * presentation txtData() writes. */
function txtOctets(data: string): number {
  let size = 0;
  let quoted = false;
  for (let i = 0; i < data.length; i++) {
    const c = data[i];
    if (c === '"') {
      if (!quoted) size += 1;
      quoted = !quoted;
    } else if (quoted) {
      if (c === '\\') i += /\d/.test(data[i + 1] ?? '') ? 3 : 1;
      size += 1;
    }
  }
  return size;
}

/** RFC 1035 §4.1: header, question, records, plus an 11-octet OPT record (RFC 6891). */
function wireSize(
  qname: string,
  answers: readonly ResourceRecord[],
  authority: readonly ResourceRecord[],
): number {
  const seen = new Set<string>();
  /** Octets of a name, pointing (2 octets) at the longest suffix already written. */
  const name = (n: string): number => {
    const labels = n.split('.').filter(Boolean);
    // Each suffix once, from the root up (linear in the name, not quadratic).
    const suffixes: string[] = new Array<string>(labels.length);
    for (let i = labels.length - 1; i >= 0; i--)
      suffixes[i] = i === labels.length - 1 ? labels[i]! : `${labels[i]}.${suffixes[i + 1]}`;
    let size = 0;
    for (let i = 0; i < labels.length; i++) {
      if (seen.has(suffixes[i]!)) return size + 2;
      seen.add(suffixes[i]!);
      size += 1 + labels[i]!.length;
    }
    return size + 1;
  };
  let size = 12 + name(qname) + 4;
  for (const rr of [...answers, ...authority]) {
    size += name(rr.name) + 10;
    if (rr.type === 'A') size += 4;
    else if (rr.type === 'MX') size += 2 + name(rr.data.split(' ')[1]!);
    else if (rr.type === 'TXT') size += txtOctets(rr.data);
    else if (rr.type === 'PTR' || rr.type === 'CNAME') size += name(rr.data);
    // Usage, selector and matching type, then the hash (hex in the presentation).
    else if (rr.type === 'TLSA') size += 3 + rr.data.split(' ').slice(3).join('').length / 2;
    else {
      const [mname, rname] = rr.data.split(' ');
      size += name(mname!) + name(rname!) + 20;
    }
  }
  return size + 11;
}

/** An MTA's MX lookup (RFC 5321 §5.1): the exchangers by preference; with no MX record, the
 * domain's own A record stands in as an implicit MX. Traced as a dns.query. */
export function mxLookup(
  sim: { world: World; trace(event: TraceEvent): void },
  from: string,
  domain: string,
): string[] {
  const answer = query(sim.world, domain, 'MX');
  const exchangers = answer.answers.map((rr) => rr.data.split(' ')[1]!.replace(/\.$/, ''));
  sim.trace({
    type: 'dns.query',
    from,
    name: domain,
    qtype: 'MX',
    answers: answer.answers.map((rr) => rr.data),
  });
  if (exchangers.length > 0) return exchangers;
  return query(sim.world, domain, 'A').answers.length > 0 ? [domain] : [];
}

/** A client's address lookup for a host name (getaddrinfo), traced as a dns.query; an address
 * typed as such is used as it is, without asking DNS. */
export function lookupHost(
  sim: { world: World; trace(event: TraceEvent): void },
  from: string,
  name: string,
): Host | undefined {
  const host = resolve(sim.world, name);
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name)) return host;
  sim.trace({
    type: 'dns.query',
    from,
    name: name.replace(/\.$/, '').toLowerCase(),
    qtype: 'A',
    answers: host ? [host.address] : [],
  });
  return host;
}

/** A question a DNS tool (dig, nslookup) asked, traced with its answers. */
export function traceQuery(
  sim: { trace(event: TraceEvent): void },
  from: string,
  answer: DnsAnswer,
  tool: string,
): void {
  sim.trace({
    type: 'dns.query',
    from,
    name: answer.question.name.replace(/\.$/, '').toLowerCase(),
    qtype: answer.question.type,
    answers: answer.answers.map((rr) => rr.data),
    tool,
  });
}
