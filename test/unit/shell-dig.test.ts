// dig against the world's DNS, compared with real dig 9.18 output recorded against a resolver
// serving the same records (test/fixtures/dns, made with test/tools/dns-responder.py).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarios } from '../../src/adapters/cli/scenario-files.ts';
import { goalMet } from '../../src/engine/lessons/goals.ts';
import { Shell, type ShellOutput } from '../../src/engine/tools/shell.ts';
import { query, txtData } from '../../src/engine/world/dns.ts';
import { blocklistZones } from '../../src/engine/world/dns-names.ts';
import { referenceWorld } from '../../src/engine/world/reference-world.ts';
import { parseScenarioData } from '../../src/engine/world/scenario.ts';
import type { World } from '../../src/engine/world/world.ts';
import { repoRoot } from '../tools/fidelity/paths.ts';

function shell(command: string, world: World = referenceWorld()): ShellOutput[] {
  const outputs: ShellOutput[] = [];
  new Shell(world, (o) => outputs.push(o), Date.UTC(2026, 10, 27, 19, 59, 17)).run(command);
  return outputs;
}
function run(command: string, world?: World): string[] {
  return shell(command, world).flatMap((o) => (o.kind === 'line' ? [o.text] : []));
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
    // What the domains publish (SPF, DMARC), the servers' reverse names, a zone's SOA, and
    // types a name has no records of (NOERROR, no answer, the zone's SOA).
    ['dig @127.0.0.1 -p 5353 TXT example.org', 'dig-txt.txt'],
    ['dig @127.0.0.1 -p 5353 TXT _dmarc.example.org', 'dig-dmarc-txt.txt'],
    ['dig @127.0.0.1 -p 5353 +short TXT _dmarc.example.net', 'dig-short-dmarc.txt'],
    ['dig @127.0.0.1 -p 5353 -x 198.51.100.25', 'dig-x.txt'],
    ['dig @127.0.0.1 -p 5353 -x 203.0.113.45', 'dig-x-nx.txt'],
    ['dig @127.0.0.1 -p 5353 SOA example.org', 'dig-soa.txt'],
    ['dig @127.0.0.1 -p 5353 AAAA mx.example.org', 'dig-aaaa-nodata.txt'],
    ['dig @127.0.0.1 -p 5353 NS example.org', 'dig-ns-nodata.txt'],
    // DANE: the TLSA record that pins mx.example.org's key (RFC 7672 §3), computed from the
    // certificate the MX presents; the provider's MX has none.
    ['dig @127.0.0.1 -p 5353 TLSA _25._tcp.mx.example.org', 'dig-tlsa.txt'],
    ['dig @127.0.0.1 -p 5353 +short TLSA _25._tcp.mx.example.org', 'dig-short-tlsa.txt'],
    ['dig @127.0.0.1 -p 5353 TLSA _25._tcp.smtp.example.net', 'dig-tlsa-nx.txt'],
    // example.org is signed (AD on its answers, dig-mx.txt); example.net is not.
    ['dig @127.0.0.1 -p 5353 MX example.net', 'dig-mx-unsigned.txt'],
    // An alias: the CNAME, then the target's records (or its zone's SOA when it has none).
    ['dig @127.0.0.1 -p 5353 mail.example.net', 'dig-cname-a.txt'],
    ['dig @127.0.0.1 -p 5353 CNAME mail.example.net', 'dig-cname.txt'],
    ['dig @127.0.0.1 -p 5353 MX mail.example.net', 'dig-cname-nodata.txt'],
    ['dig @127.0.0.1 -p 5353 +short mail.example.net', 'dig-short-cname.txt'],
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
    ['nslookup -port=5353 -type=txt example.org 127.0.0.1', 'nslookup-txt.txt'],
    ['nslookup -port=5353 -type=soa example.org 127.0.0.1', 'nslookup-soa.txt'],
    ['nslookup -port=5353 -type=aaaa mx.example.org 127.0.0.1', 'nslookup-aaaa-nodata.txt'],
    ['nslookup -port=5353 198.51.100.25 127.0.0.1', 'nslookup-reverse.txt'],
    ['nslookup -port=5353 203.0.113.45 127.0.0.1', 'nslookup-reverse-nx.txt'],
    ['nslookup -port=5353 mail.example.net 127.0.0.1', 'nslookup-cname.txt'],
    ['nslookup -port=5353 -type=tlsa _25._tcp.mx.example.org 127.0.0.1', 'nslookup-tlsa.txt'],
  ])('%s', (command, file) => {
    expect(run(command)).toEqual(recorded(file));
  });
});

