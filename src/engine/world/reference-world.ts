// The reference world of DESIGN.md, and the scenarios that change the path through it.
import { mxProfile, submissionProfile, submissionsProfile } from '../smtp/profiles.ts';
import { withOverrides } from '../smtp/profile.ts';
import type { Hop } from '../net/path.ts';
import { HOPS_FROM, type Scenario } from './scenario.ts';
import type { Host, World } from './world.ts';

const mx: Host = {
  name: 'mx.example.org',
  address: '198.51.100.25',
  services: { 25: mxProfile },
};

/** The learner's provider: submission only, named smtp.example.net. */
const provider: Host = {
  name: 'smtp.example.net',
  address: '192.0.2.87',
  services: {
    587: withOverrides(submissionProfile, {
      hostname: 'smtp.example.net',
      banner: 'smtp.example.net ESMTP',
    }),
    465: withOverrides(submissionsProfile, {
      hostname: 'smtp.example.net',
      banner: 'smtp.example.net ESMTP',
    }),
  },
};

/** The last router before each host (its network's border), as traceroute shows it. */
const BORDERS: Readonly<Record<string, { address: string; reverseName: string }>> = {
  'mx.example.org': { address: '198.51.100.254', reverseName: 'border.example.org' },
  'smtp.example.net': { address: '192.0.2.254', reverseName: 'border.example.net' },
};

/** Where the learner's machine is, and how servers see it (through NAT at home). */
const ORIGIN_MACHINE = {
  home: { name: 'laptop', address: '192.168.1.23', publicAddress: '203.0.113.45' },
  cloud: { name: 'cloud-vm', address: '10.0.0.5', publicAddress: '203.0.113.80' },
  datacenter: { name: 'server', address: '203.0.113.10', publicAddress: '203.0.113.10' },
} as const;

/** The reference world as a scenario shapes it. */
export function referenceWorld(scenario: Scenario = DIRECT): World {
  const hosts = [mx, provider].map((host) =>
    scenario.down.includes(host.name) ? { ...host, services: {} } : host,
  );
  const hops = (host: Host): Hop[] => [
    ...HOPS_FROM[scenario.from].map((hop) => ({ ...hop, rules: scenario.rules[hop.id] ?? [] })),
    { id: `${host.name}-border`, name: `${host.name} border`, ...BORDERS[host.name]!, rules: [] },
  ];
  return {
    hosts,
    mx: { 'example.org': ['mx.example.org'], 'example.net': ['smtp.example.net'] },
    pathTo: hops,
    resolver: scenario.from === 'home' ? '192.168.1.1' : '203.0.113.53',
    laptop: ORIGIN_MACHINE[scenario.from],
  };
}

/** Nothing in the way: the world before any scenario changes it. */
const DIRECT: Scenario = {
  id: 'direct',
  title: 'direct',
  summary: 'direct',
  from: 'home',
  rules: {},
  down: [],
};
