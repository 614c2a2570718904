// nslookup [-type=T | -query=T] [-port=N] name [server]: BIND 9.18's nslookup, as recorded
// in test/fixtures/dns/.
import { illegalName, query, traceQuery, UDP_SIZE, type RecordType } from '../world/dns.ts';
import type { Tool } from './tool.ts';

const TYPES: readonly RecordType[] = ['A', 'MX', 'SOA', 'TXT'];

export const nslookup: Tool = (args, { world, io, sim }) => {
  let type: RecordType = 'A';
  let port = 53;
  const operands: string[] = [];
  for (const arg of args) {
    const option = /^-(type|query|querytype|q|port)=(.*)$/i.exec(arg);
    if (option?.[1]!.toLowerCase() === 'port') port = Number(option[2]);
    else if (option && TYPES.includes(option[2]!.toUpperCase() as RecordType))
      type = option[2]!.toUpperCase() as RecordType;
    else if (option) {
      io.print(`unknown query type: ${option[2]}`);
    } else operands.push(arg);
  }
  const [name, server = world.resolver] = operands;
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
  const bare = (n: string) => n.replace(/\.$/, '');
  const lines = [
    ...(answer.size > UDP_SIZE ? [';; Truncated, retrying in TCP mode.'] : []),
    `Server:\t\t${server}`,
    `Address:\t${server}#${port}`,
    '',
  ];
  if (answer.status === 'NXDOMAIN') {
    lines.push(`** server can't find ${bare(answer.question.name)}: NXDOMAIN`, '');
  } else if (answer.answers.length === 0) {
    const soa = answer.authority[0]!;
    const [origin, mail, serial, refresh, retry, expire, minimum] = soa.data.split(' ');
    lines.push(
      'Non-authoritative answer:',
      `*** Can't find ${bare(answer.question.name)}: No answer`,
      '',
    );
    // nslookup.c shows the authority section for any question but A (and AAAA): "nslookup
    // example.org" ends at "No answer" (recorded, test/fixtures/dns/nslookup-a-nodata.txt).
    if (type !== 'A')
      lines.push(
        'Authoritative answers can be found from:',
        bare(soa.name),
        `\torigin = ${bare(origin!)}`,
        `\tmail addr = ${bare(mail!)}`,
        `\tserial = ${serial}`,
        `\trefresh = ${refresh}`,
        `\tretry = ${retry}`,
        `\texpire = ${expire}`,
        `\tminimum = ${minimum}`,
        '',
      );
  } else {
    lines.push('Non-authoritative answer:');
    for (const rr of answer.answers) {
      if (rr.type === 'MX') lines.push(`${bare(rr.name)}\tmail exchanger = ${rr.data}`);
      // The TXT data as dig shows it, quoted (BIND's printrdata(): "<name>\ttext = <rdata>").
      else if (rr.type === 'TXT') lines.push(`${bare(rr.name)}\ttext = ${rr.data}`);
      else lines.push(`Name:\t${bare(rr.name)}`, `Address: ${rr.data}`);
    }
    lines.push('', ...(type !== 'A' ? ['Authoritative answers can be found from:', ''] : []));
  }
  lines.forEach((line) => io.print(line));
  // nslookup exits 1 when the name does not exist ("** server can't find ...: NXDOMAIN").
  return answer.status === 'NXDOMAIN' ? 1 : 0;
};