// RFC 5782 §2.1: a DNSxL lists 203.0.113.45 as 45.113.0.203.<zone>, an A record (127.0.0.2)
// and a TXT record with the reason; other names under the zone do not exist. The dnsbl-listed
// scenario's zone bl.example.net lists the learner's home address (203.0.113.45); the real
// tools were recorded against test/tools/dns-responder.py serving that zone (and, with
// --no-dnsbl, without it).
describe('a DNS blocklist zone', () => {
  const listed = referenceWorld(loadScenarios().get('dnsbl-listed')!);
  const plain = referenceWorld(loadScenarios().get('home-isp-blocks-25')!);
  // A reason past 255 octets: cut into character-strings, quotes, backslash and UTF-8 escaped.
  const long = referenceWorld(
    parseScenarioData(
      {
        id: 'long-reason',
        title: 'long reason',
        summary: 'a blocklist with a long reason',
        servers: {
          'mx.example.org': {
            dnsbl: {
              zone: 'bl.example.net',
              lists: ['203.0.113.46'],
              reason: `Listed "since 2026" \\ café ${'x'.repeat(300)}`,
            },
          },
        },
      },
      'test',
    ),
  );
  const L = '45.113.0.203.bl.example.net';
  const U = '47.113.0.203.bl.example.net';

  it.each([
    [`dig @127.0.0.1 -p 5353 ${L}`, 'dig-dnsbl-a.txt'],
    [`dig @127.0.0.1 -p 5353 TXT ${L}`, 'dig-dnsbl-txt.txt'],
    [`dig @127.0.0.1 -p 5353 -t txt ${L}`, 'dig-dnsbl-t-txt.txt'],
    [`dig @127.0.0.1 -p 5353 +short TXT ${L}`, 'dig-dnsbl-short-txt.txt'],
    [`dig @127.0.0.1 -p 5353 ${L} +short`, 'dig-dnsbl-short-a.txt'],
    [`dig @127.0.0.1 -p 5353 ${U}`, 'dig-dnsbl-unlisted.txt'],
    [`dig @127.0.0.1 -p 5353 TXT ${U}`, 'dig-dnsbl-unlisted-txt.txt'],
    ['dig @127.0.0.1 -p 5353 TXT bl.example.net', 'dig-dnsbl-apex-txt.txt'],
    [`nslookup -port=5353 -type=txt ${L} 127.0.0.1`, 'nslookup-dnsbl-txt.txt'],
    [`nslookup -port=5353 ${L} 127.0.0.1`, 'nslookup-dnsbl-a.txt'],
    [`nslookup -port=5353 -type=txt ${U} 127.0.0.1`, 'nslookup-dnsbl-unlisted-txt.txt'],
    [`nslookup -port=5353 ${U} 127.0.0.1`, 'nslookup-dnsbl-unlisted.txt'],
    ['nslookup -port=5353 bl.example.net 127.0.0.1', 'nslookup-dnsbl-apex.txt'],
    ['nslookup -port=5353 -type=txt bl.example.net 127.0.0.1', 'nslookup-dnsbl-apex-txt.txt'],
  ])('dnsbl-listed: %s', (command, file) => {
    expect(mask(run(command, listed))).toEqual(recorded(file));
  });

  it.each([
    [`dig @127.0.0.1 -p 5353 ${L}`, 'dig-nodnsbl-a.txt'],
    [`dig @127.0.0.1 -p 5353 TXT ${L}`, 'dig-nodnsbl-txt.txt'],
    [`nslookup -port=5353 -type=txt ${L} 127.0.0.1`, 'nslookup-nodnsbl-txt.txt'],
    [`nslookup -port=5353 ${L} 127.0.0.1`, 'nslookup-nodnsbl-a.txt'],
  ])('without a blocklist: %s', (command, file) => {
    expect(mask(run(command, plain))).toEqual(recorded(file));
    expect(mask(run(command))).toEqual(recorded(file));
  });

  it.each([
    ['dig @127.0.0.1 -p 5353 TXT 46.113.0.203.bl.example.net', 'dig-dnsbl-long-txt.txt'],
    [
      'nslookup -port=5353 -type=TXT 46.113.0.203.bl.example.net 127.0.0.1',
      'nslookup-dnsbl-long-txt.txt',
    ],
  ])('a long reason: %s', (command, file) => {
    expect(mask(run(command, long))).toEqual(recorded(file));
  });

  // 450 euro signs, 1350 octets: past the 1232 octets of EDNS over UDP, dig and nslookup ask
  // again over TCP (+short says nothing of it).
  const huge = referenceWorld(
    parseScenarioData(
      {
        id: 'huge-reason',
        title: 'huge reason',
        summary: 'a blocklist with a reason past a UDP answer',
        servers: {
          'mx.example.org': {
            dnsbl: {
              zone: 'bl.example.net',
              lists: ['203.0.113.48'],
              reason: '\u20ac'.repeat(450),
            },
          },
        },
      },
      'test',
    ),
  );
  it.each([
    ['dig @127.0.0.1 -p 5353 TXT 48.113.0.203.bl.example.net', 'dig-dnsbl-tcp-txt.txt'],
    [
      'dig @127.0.0.1 -p 5353 TXT 48.113.0.203.bl.example.net +short',
      'dig-dnsbl-tcp-short-txt.txt',
    ],
    [
      'nslookup -port=5353 -type=txt 48.113.0.203.bl.example.net 127.0.0.1',
      'nslookup-dnsbl-tcp-txt.txt',
    ],
  ])('a reason too long for UDP: %s', (command, file) => {
    expect(mask(run(command, huge))).toEqual(recorded(file));
  });

  it('answers +short with the quoted text, and nothing for a name that does not exist', () => {
    expect(run(`dig +short txt ${L}`, listed)).toEqual([
      '"Dynamic/residential IP range listed by bl.example.net, see https://bl.example.net/lookup"',
    ]);
    expect(run(`dig +short ${L}`, listed)).toEqual(['127.0.0.2']);
    expect(run(`dig +short TXT ${U}`, listed)).toEqual([]);
    expect(run(`dig +short ${L}`)).toEqual([]);
  });

  it('meets a lookup goal for the listed name, A or TXT', () => {
    const traced = (command: string, world: World) =>
      shell(command, world).flatMap((o) => (o.kind === 'trace' ? [o] : []));
    const goal = (qtype: string) => ({ kind: 'lookup', name: L, qtype }) as const;
    expect(goalMet(goal('TXT'), traced(`dig TXT ${L}`, listed))).toBe(true);
    expect(goalMet(goal('TXT'), traced(`nslookup -type=txt ${L}`, listed))).toBe(true);
    expect(goalMet(goal('A'), traced(`dig ${L}`, listed))).toBe(true);
    expect(goalMet(goal('A'), traced(`nslookup ${L}`, listed))).toBe(true);
    expect(goalMet(goal('TXT'), traced(`dig ${L}`, listed))).toBe(false);
    const [event] = traced(`dig -t TXT ${L}`, listed).flatMap((t) =>
      t.event.type === 'dns.query' ? [t.event] : [],
    );
    expect(event).toMatchObject({ name: L, qtype: 'TXT', tool: 'dig' });
  });

  it('answers a listing without a reason with an A record and no TXT data', () => {
    const world: World = {
      ...listed,
      dnsbl: blocklistZones([{ zone: 'bl.example.net', listed: { '203.0.113.45': null } }]),
    };
    expect(query(world, L, 'A').answers.map((rr) => rr.data)).toEqual(['127.0.0.2']);
    const txt = query(world, L, 'TXT');
    expect(txt.status).toBe('NOERROR');
    expect(txt.answers).toEqual([]);
    expect(txt.authority[0]!.name).toBe('bl.example.net.');
  });

  it('keeps only what a DNSxL can hold, and hostile names are just names', () => {
    const zones = blocklistZones([
      {
        zone: 'BL.Example.NET',
        // As a scenario's JSON has them: "__proto__" an own key, not the prototype.
        listed: JSON.parse(
          '{"203.0.113.45": "first", "203.0.113.045": "leading zero", "2001:db8::1": "IPv6",' +
            ' "300.1.1.1": "no address", "__proto__": "proto", "constructor": "constructor"}',
        ) as Record<string, string>,
      },
      { zone: 'bl.example.net', listed: { '203.0.113.45': 'second', '192.0.2.1': null } },
      { zone: 'a..b', listed: { '192.0.2.1': 'illegal zone' } },
      {
        zone: `${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}.net`,
        listed: { '192.0.2.1': 'entry name too long' },
      },
    ]);
    expect(JSON.parse(JSON.stringify(zones))).toEqual({
      'bl.example.net': { '203.0.113.45': 'first', '192.0.2.1': null },
      [`${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}.net`]: {},
    });
    for (const name of [
      'constructor.bl.example.net',
      '__proto__.bl.example.net',
      'toString.113.0.203.bl.example.net',
      '45.113.0.203.bl.example.net.bl.example.net',
      '1.45.113.0.203.bl.example.net',
    ])
      expect(query(listed, name, 'TXT').status).toBe('NXDOMAIN');
    expect(run(`dig TXT ${'a'.repeat(64)}.bl.example.net`, listed)).toEqual([
      `dig: '${'a'.repeat(64)}.bl.example.net' is not a legal name (label too long)`,
    ]);
  });

  it('presents TXT data as BIND does', () => {
    expect(txtData('')).toBe('""');
    expect(txtData('a"b\\c\td\u007f')).toBe('"a\\"b\\\\c\\009d\\127"');
    expect(txtData('x'.repeat(256))).toBe(`"${'x'.repeat(255)}" "x"`);
  });
});

