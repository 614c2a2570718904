// The world the tool recordings of shared/fidelity/tools were made in: one Postfix,
// mx.example.org, on the loopback address of the machine "vm", with its MX (25), submission
// (587) and submissions (465) services; the tools connected to 127.0.0.1.
import {
  mxProfile,
  submissionProfile,
  submissionsProfile,
} from '../../src/engine/smtp/profiles.ts';
import type { Host, World } from '../../src/engine/world/world.ts';

const server: Host = {
  name: 'mx.example.org',
  address: '127.0.0.1',
  services: { 25: mxProfile, 587: submissionProfile, 465: submissionsProfile },
};

export const recordedWorld: World = {
  hosts: [server],
  mx: { 'example.org': ['mx.example.org'] },
  pathTo: () => [{ id: 'loopback', name: 'loopback', rules: [] }],
  serverPath: () => [{ id: 'loopback', name: 'loopback', rules: [] }],
  resolver: '127.0.0.1',
  laptop: { user: 'user', name: 'vm', address: '127.0.0.1', publicAddress: '127.0.0.1' },
};
