// The world the tool recordings of shared/fidelity/tools were made in: one machine ("vm",
// user root) talking to the recorded Postfix on 127.0.0.1, which answers as mx.example.org on
// 25, 587 and 465. Replaying a recording's command here must print what the real tool did.
import {
  mxProfile,
  submissionProfile,
  submissionsProfile,
} from '../../src/engine/smtp/profiles.ts';
import { Shell, type ShellOutput } from '../../src/engine/tools/shell.ts';
import type { Host, World } from '../../src/engine/world/world.ts';

const recordedServer: Host = {
  name: 'mx.example.org',
  address: '127.0.0.1',
  services: { 25: mxProfile, 587: submissionProfile, 465: submissionsProfile },
};

export const recordedWorld: World = {
  hosts: [recordedServer],
  mx: { 'example.org': ['mx.example.org'] },
  pathTo: (host) => [
    { id: 'vm', name: 'vm', address: '127.0.0.1', rules: [] },
    { id: `${host.name}-border`, name: host.name, address: host.address, rules: [] },
  ],
  serverPath: (from, to) => [
    { id: from.name, name: from.name, address: from.address, rules: [] },
    { id: `${to.name}-border`, name: to.name, address: to.address, rules: [] },
  ],
  resolver: '127.0.0.53',
  laptop: { user: 'root', name: 'vm', address: '127.0.0.1', publicAddress: '127.0.0.1' },
};

/** A shell in the recorded world at the recording's time, its output as the terminal shows it. */
export function recordedShell(startedAt: number) {
  const outputs: ShellOutput[] = [];
  const shell = new Shell(recordedWorld, (o) => outputs.push(o), startedAt);
  const lines = () => outputs.flatMap((o) => (o.kind === 'line' ? [o.text] : []));
  const exitStatus = () =>
    outputs.flatMap((o) =>
      o.kind === 'trace' && o.event.type === 'tool.exit' ? [o.event.status] : [],
    );
  return { shell, outputs, lines, exitStatus };
}
