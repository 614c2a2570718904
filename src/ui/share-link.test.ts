import { describe, expect, test } from 'vitest';
import { loadScenarios } from '../adapters/cli/scenario-files.ts';
import { withSwitch } from '../engine/world/switches.ts';
import { decodeScenario, encodeScenario, readRun, runForLink, shareUrl } from './share-link.ts';

const scenarios = [...loadScenarios().values()];

/** A link made by hand from JSON, with the checksum the lab would give it. */
function handMade(json: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < json.length; i++)
    hash = Math.imul(hash ^ json.charCodeAt(i), 0x01000193) >>> 0;
  const body = btoa(json).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  return `s1.${hash.toString(36)}.${body}`;
}

describe('a scenario in a link', () => {
  test.each(scenarios.map((s) => [s.id, s] as const))('%s comes back the same', (_id, s) => {
    expect(decodeScenario(encodeScenario(s))).toEqual(s);
  });

  test('a scenario changed by the live switches comes back with the changes', () => {
    let s = scenarios.find((x) => x.id === 'home-isp-blocks-25')!;
    s = withSwitch(s, 'isp25', 'throttle');
    s = withSwitch(s, 'blocklisted', true);
    s = withSwitch(s, 'submissionTls', false);
    expect(decodeScenario(encodeScenario(s))).toEqual(s);
  });

  test('an altered link is refused: one character changed', () => {
    const link = encodeScenario(scenarios[0]!);
    const i = link.length - 10;
    const altered = link.slice(0, i) + (link[i] === 'A' ? 'B' : 'A') + link.slice(i + 1);
    expect(() => decodeScenario(altered)).toThrow(/changed or cut short|damaged/);
  });

  test('a link cut short is refused', () => {
    expect(() => decodeScenario(encodeScenario(scenarios[0]!).slice(0, -6))).toThrow(
      /changed or cut short|damaged/,
    );
  });

  test('a hand-made link with a valid checksum but a bad field says which field', () => {
    const json = JSON.stringify({ id: 'x', title: 't', summary: 's', from: 'mars' });
    expect(() => decodeScenario(handMade(json))).toThrow(
      'the scenario in this link is not valid: from: must be "home", "cloud", "datacenter" or "office".',
    );
  });

  test('a hostile link is refused before it is decoded: megabytes, or 20,000 rules', () => {
    expect(() => decodeScenario(`s1.x.${'A'.repeat(2_000_000)}`)).toThrow(/at most 65536/);
    const rules = Array.from({ length: 20_000 }, () => ({ ports: [25], action: 'drop' }));
    const json = JSON.stringify({ id: 'x', title: 't', summary: 's', path: { 'isp-edge': rules } });
    expect(() => decodeScenario(handMade(json))).toThrow(/at most 65536/);
    const small = JSON.stringify({
      id: 'x',
      title: 't',
      summary: 's',
      path: { 'isp-edge': rules.slice(0, 17) },
    });
    expect(() => decodeScenario(handMade(small))).toThrow(
      'the scenario in this link is not valid: path.isp-edge: has 17 rules; at most 16 fit.',
    );
  });

  test('something that is not a scenario link at all', () => {
    expect(() => decodeScenario('s1.nothing')).toThrow(/not in a form the lab knows/);
  });
});

describe('a script in a link', () => {
  test('its lines, in order', () => {
    expect(readRun('telnet mx.example.org 25\nEHLO laptop\nQUIT')).toEqual([
      'telnet mx.example.org 25',
      'EHLO laptop',
      'QUIT',
    ]);
    expect(readRun(null)).toEqual([]);
  });

  test('too long a script is refused, not cut', () => {
    expect(() => readRun(Array(61).fill('help').join('\n'))).toThrow(/at most 60/);
    expect(() => readRun('x'.repeat(1001))).toThrow(/longer than 1000/);
    expect(() => readRun('x'.repeat(5_000_000))).toThrow(/too long to run/);
  });

  test('the link carries the scenario by id when it is a file, in full when changed', () => {
    const s = scenarios.find((x) => x.id === 'datacenter-direct')!;
    const page = new URL('http://127.0.0.1:4173/?scenario=datacenter-direct&lesson=x');
    const byId = new URL(shareUrl(page, s, true, ['dig MX example.org']));
    expect(byId.searchParams.get('scenario')).toBe('datacenter-direct');
    expect(byId.searchParams.get('run')).toBe('dig MX example.org');
    expect(byId.searchParams.has('lesson')).toBe(false);
    const changed = withSwitch(s, 'greylisting', true);
    const full = new URL(shareUrl(page, changed, false, []));
    expect(decodeScenario(full.searchParams.get('scenario')!)).toEqual(changed);
  });
});

describe('the commands a link made now carries', () => {
  test('all of them when they fit; none, and why, when the receiving lab would refuse them', () => {
    expect(runForLink(['dig MX example.org'])).toEqual({
      run: ['dig MX example.org'],
      problem: null,
    });
    const many = runForLink(Array(61).fill('help'));
    expect(many.run).toEqual([]);
    expect(many.problem).toMatch(/61 lines typed so far are more than a link carries \(60\)/);
    expect(runForLink(['x'.repeat(1001)]).problem).toMatch(/longer than a link carries/);
    // What it carries, the receiving lab runs.
    expect(readRun(runForLink(Array(60).fill('help')).run.join('\n'))).toHaveLength(60);
  });
});
