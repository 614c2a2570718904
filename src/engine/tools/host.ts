// host [-t type] [-p port] name [server]: BIND 9.18's host, as recorded against a resolver
// in test/fixtures/dns/host-*.txt. Without a type it asks for A, AAAA and MX, as host.c does
// for a name, and prints each answer in its own words (printrdata()'s "has address", "mail is
// handled by", ...); an address is looked up in reverse (PTR).
import {
  illegalName,
  query,
  recordType,
  reverseName,
  traceQuery,
  type RecordType,
  type ResourceRecord,
} from '../world/dns.ts';
import { isDottedQuad } from '../world/dns-names.ts';
import type { Tool } from './tool.ts';

const USAGE = [
  'Usage: host [-aCdilrTvVw] [-c class] [-N ndots] [-t type] [-W time]',
  '            [-R number] [-m flag] [-p port] hostname [server]',
  '       -a is equivalent to -v -t ANY',
  '       -A is like -a but omits RRSIG, NSEC, NSEC3',
  '       -c specifies query class for non-IN data',
  '       -C compares SOA records on authoritative nameservers',
  '       -d is equivalent to -v',
  '       -l lists all hosts in a domain, using AXFR',
  '       -m set memory debugging flag (trace|record|usage)',
  '       -N changes the number of dots allowed before root lookup is done',
  '       -p specifies the port on the server to query',
  '       -r disables recursive processing',
  '       -R specifies number of retries for UDP packets',
  '       -s a SERVFAIL response should stop query',
  '       -t specifies the query type',
  '       -T enables TCP/IP mode',
  '       -U enables UDP mode',
  '       -v enables verbose output',
  '       -V print version number and exit',
  '       -w specifies to wait forever for a reply',
  '       -W specifies how long to wait for a reply',
  '       -4 use IPv4 query transport only',
  '       -6 use IPv6 query transport only',
];

/** The options real host has (its getopt string), of which the lab simulates -t and -p. */
const REAL_OPTIONS = 'aAc:CdilmN:p:rR:st:TUvVwW:46';

/** host.c's words for each type it names; any other is "has <TYPE> record". */
const SAYS: Partial<Record<RecordType, string>> = {
  A: 'has address',
  AAAA: 'has IPv6 address',
  CNAME: 'is an alias for',
  MX: 'mail is handled by',
  NS: 'name server',
  PTR: 'domain name pointer',
  TXT: 'descriptive text',
};

export const host: Tool = (args, { world, io, sim }) => {
  let type: RecordType | null = null;
  let port = 53;
  const operands: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('-') || arg === '-') {
      operands.push(arg);
      continue;
    }
    const letter = arg[1]!;
    const value = arg.length > 2 ? arg.slice(2) : args[i + 1];
    if (!REAL_OPTIONS.includes(letter)) {
      io.print(`host: illegal option -- ${letter}`);
      USAGE.forEach((line) => io.print(line));
      return 1;
    }
    if (letter !== 't' && letter !== 'p') {
      io.print(`host: -${letter} is not simulated in this lab (it knows -t type and -p port)`);
      return 1;
    }
    if (value === undefined) {
      io.print(`host: option requires an argument -- ${letter}`);
      USAGE.forEach((line) => io.print(line));
      return 1;
    }
    if (arg.length === 2) i++;
    if (letter === 'p') port = Number(value);
    else {
      type = recordType(value);
      if (type === null) {
        io.print(`host: invalid type: ${value}`);
        io.print('');
        return 2;
      }
    }
  }
  const [given, server] = operands;
  if (given === undefined) {
    USAGE.forEach((line) => io.print(line));
    return 1;
  }
  const reverse = isDottedQuad(given);
  const name = reverse ? `${reverseName(given)}.` : given;
  const illegal = illegalName(name);
  if (illegal !== null) {
    io.print(`host: '${name}' is not a legal name (${illegal})`);
    return 1;
  }
  if (server !== undefined)
    [
      'Using domain server:',
      `Name: ${server}`,
      `Address: ${server}#${port}`,
      'Aliases: ',
      '',
    ].forEach((line) => io.print(line));
  // The name as host prints it: as given, or the reverse name with its final dot.
  const shown = reverse ? name : name.replace(/\.$/, '');
  let aliasShown = false;
  const types: readonly RecordType[] =
    type !== null ? [type] : reverse ? ['PTR'] : ['A', 'AAAA', 'MX'];
  for (const asked of types) {
    const answer = query(world, name, asked);
    traceQuery(sim, world.laptop.name, answer, 'host');
    if (answer.status === 'NXDOMAIN') {
      io.print(`Host ${shown} not found: 3(NXDOMAIN)`);
      return 1;
    }
    // An alias is told once, whichever lookup met it first (host.c's printed CNAME).
    for (const rr of answer.answers) {
      if (rr.type === 'CNAME' && type !== 'CNAME' && aliasShown) continue;
      if (rr.type === 'CNAME') aliasShown = true;
      io.print(said(rr));
    }
    const found = answer.answers.filter((rr) => rr.type === asked);
    // Asked for one type, host says when there is none; the default lookups stay quiet.
    if (found.length === 0 && type !== null) io.print(`${shown} has no ${asked} record`);
  }
  return 0;
};

/** One answer in host's words: "example.org mail is handled by 10 mx.example.org.". */
function said(rr: ResourceRecord): string {
  const owner = rr.name.replace(/\.$/, '');
  return `${owner} ${SAYS[rr.type] ?? `has ${rr.type} record`} ${rr.data}`;
}
