// nslookup [-type=T | -query=T] [-port=N] name [server]: BIND 9.18's nslookup, as recorded
// in test/fixtures/dns/.
import {
  illegalName,
  query,
  recordType,
  reverseName,
  traceQuery,
  UDP_SIZE,
  type RecordType,
} from '../world/dns.ts';
import { isDottedQuad } from '../world/dns-names.ts';
import type { Tool } from './tool.ts';

/** A name as nslookup prints it, without the final dot. */
const bare = (name: string) => name.replace(/\.$/, '');

export const nslookup: Tool = (args, { world, io, sim }) => {
  let type: RecordType = 'A';
  let port = 53;
  const operands: string[] = [];
  for (const arg of args) {
    const option = /^-(type|query|querytype|q|port)=(.*)$/i.exec(arg);
    if (option?.[1]!.toLowerCase() === 'port') port = Number(option[2]);
    else if (option && recordType(option[2]!) !== null) type = recordType(option[2]!)!;
    else if (option) {
      io.print(`unknown query type: ${option[2]}`);
    } else operands.push(arg);
  }
  const [given, server = world.resolver] = operands;
  // An address is looked up in reverse, as a PTR question (nslookup.c's reverse lookup).
  const reverse = given !== undefined && isDottedQuad(given);
  const name = reverse ? reverseName(given) : given;
  if (reverse) type = 'PTR';
  if (name === undefined) {
    io.print(
      '> (interactive mode is not available here: give a name, e.g. nslookup -type=mx example.org)',
    );
    return 1;
  }
  const illegal = illegalName(name);
  if (illegal !== null) {
    io.print(`nslookup: '${name}' is not a legal name (${illegal})`);
    return 10;
  }
  const answer = query(world, name, type);
  traceQuery(sim, world.laptop.name, answer, 'nslookup');
  // A reverse lookup prints neither the server nor "Non-authoritative answer:" (recorded:
  // test/fixtures/dns/nslookup-reverse*.txt).
  const lines = [
    ...(answer.size > UDP_SIZE ? [';; Truncated, retrying in TCP mode.'] : []),
    ...(reverse ? [] : [`Server:\t\t${server}`, `Address:\t${server}#${port}`, '']),
  ];
  if (answer.status === 'NXDOMAIN') {
    lines.push(`** server can't find ${bare(answer.question.name)}: NXDOMAIN`, '');
  } else if (answer.answers.length === 0) {
    const soa = answer.authority[0]!;
    lines.push(
      'Non-authoritative answer:',
      `*** Can't find ${bare(answer.question.name)}: No answer`,
      '',
    );
    // nslookup.c shows the authority section for any question but A (and AAAA): "nslookup
    // example.org" ends at "No answer" (recorded, test/fixtures/dns/nslookup-a-nodata.txt).
    if (type !== 'A' && type !== 'AAAA')
      lines.push('Authoritative answers can be found from:', ...soaLines(soa.name, soa.data), '');
  } else {
    if (!reverse) lines.push('Non-authoritative answer:');
    for (const rr of answer.answers) {
      if (rr.type === 'MX') lines.push(`${bare(rr.name)}\tmail exchanger = ${rr.data}`);
      // The TXT data as dig shows it, quoted (BIND's printrdata(): "<name>\ttext = <rdata>").
      else if (rr.type === 'TXT') lines.push(`${bare(rr.name)}\ttext = ${rr.data}`);
      else if (rr.type === 'PTR') lines.push(`${bare(rr.name)}\tname = ${rr.data}`);
      else if (rr.type === 'CNAME') lines.push(`${bare(rr.name)}\tcanonical name = ${rr.data}`);
      // nslookup 9.18 has no name for TLSA and calls it by its number (recorded).
      else if (rr.type === 'TLSA') lines.push(`${bare(rr.name)}\trdata_52 = ${rr.data}`);
      else if (rr.type === 'SOA') lines.push(...soaLines(rr.name, rr.data));
      else lines.push(`Name:\t${bare(rr.name)}`, `Address: ${rr.data}`);
    }
    lines.push('', ...(type !== 'A' ? ['Authoritative answers can be found from:', ''] : []));
  }
  lines.forEach((line) => io.print(line));
  // nslookup exits 1 when the name does not exist ("** server can't find ...: NXDOMAIN").
  return answer.status === 'NXDOMAIN' ? 1 : 0;
};

/** An SOA as nslookup prints it (printsoa()): the owner, then each field on its own line. */
function soaLines(owner: string, data: string): string[] {
  const [origin, mail, serial, refresh, retry, expire, minimum] = data.split(' ');
  return [
    bare(owner),
    `\torigin = ${bare(origin!)}`,
    `\tmail addr = ${bare(mail!)}`,
    `\tserial = ${serial}`,
    `\trefresh = ${refresh}`,
    `\tretry = ${retry}`,
    `\texpire = ${expire}`,
    `\tminimum = ${minimum}`,
  ];
}
