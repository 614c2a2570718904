// The trainer's live switches: each flip is traced, and the next connection obeys it while
// the world carries on (clock, queues, what servers remember).
import { describe, expect, test } from 'vitest';
import { loadScenarios } from '../../src/adapters/cli/scenario-files.ts';
import { Shell } from '../../src/engine/tools/shell.ts';
import { referenceWorld } from '../../src/engine/world/reference-world.ts';
import {
  switchesOf,
  withSwitch,
  type SwitchName,
  type Switches,
} from '../../src/engine/world/switches.ts';

const scenarios = loadScenarios();

function lab(id: string) {
  let scenario = scenarios.get(id)!;
  const printed: string[] = [];
  const shell = new Shell(
    referenceWorld(scenario),
    (o) => (o.kind === 'line' ? printed.push(o.text) : undefined),
    Date.UTC(2026, 10, 27, 9),
  );
  return {
    printed,
    run: (...lines: string[]) => lines.forEach((line) => shell.run(line)),
    flip<K extends SwitchName>(name: K, value: Switches[K]) {
      scenario = withSwitch(scenario, name, value);
      shell.sim.reconfigure(referenceWorld(scenario), { name, value: String(value) });
    },
    get switches() {
      return switchesOf(scenario);
    },
    /** The text of every reply so far. */
    replies: () =>
      shell.sim.recorded.flatMap(({ event: e }) => (e.type === 'smtp.reply' ? e.lines : [])),
    trace: () => shell.sim.recorded.map(({ event }) => event),
  };
}

const SEND_TO = (rcpt: string) => [
  'telnet mx.example.org 25',
  'EHLO laptop.example.net',
  'MAIL FROM:<alice@example.net>',
  `RCPT TO:<${rcpt}>`,
  'QUIT',
];

describe('live switches', () => {
  test('the scenario says where each switch stands', () => {
    expect(lab('home-isp-blocks-25').switches).toEqual({
      isp25: 'drop',
      mxRelay: 'reject',
      submissionTls: true,
      greylisting: false,
      rateLimit: false,
      blocklisted: false,
      stripStartTls: false,
    });
    expect(lab('starttls-stripping').switches.stripStartTls).toBe(true);
    expect(lab('cloud-vm-throttled-25').switches.isp25).toBe('throttle');
  });

  test('ISP port 25: open lets the next telnet through, reject refuses it at once, drop hangs', () => {
    const l = lab('home-isp-blocks-25');
    l.flip('isp25', 'open');
    l.run('telnet mx.example.org 25', 'QUIT');
    expect(l.printed).toContain('220 mx.example.org ESMTP');
    l.flip('isp25', 'reject');
    l.run('telnet mx.example.org 25');
    expect(l.printed.at(-1)).toBe('telnet: Unable to connect to remote host: Connection refused');
    l.flip('isp25', 'drop');
    l.run('telnet mx.example.org 25');
    expect(l.printed.at(-1)).toBe('telnet: Unable to connect to remote host: Connection timed out');
    expect(l.trace()).toContainEqual({ type: 'world.switch', name: 'isp25', value: 'drop' });
  });

  test('ISP port 25: throttle lets the first two connections through, not the third', () => {
    const l = lab('datacenter-direct');
    l.flip('isp25', 'throttle');
    l.run('telnet mx.example.org 25', 'QUIT', 'telnet mx.example.org 25', 'QUIT');
    l.run('telnet mx.example.org 25');
    expect(l.printed.filter((p) => p === '220 mx.example.org ESMTP')).toHaveLength(2);
    expect(l.printed.at(-1)).toBe('telnet: Unable to connect to remote host: Connection timed out');
  });

  test('MX relay rule: reject (554) or defer (454)', () => {
    const l = lab('datacenter-direct');
    l.run(...SEND_TO('carol@example.com'));
    l.flip('mxRelay', 'defer');
    l.run(...SEND_TO('carol@example.com'));
    expect(l.replies().filter((r) => r.includes('Relay access denied'))).toEqual([
      '554 5.7.1 <carol@example.com>: Relay access denied',
      '454 4.7.1 <carol@example.com>: Relay access denied',
    ]);
  });

  test('TLS required on submission: MAIL before STARTTLS is refused, then allowed', () => {
    const l = lab('home-isp-blocks-25');
    const session = [
      'telnet smtp.example.net 587',
      'EHLO laptop',
      'MAIL FROM:<alice@example.net>',
      'QUIT',
    ];
    l.run(...session);
    l.flip('submissionTls', false);
    l.run(...session);
    const afterMail = l.replies().filter((r) => /^(530|250 2\.1\.0)/.test(r));
    expect(afterMail).toEqual(['530 5.7.0 Must issue a STARTTLS command first', '250 2.1.0 Ok']);
  });

  test('greylisting on: the next recipient is greylisted', () => {
    const l = lab('datacenter-direct');
    l.flip('greylisting', true);
    l.run(...SEND_TO('bob@example.org'));
    expect(l.replies()).toContain(
      '450 4.2.0 <bob@example.org>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/example.org.html',
    );
  });

  test('rate limit on: the fourth connection in a minute gets 421', () => {
    const l = lab('datacenter-direct');
    l.flip('rateLimit', true);
    for (let i = 0; i < 4; i++) l.run('telnet mx.example.org 25', 'QUIT');
    expect(l.replies()).toContain(
      '421 4.7.0 mx.example.org Error: too many connections from 203.0.113.10',
    );
  });

  test('blocklisted: the MX refuses the learner by its public address', () => {
    const l = lab('datacenter-direct');
    l.flip('blocklisted', true);
    l.run(...SEND_TO('bob@example.org'));
    expect(
      l
        .replies()
        .some((r) =>
          r.startsWith(
            '554 5.7.1 Service unavailable; Client host [203.0.113.10] blocked using bl.example.net',
          ),
        ),
    ).toBe(true);
  });

  test('STARTTLS stripping: the next EHLO reply arrives with STARTTLS rewritten', () => {
    const l = lab('datacenter-direct');
    l.run('telnet mx.example.org 25', 'EHLO laptop', 'QUIT');
    l.flip('stripStartTls', true);
    l.run('telnet mx.example.org 25', 'EHLO laptop', 'QUIT');
    expect(l.printed.filter((p) => /^250-(STARTTLS|XXXXXXXA)$/.test(p))).toEqual([
      '250-STARTTLS',
      '250-XXXXXXXA',
    ]);
  });
});