describe('dig columns', () => {
  // BIND's indent(): tabs to the column, one space once the text reaches it (recorded).
  it('dig @127.0.0.1 -p 5353 MX aaaaaaaaaaaaaaaaaaaaaaaa.example.org', () => {
    expect(mask(run('dig @127.0.0.1 -p 5353 MX aaaaaaaaaaaaaaaaaaaaaaaa.example.org'))).toEqual(
      recorded('dig-long-name.txt'),
    );
  });
  it('nslookup example.org: no answer for A, no authority shown', () => {
    expect(run('nslookup -port=5353 example.org 127.0.0.1')).toEqual(
      recorded('nslookup-a-nodata.txt'),
    );
  });
});

describe('host', () => {
  const exit = (command: string) =>
    shell(command).flatMap((o) =>
      o.kind === 'trace' && o.event.type === 'tool.exit' ? [o.event.status] : [],
    );
  // test/fixtures/dns/host-*.txt, with the exit status real host gave.
  it.each([
    ['host -p 5353 example.org 127.0.0.1', 'host-default-mx.txt', 0],
    ['host -p 5353 mx.example.org 127.0.0.1', 'host-default-a.txt', 0],
    ['host -p 5353 _dmarc.example.org 127.0.0.1', 'host-default-nothing.txt', 0],
    ['host -p 5353 -t TXT example.org 127.0.0.1', 'host-t-txt.txt', 0],
    ['host -p 5353 -t txt _dmarc.example.org 127.0.0.1', 'host-t-dmarc.txt', 0],
    ['host -p 5353 -t SOA example.org 127.0.0.1', 'host-t-soa.txt', 0],
    ['host -p 5353 -t MX mx.example.org 127.0.0.1', 'host-t-mx-nodata.txt', 0],
    ['host -p 5353 -t AAAA mx.example.org 127.0.0.1', 'host-t-aaaa-nodata.txt', 0],
    ['host -p 5353 nowhere.example.org 127.0.0.1', 'host-nx.txt', 1],
    ['host -p 5353 198.51.100.25 127.0.0.1', 'host-reverse.txt', 0],
    ['host -p 5353 203.0.113.45 127.0.0.1', 'host-reverse-nx.txt', 1],
    ['host -p 5353 mail.example.net 127.0.0.1', 'host-cname.txt', 0],
    ['host -p 5353 -t TLSA _25._tcp.mx.example.org 127.0.0.1', 'host-t-tlsa.txt', 0],
    ['host -p 5353 -t FOO example.org 127.0.0.1', 'host-bad-type.txt', 2],
    ['host -x example.org', 'host-bad-option.txt', 1],
    ['host', 'host-usage.txt', 1],
  ])('%s', (command, file, status) => {
    expect(run(command)).toEqual(recorded(file));
    expect(exit(command)).toEqual([status]);
  });

  it('names no server when none is given, and its lookups meet a lookup goal', () => {
    expect(run('host -t mx example.org')).toEqual([
      'example.org mail is handled by 10 mx.example.org.',
    ]);
    const traced = shell('host -t txt _dmarc.example.org').flatMap((o) =>
      o.kind === 'trace' ? [o] : [],
    );
    expect(goalMet({ kind: 'lookup', name: '_dmarc.example.org', qtype: 'TXT' }, traced)).toBe(
      true,
    );
  });
});
