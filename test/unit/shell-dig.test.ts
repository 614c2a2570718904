// dig against the world's DNS, compared with real dig 9.18 output recorded against a resolver
// serving the same records (test/fixtures/dns, made with test/tools/dns-responder.py).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Shell, type ShellOutput } from '../../src/engine/tools/shell.ts';
import { referenceWorld } from '../../src/engine/world/reference-world.ts';
import { repoRoot } from '../tools/fidelity/paths.ts';

function run(command: string): string[] {
  const outputs: ShellOutput[] = [];
  new Shell(referenceWorld(), (o) => outputs.push(o), Date.UTC(2026, 10, 27, 19, 59, 17)).run(
    command,
  );
  return outputs.flatMap((o) => (o.kind === 'line' ? [o.text] : []));
}

/** A recording, with what differs by run (query id, time, date) masked the same way. */
function recorded(file: string): string[] {
  return mask(
    readFileSync(path.join(repoRoot, 'test/fixtures/dns', file), 'utf8')
      .replace(/\n$/, '')
      .split('\n'),
  );
}
const mask = (lines: string[]) =>
  lines.map((l) =>
    l
      .replace(/id: \d+/, 'id: ID')
      .replace(/Query time: \d+ msec/, 'Query time: N msec')
      .replace(/WHEN: .*/, 'WHEN: DATE'),
  );

describe('dig', () => {
  it.each([
    ['dig @127.0.0.1 -p 5353 MX example.org', 'dig-mx.txt'],
    ['dig @127.0.0.1 -p 5353 MX nowhere.example.org', 'dig-mx-nx.txt'],
    ['dig @127.0.0.1 -p 5353 MX mx.example.org', 'dig-mx-nodata.txt'],
    ['dig @127.0.0.1 -p 5353 mx.example.org', 'dig-a.txt'],
    ['dig @127.0.0.1 -p 5353 -t MX example.net', 'dig-t-mx.txt'],
    ['dig @127.0.0.1 -p 5353 +short MX example.org', 'dig-short-mx.txt'],
    ['dig @127.0.0.1 -p 5353 A smtp.example.net +short', 'dig-short-a.txt'],
    ['dig @127.0.0.1 -p 5353 --bogus', 'dig-bad-option.txt'],
  ])('%s', (command, file) => {
    expect(mask(run(command))).toEqual(recorded(file));
  });
  it('asks the home router when no server is named', () => {
    const lines = run('dig MX example.org');
    expect(lines[1]).toBe('; <<>> DiG 9.18.49-1~deb12u3-Debian <<>> MX example.org');
    expect(lines).not.toContain('; (1 server found)');
    expect(lines).toContain(';; SERVER: 192.168.1.1#53(192.168.1.1) (UDP)');
    expect(lines).toContain(';; WHEN: Fri Nov 27 19:59:17 UTC 2026');
  });
});

describe('nslookup', () => {
  it.each([
    ['nslookup -port=5353 -type=mx example.org 127.0.0.1', 'nslookup-mx.txt'],
    ['nslookup -port=5353 -query=MX example.net 127.0.0.1', 'nslookup-query-mx.txt'],
    ['nslookup -port=5353 -type=mx nowhere.example.org 127.0.0.1', 'nslookup-mx-nx.txt'],
    ['nslookup -port=5353 -type=mx mx.example.org 127.0.0.1', 'nslookup-mx-nodata.txt'],
    ['nslookup -port=5353 mx.example.org 127.0.0.1', 'nslookup-a.txt'],
  ])('%s', (command, file) => {
    expect(run(command)).toEqual(recorded(file));
  });
});
