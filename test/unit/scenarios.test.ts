// Scenario files: every one in lessons/scenarios loads, and a malformed one is refused with
// the file and the field named.
import { describe, expect, it } from 'vitest';
import { loadScenarios } from '../../src/adapters/cli/scenario-files.ts';
import { parseScenario } from '../../src/engine/world/scenario.ts';
import { referenceWorld } from '../../src/engine/world/reference-world.ts';
import { walkPath } from '../../src/engine/net/path.ts';

const valid = { id: 'x', title: 'X', summary: 'A scenario.', from: 'home' };
const rule = { ports: [25], action: 'drop' };
const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('scenario files', () => {
  const scenarios = loadScenarios();
  it('loads every file, ids matching names', () => {
    expect([...scenarios.keys()]).toEqual(
      expect.arrayContaining([
        'datacenter-direct',
        'home-isp-blocks-25',
        'home-isp-rejects-25',
        'cloud-vm-blocks-25',
        'cloud-vm-throttled-25',
        'mx-down',
      ]),
    );
  });
  it.each([
    ['home-isp-blocks-25', 25, 'unanswered'],
    ['home-isp-blocks-25', 587, 'accepted'],
    ['cloud-vm-blocks-25', 25, 'unanswered'],
    ['datacenter-direct', 25, 'accepted'],
    ['mx-down', 25, 'reset'],
  ])('%s: port %i is %s', (id, port, verdict) => {
    const world = referenceWorld(scenarios.get(id));
    const host = world.hosts.find(
      (h) => h.name === (port === 25 ? 'mx.example.org' : 'smtp.example.net'),
    )!;
    const { verdict: got } = walkPath(
      { hops: world.pathTo(host), listening: host.services[port] !== undefined },
      port,
    );
    expect(got.kind).toBe(verdict);
  });

  it.each([
    [[], '(file)', 'must be a JSON object'],
    [{ ...valid, id: 'y' }, 'id', 'must match the file name ("x")'],
    [{ ...valid, title: '' }, 'title', 'must be a non-empty string'],
    [{ ...valid, from: 'moon' }, 'from', 'must be "home", "cloud", "datacenter" or "office"'],
    [{ ...valid, servers: { 'mx.example.net': {} } }, 'servers.mx.example.net', 'is not a server'],
    [
      { ...valid, servers: { 'mx.example.org': { greylistSeconds: -5 } } },
      'servers.mx.example.org.greylistSeconds',
      'must be a whole number',
    ],
    [
      { ...valid, servers: { 'mx.example.org': { dnsbl: { zone: 'x', lists: [] } } } },
      'servers.mx.example.org.dnsbl.zone',
      'must be a DNS zone name',
    ],
    [
      { ...valid, path: { 'isp-edge': [{ ports: [25], action: 'drop', except: 'mx' }] } },
      'path.isp-edge[0].except',
      'must be a list of host names',
    ],
    [{ ...valid, path: { 'cloud-edge': [] } }, 'path.cloud-edge', 'is not a hop of a home path'],
    [
      { ...valid, path: { 'isp-edge': [{ ports: [25], action: 'block' }] } },
      'path.isp-edge[0].action',
      'must be "allow"',
    ],
    [
      { ...valid, path: { 'isp-edge': [{ ports: ['25'], action: 'drop' }] } },
      'path.isp-edge[0].ports',
      'must be a list of TCP ports',
    ],
    [
      { ...valid, path: { 'isp-edge': [{ ports: [25], action: { throttle: -1 } }] } },
      'path.isp-edge[0].action',
      'throttle needs a whole number',
    ],
    [{ ...valid, down: 'mx' }, 'down', 'must be a list of host names'],
  ])('refuses %j naming %s', (data, field, problem) => {
    expect(() => parseScenario(data, 'lessons/scenarios/x.json')).toThrow(
      `lessons/scenarios/x.json: ${field}: ${problem}`,
    );
  });

  // Bounded (issue 11): a hostile file or link cannot hand the world 20,000 rules (it froze
  // the page for ten seconds) or a title the size of a book.
  it.each([
    [
      'path.isp-edge',
      'has 20000 rules; at most 16 fit',
      { ...valid, path: { 'isp-edge': Array.from({ length: 20_000 }, () => rule) } },
    ],
    [
      'path.isp-edge[0].ports',
      'has 100 ports; at most 32 fit',
      { ...valid, path: { 'isp-edge': [{ ports: range(1, 100), action: 'drop' }] } },
    ],
    ['down', 'has 17 host names; at most 16 fit', { ...valid, down: range(1, 17).map(String) }],
    ['down', 'must be a list of host names', { ...valid, down: ['x'.repeat(254)] }],
    ['title', 'is 101 characters long; at most 100 fit', { ...valid, title: 'T'.repeat(101) }],
    [
      'servers.mx.example.org.mailboxes',
      'has 101 mailboxes; at most 100 fit',
      { ...valid, servers: { 'mx.example.org': { mailboxes: range(1, 101).map((n) => `u${n}`) } } },
    ],
  ])('refuses an oversized %s: %s', (field, problem, data) => {
    expect(() => parseScenario(data, 'lessons/scenarios/x.json')).toThrow(
      `lessons/scenarios/x.json: ${field}: ${problem}`,
    );
  });
});
