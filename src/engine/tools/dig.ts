// dig [@server] [-p port] [-t type] [-x address] [+short] name [type]: BIND 9.18's output,
// as recorded against a resolver in test/fixtures/dns/.
import {
  illegalName,
  query,
  recordType,
  reverseName,
  traceQuery,
  UDP_SIZE,
  type RecordType,
  type ResourceRecord,
} from '../world/dns.ts';
import type { Tool } from './tool.ts';
import { MONTHS } from '../months.ts';

const VERSION = 'DiG 9.18.49-1~deb12u3-Debian';
const USAGE = [
  'Usage:  dig [@global-server] [domain] [q-type] [q-class] {q-opt}',
  '            {global-d-opt} host [@local-server] {local-d-opt}',
  '            [ host [@local-server] {local-d-opt} [...]]',
  '',
  'Use "dig -h" (or "dig -h | more") for complete list of options',
];

/** Text, then on to `column` as BIND's masterdump.c indent() goes (dig's style: owner, TTL at
 * 24, class at 32, type at 40, data at 48; 8-column tabs): tabs to the column, or, when the
 * text already reaches it, one space. "mx.example.org.\t\t3600\tIN\tA\t...", but
 * "45.113.0.203.bl.example.net. 3600 IN\tA\t127.0.0.2" (recorded, test/fixtures/dns). */
function padTo(text: string, column: number): string {
  let from = 0; // the column the text ends at, its tabs expanded
  for (const c of text) from = c === '\t' ? (Math.floor(from / 8) + 1) * 8 : from + 1;
  const to = Math.max(column, from + 1);
  const tabs = Math.floor(to / 8) - Math.floor(from / 8);
  return text + (tabs > 0 ? '\t'.repeat(tabs) + ' '.repeat(to % 8) : ' '.repeat(to - from));
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const two = (n: number) => String(n).padStart(2, '0');
const when = (d: Date) =>
  `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;

export const dig: Tool = (args, { world, io, now, sim }) => {
  let server: string | null = null;
  let port = 53;
  let short = false;
  let type: RecordType = 'A';
  let name: string | null = null;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const upper = arg.toUpperCase();
    if (arg.startsWith('@')) server = arg.slice(1);
    else if (arg === '-p') port = Number(args[++i]);
    else if (arg === '-t' && recordType(args[i + 1] ?? '') !== null) type = recordType(args[++i]!)!;
    // -x: a reverse lookup, PTR at the address's in-addr.arpa name. dig.c reverse_octets()
    // reverses whatever labels it is given: "-x foo" asks for foo.in-addr.arpa.
    else if (arg === '-x' && args[i + 1] !== undefined) {
      name = reverseName(args[++i]!);
      type = 'PTR';
    } else if (arg === '+short') short = true;
    else if (arg.startsWith('-') || arg.startsWith('+')) {
      io.print(`Invalid option: ${arg}`);
      USAGE.forEach((line) => io.print(line));
      return 1;
    } else if (recordType(upper) !== null) type = recordType(upper)!;
    else name = arg;
  }
  name ??= '.';
  const illegal = illegalName(name);
  if (illegal !== null) {
    io.print(`dig: '${name}' is not a legal name (${illegal})`);
    return 10;
  }
  const answer = query(world, name, type);
  traceQuery(sim, world.laptop.name, answer, 'dig');
  if (short) {
    answer.answers.forEach((rr) => io.print(rr.data));
    return 0;
  }
  const resolver = server ?? world.resolver;
  const id = Math.floor(Math.random() * 65536);
  const tcp = answer.size > UDP_SIZE;
  const lines = [
    ...(tcp ? [';; Truncated, retrying in TCP mode.'] : []),
    '',
    `; <<>> ${VERSION} <<>> ${args.join(' ')}`,
    ...(server ? ['; (1 server found)'] : []),
    ';; global options: +cmd',
    ';; Got answer:',
    `;; ->>HEADER<<- opcode: QUERY, status: ${answer.status}, id: ${id}`,
    `;; flags: qr rd ra${answer.authenticated ? ' ad' : ''}; QUERY: 1, ANSWER: ${answer.answers.length}, AUTHORITY: ${answer.authority.length}, ADDITIONAL: 1`,
    '',
    ';; OPT PSEUDOSECTION:',
    '; EDNS: version: 0, flags:; udp: 1232',
    ';; QUESTION SECTION:',
    // The columns count from the name: the ";" before it is not in them (recorded).
    `;${padTo(padTo(answer.question.name, 32) + 'IN', 40)}${type}`,
    '',
  ];
  const section = (title: string, rrs: readonly ResourceRecord[]) =>
    rrs.length === 0
      ? []
      : [
          title,
          ...rrs.map(
            (rr) =>
              padTo(padTo(padTo(padTo(rr.name, 24) + rr.ttl, 32) + 'IN', 40) + rr.type, 48) +
              rr.data,
          ),
          '',
        ];
  lines.push(
    ...section(';; ANSWER SECTION:', answer.answers),
    ...section(';; AUTHORITY SECTION:', answer.authority),
  );
  lines.push(
    ';; Query time: 12 msec',
    `;; SERVER: ${resolver}#${port}(${resolver}) (${tcp ? 'TCP' : 'UDP'})`,
    `;; WHEN: ${when(now())}`,
    `;; MSG SIZE  rcvd: ${answer.size}`,
    '',
  );
  lines.forEach((line) => io.print(line));
  return 0;
};
