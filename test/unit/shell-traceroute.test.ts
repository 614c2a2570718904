// traceroute in the shell, against real traceroute 2.1.2 recorded across namespaces shaped
// like the home path (test/fixtures/traceroute): the same lines once the round trips are
// masked and the recording's private addresses are read as the world's, the same batches of
// virtual time, and the errors word for word.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Shell, type ShellOutput } from '../../src/engine/tools/shell.ts';
import { referenceWorld } from '../../src/engine/world/reference-world.ts';
import { parseScenario } from '../../src/engine/world/scenario.ts';
import { repoRoot } from '../tools/fidelity/paths.ts';
import { shellIn } from '../tools/shell-in.ts';

const fixtures = path.join(repoRoot, 'test/fixtures/traceroute');
const fixture = (file: string) => readFileSync(path.join(fixtures, file), 'utf8');

/** The recording's namespaces and the world's hops, in path order. */
const RECORDED_ADDRESS: Readonly<Record<string, string>> = {
  '10.1.0.2': '203.0.113.1', // ISP edge
  '10.2.0.2': '198.51.100.1', // internet core
  '10.3.0.2': '198.51.100.254', // mx.example.org's border
  '10.4.0.25': '198.51.100.25', // mx.example.org
};
const maskTimes = (line: string) => line.replace(/\d+\.\d{3} ms/g, 'T ms');

function recorded(name: string): string[] {
  return fixture(`${name}.txt`)
    .trimEnd()
    .split('\n')
    .map((line) => maskTimes(line.replace(/10\.\d+\.0\.\d+/g, (a) => RECORDED_ADDRESS[a] ?? a)));
}

/** A home world whose ISP edge does `action` to port 25 (none: nothing in the way). */
function homeShell(action?: string) {
  const scenario = parseScenario(
    {
      id: 'home',
      title: 'home',
      summary: 'A home path.',
      path: action ? { 'isp-edge': [{ ports: [25], action }] } : {},
    },
    'home.json',
  );
  const outputs: ShellOutput[] = [];
  const shell = new Shell(referenceWorld(scenario), (o) => outputs.push(o));
  return { shell, outputs };
}

const printed = (outputs: readonly ShellOutput[]) =>
  outputs.flatMap((o) => (o.kind === 'line' ? [o.text] : []));
const hopEvents = (outputs: readonly ShellOutput[]) =>
  outputs.flatMap((o) =>
    o.kind === 'trace' && o.event.type === 'traceroute.hop' ? [{ at: o.at, ...o.event }] : [],
  );
/** The virtual time each printed line came at, in whole seconds. */
function secondsOfLines(outputs: readonly ShellOutput[]): number[] {
  let ms = 0;
  return outputs.flatMap((o) => {
    if (o.kind === 'wait') ms += o.ms;
    return o.kind === 'line' ? [Math.round(ms / 1000)] : [];
  });
}

describe('traceroute, line for line as recorded', () => {
  it.each([
    ['tcp25-drop', 'drop', 'traceroute -T -p 25 mx.example.org'],
    ['tcp25-drop-numeric', 'drop', 'traceroute -n -T -p 25 -m 8 mx.example.org'],
    ['tcp25-drop-w2-q1', 'drop', 'traceroute -T -p 25 -w 2 -q 1 mx.example.org'],
    ['udp-through-drop', 'drop', 'traceroute mx.example.org'],
    ['tcp587-through-drop', 'drop', 'traceroute -T -p 587 mx.example.org'],
    ['tcp25-reset', 'reject-reset', 'traceroute -T -p 25 mx.example.org'],
    [
      'tcp25-admin-prohibited',
      'reject-icmp-admin-prohibited',
      'traceroute -T -p 25 mx.example.org',
    ],
    [
      'tcp25-host-unreachable',
      'reject-icmp-host-unreachable',
      'traceroute -T -p 25 mx.example.org',
    ],
    [
      'tcp25-port-unreachable',
      'reject-icmp-port-unreachable',
      'traceroute -T -p 25 mx.example.org',
    ],
    ['udp', undefined, 'traceroute mx.example.org'],
    ['udp-numeric', undefined, 'traceroute -n mx.example.org'],
    ['udp-address', undefined, 'traceroute 198.51.100.25'],
    ['udp-packetlen', undefined, 'traceroute mx.example.org 100'],
    ['tcp-default-port', undefined, 'traceroute -T mx.example.org'],
    ['tcp25-closed', undefined, 'traceroute -T -p 25 mx.example.org'],
    ['tcp25-open-q1', undefined, 'traceroute -T -p 25 -q 1 mx.example.org'],
    ['tcp25-open-clustered', undefined, 'traceroute -nT -p25 mx.example.org'],
  ])('%s (ISP edge: %s)', (name, action, command) => {
    const { shell, outputs } = homeShell(action);
    shell.run(command);
    expect(printed(outputs).map(maskTimes)).toEqual(recorded(name));
  });

  it('ends at the open port 25 with nothing after the times (2.1.2 has no [open])', () => {
    const { shell, outputs } = homeShell();
    shell.run('traceroute -T -p 25 mx.example.org');
    expect(printed(outputs).map(maskTimes)).toEqual(recorded('tcp25-open'));
    expect(hopEvents(outputs).at(-1)).toMatchObject({ hop: 'mx.example.org', answer: 'reached' });
  });

  it('prints round trips with three decimals that grow along the path, the same every run', () => {
    const run = () => {
      const { shell, outputs } = homeShell();
      shell.run('traceroute mx.example.org');
      return printed(outputs);
    };
    const lines = run();
    expect(run()).toEqual(lines);
    const firstTimes = lines.slice(1).map((l) => Number(/ (\d+\.\d{3}) ms/.exec(l)![1]));
    expect(firstTimes[0]).toBeLessThan(1); // the home router, a LAN away
    for (let i = 1; i < firstTimes.length; i++)
      expect(firstTimes[i]).toBeGreaterThan(firstTimes[i - 1]!);
  });
});

