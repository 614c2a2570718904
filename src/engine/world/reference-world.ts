// The reference world of DESIGN.md, and the scenarios that change the path through it.
import { mxProfile, submissionProfile, submissionsProfile } from '../smtp/profiles.ts';
import { withOverrides } from '../smtp/profile.ts';
import type { HopAction } from '../net/hop-policy.ts';
import type { Hop } from '../net/path.ts';
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

export interface ScenarioPath {
  /** What the learner's ISP edge does with outbound SYNs, by port. */
  readonly ispEdge: readonly { ports: readonly number[]; action: HopAction }[];
}

export function referenceWorld(path: ScenarioPath = { ispEdge: [] }): World {
  const hops = (host: Host): Hop[] => [
    { id: 'laptop', name: 'laptop', rules: [] },
    { id: 'home-router', name: 'home router (NAT)', rules: [] },
    { id: 'isp-edge', name: 'ISP edge', rules: path.ispEdge },
    { id: 'internet', name: 'internet', rules: [] },
    { id: `${host.name}-border`, name: `${host.name} border`, rules: [] },
  ];
  return {
    hosts: [mx, provider],
    mx: { 'example.org': ['mx.example.org'], 'example.net': ['smtp.example.net'] },
    pathTo: hops,
    resolver: '192.168.1.1',
    laptop: { name: 'laptop', address: '192.168.1.23', publicAddress: '203.0.113.45' },
  };
}

/** Scenario id -> the path it sets up. */
export const SCENARIO_PATHS: Readonly<Record<string, ScenarioPath>> = {
  'datacenter-direct': { ispEdge: [] },
  'home-isp-blocks-25': { ispEdge: [{ ports: [25], action: { kind: 'drop' } }] },
  'home-isp-rejects-25': { ispEdge: [{ ports: [25], action: { kind: 'reject-reset' } }] },
};
