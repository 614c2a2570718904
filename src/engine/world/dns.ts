// The world's DNS, as a recursive resolver answers it: MX and A records with their TTLs,
// NXDOMAIN or no data with the zone's SOA in the authority section. The wire size is what a
// resolver using name compression (RFC 1035 §4.1.4) sends, with an EDNS OPT record.
import type { TraceEvent } from './trace.ts';
import { resolve, type Host, type World } from './world.ts';
import { own } from '../own.ts';

export type RecordType = 'A' | 'MX' | 'SOA';

export interface ResourceRecord {
  readonly name: string; // fully qualified, with the final dot
  readonly ttl: number;
  readonly type: RecordType;
  /** Presentation form: "10 mx.example.org.", "198.51.100.25". */
  readonly data: string;
}

export interface DnsAnswer {
  readonly status: 'NOERROR' | 'NXDOMAIN';
  readonly question: { readonly name: string; readonly type: RecordType };
  readonly answers: readonly ResourceRecord[];
  readonly authority: readonly ResourceRecord[];
  /** Octets of the response message, for dig's "MSG SIZE rcvd". */
  readonly size: number;
}

const TTL = 3600;
const NEGATIVE_TTL = 900;
const fq = (name: string) => (name.endsWith('.') ? name : `${name}.`).toLowerCase();

/** The zone a name belongs to in this world: its last two labels. */
const zoneOf = (name: string) => fq(name).split('.').slice(-3).join('.');

export function query(world: World, name: string, type: RecordType): DnsAnswer {
  const qname = fq(name);
  const bare = qname.slice(0, -1);
  const host = world.hosts.find((h) => h.name === bare);
  const exchangers = own(world.mx, bare); // "constructor" is a name, not a member
  const exists = host !== undefined || exchangers !== undefined;
  const answers: ResourceRecord[] = [];
  if (type === 'A' && host) answers.push({ name: qname, ttl: TTL, type: 'A', data: host.address });
  if (type === 'MX' && exchangers) {
    exchangers.forEach((exchange, i) =>
      answers.push({ name: qname, ttl: TTL, type: 'MX', data: `${10 * (i + 1)} ${fq(exchange)}` }),
    );
  }
  const zone = zoneOf(qname);
  const authority: ResourceRecord[] =
    answers.length > 0
      ? []
      : [
          {
            name: zone,
            ttl: NEGATIVE_TTL,
            type: 'SOA',
            data: `ns.${zone} hostmaster.${zone} 2026112701 7200 3600 1209600 3600`,
          },
        ];
  const status = exists ? 'NOERROR' : 'NXDOMAIN';
  return {
    status,
    question: { name: qname, type },
    answers,
    authority,
    size: wireSize(qname, answers, authority),
  };
}

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