describe('how long traceroute takes where nothing answers', () => {
  it('shows each line when its last probe is done, in 5 s batches of 16 probes (pty recording)', () => {
    const { shell, outputs } = homeShell('drop');
    shell.run('traceroute -T -p 25 -m 12 mx.example.org');
    expect(secondsOfLines(outputs)).toEqual(ttyLineSecondsByLastByte('tcp25-drop-m12.tty.txt'));
  });

  it('keeps 16 probes in flight (-q 1: the piped timings, a newline coming with the next probe)', () => {
    const { shell, outputs } = homeShell('drop');
    shell.run('traceroute -T -p 25 -w 2 -q 1 mx.example.org');
    const block = fixture('timing.txt').split(/^(?=\S)/m);
    const piped = block
      .find((b) => b.startsWith('tcp25-drop-w2-q1:'))!
      .split('\n')
      .slice(1, -1)
      .map((l) => Math.round(Number(l.trim().split(/\s+/)[0])));
    // With one probe a hop, a line's newline is printed with the next hop's probe.
    const simulated = secondsOfLines(outputs);
    expect([...simulated.slice(1), simulated.at(-1)]).toEqual(piped);
  });

  it.each([
    ['tcp25-drop', 'traceroute -T -p 25 mx.example.org'],
    ['tcp25-drop-numeric', 'traceroute -n -T -p 25 -m 8 mx.example.org'],
    ['tcp25-drop-w2-q1', 'traceroute -T -p 25 -w 2 -q 1 mx.example.org'],
  ])('takes as long as the real run (%s)', (name, command) => {
    const { shell, outputs } = homeShell('drop');
    shell.run(command);
    const waited = outputs.reduce((ms, o) => ms + (o.kind === 'wait' ? o.ms : 0), 0);
    const real = new RegExp(`^${name}: .*\\(exit 0, ([\\d.]+) s\\)$`, 'm').exec(
      fixture('timing.txt'),
    );
    expect(waited / 1000).toBe(Math.round(Number(real![1])));
  });

  it('passes no time when every hop answers', () => {
    const { shell, outputs } = homeShell();
    shell.run('traceroute -T -p 25 mx.example.org');
    expect(outputs.filter((o) => o.kind === 'wait')).toEqual([]);
  });
});

/** Each line of a pty recording and the second at which its last byte (before \r\n) came. */
function ttyLineSecondsByLastByte(file: string): number[] {
  const seconds: number[] = [];
  let pending: number | null = null; // when the current line's last byte came
  for (const chunk of fixture(file).trimEnd().split('\n')) {
    const [, at, literal] = /^\s*([\d.]+) b'(.*)'$/.exec(chunk)!;
    const text = literal!.replace(/\\r\\n/g, '\n');
    for (const ch of text) {
      if (ch === '\n') {
        if (pending !== null) seconds.push(pending);
        pending = null;
      } else pending = Math.round(Number(at));
    }
  }
  if (pending !== null) seconds.push(pending);
  return seconds;
}

describe('traceroute in the scenarios', () => {
  it('office-smarthost: the firewall stops port 25 to the MX, not to the relay it excepts', () => {
    const { shell, outputs } = shellIn('office-smarthost');
    shell.run('traceroute -T -p 25 mx.example.org');
    expect(printed(outputs).at(-1)).toMatch(/^ 1 {2}10\.20\.0\.1 .* !X/);
    outputs.length = 0;
    shell.run('traceroute -T -p 25 relay.example.com');
    expect(printed(outputs).at(-1)).toMatch(/^ 4 {2}relay\.example\.com \(198\.51\.100\.60\)/);
  });

  it('home-isp-blocks-25: stars from the ISP edge on, to the 30th hop', () => {
    const { shell, outputs, lines } = shellIn('home-isp-blocks-25');
    shell.run('traceroute -T -p 25 mx.example.org');
    const hops = printed(outputs).slice(1);
    expect(hops[0]).toMatch(/^ 1 {2}192\.168\.1\.1 \(192\.168\.1\.1\) {2}\d+\.\d{3} ms/);
    expect(hops.slice(1)).toEqual(
      Array.from({ length: 29 }, (_, i) => `${String(i + 2).padStart(2)}  * * *`),
    );
    const events = hopEvents(outputs);
    expect(events.map((e) => `${e.ttl}:${e.answer}@${e.hop}`).slice(0, 3)).toEqual([
      '1:time-exceeded@home-router',
      '2:none@isp-edge',
      '3:none@isp-edge',
    ]);
    expect(events).toHaveLength(30);
    expect(events.at(-1)!.at).toBe(30_000);
    expect(lines().filter((l) => l.endsWith('s pass)'))).toEqual(Array(6).fill('(5 s pass)'));
    expect(shell.busy).toBe(false);
  });

  it('home-isp-blocks-25: UDP probes and port 587 get through to the end', () => {
    const { shell, outputs } = shellIn('home-isp-blocks-25');
    shell.run('traceroute -T -p 587 smtp.example.net');
    shell.run('traceroute mx.example.org');
    const lines = printed(outputs);
    expect(lines[5]).toMatch(/^ 5 {2}smtp\.example\.net \(192\.0\.2\.87\) {2}/);
    expect(lines.at(-1)).toMatch(/^ 5 {2}mx\.example\.org \(198\.51\.100\.25\) {2}/);
    expect(hopEvents(outputs).map((e) => e.protocol + e.port)).toContain('udp33434');
  });

  it("home-isp-rejects-25: the reset comes in the MX's name from the ISP edge's hop", () => {
    const { shell, outputs } = shellIn('home-isp-rejects-25');
    shell.run('traceroute -T -p 25 mx.example.org');
    const lines = printed(outputs);
    expect(lines).toHaveLength(3);
    expect(lines[2]).toMatch(/^ 2 {2}mx\.example\.org \(198\.51\.100\.25\) {2}\d/);
    expect(hopEvents(outputs).at(-1)).toMatchObject({ ttl: 2, hop: 'isp-edge', answer: 'reset' });
  });

  it('datacenter-direct: reaches mx.example.org after the datacenter edge, the core and its border', () => {
    const { shell, outputs } = shellIn('datacenter-direct');
    shell.run('traceroute -T -p 25 mx.example.org');
    expect(printed(outputs).map(maskTimes)).toEqual([
      'traceroute to mx.example.org (198.51.100.25), 30 hops max, 60 byte packets',
      ' 1  gw1.dc.example (203.0.113.9)  T ms  T ms  T ms',
      ' 2  core1.transit.example (198.51.100.1)  T ms  T ms  T ms',
      ' 3  border.example.org (198.51.100.254)  T ms  T ms  T ms',
      ' 4  mx.example.org (198.51.100.25)  T ms  T ms  T ms',
    ]);
    expect(hopEvents(outputs).map((e) => e.hop)).toEqual([
      'datacenter-edge',
      'internet',
      'mx.example.org-border',
      'mx.example.org',
    ]);
  });

  it('cloud-vm-blocks-25: the cloud edge, the first hop, is already a star', () => {
    const { shell, outputs } = shellIn('cloud-vm-blocks-25');
    shell.run('traceroute -T -p 25 -m 3 mx.example.org');
    expect(printed(outputs).slice(1)).toEqual([' 1  * * *', ' 2  * * *', ' 3  * * *']);
    expect(new Set(hopEvents(outputs).map((e) => e.hop))).toEqual(new Set(['cloud-edge']));
  });
});

describe('traceroute errors, word for word', () => {
  it.each([
    ['usage', ''],
    ['version', '-V'],
    ['unknown-host', 'nosuchhost'],
    ['missing-host', '-n'],
    ['missing-argument', '-m'],
    ['bad-option', '-Z mx.example.org'],
    ['bad-port', '-T -p abc mx.example.org'],
    ['bad-wait', '-w abc mx.example.org'],
    ['negative-wait', '-w -1 mx.example.org'],
    ['too-many-queries', '-q 11 mx.example.org'],
    ['no-queries', '-q 0 mx.example.org'],
    ['bad-max-ttl', '-m 300 mx.example.org'],
    ['zero-max-ttl', '-m 0 mx.example.org'],
    ['extra-argument', 'mx.example.org 60 70'],
  ])('%s', (name, args) => {
    const { shell, outputs } = homeShell();
    shell.run(`traceroute ${args}`.trim());
    expect(printed(outputs)).toEqual(fixture(`${name}.txt`).trimEnd().split('\n'));
    expect(hopEvents(outputs)).toEqual([]);
  });

  it('says which real options the lab does not simulate', () => {
    const { shell, outputs } = homeShell();
    shell.run('traceroute -I mx.example.org');
    expect(printed(outputs)).toEqual([
      'traceroute: -I is not simulated here (the lab has -n, -T, -p, -m, -q, -w)',
    ]);
  });
});
