// The recordings of test/fixtures/postfix-policy (see its README): sections by title, a
// dialogue as a replayable case script, and the world of the temporary services they were
// recorded on (ports 2536-2539 beside the reference services).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { withOverrides, type ServerProfile } from '../../src/engine/smtp/profile.ts';
import { mxProfile, submissionProfile } from '../../src/engine/smtp/profiles.ts';
import { loginOwnsItsName } from '../../src/engine/smtp/policy/sender-login-map.ts';
import { Shell, type ShellOutput } from '../../src/engine/tools/shell.ts';
import type { World } from '../../src/engine/world/world.ts';
import { parseCase, type CaseSpec } from './fidelity/case-spec.ts';
import { repoRoot } from './fidelity/paths.ts';
import { recordedWorld } from './recorded-world.ts';

export function fixture(name: string): string {
  return readFileSync(path.join(repoRoot, 'test/fixtures/postfix-policy', `${name}.txt`), 'utf8');
}

/** The lines of the section whose title starts with `title` ("== title ... =="). */
export function section(name: string, title: string): string[] {
  const text = fixture(name);
  const start = text.split('\n').findIndex((l) => l.startsWith(`== ${title}`));
  if (start < 0) throw new Error(`${name}: no section "${title}"`);
  const lines = text.split('\n').slice(start + 1);
  const end = lines.findIndex((l) => l.startsWith('== '));
  const body = end < 0 ? lines : lines.slice(0, end);
  while (body.length > 0 && body.at(-1) === '') body.pop();
  return body;
}

/** A recorded dialogue as a case script for the engine (STARTTLS then the handshake), and the
 * server lines each client line got. */
export function dialogueCase(name: string, port: number): { spec: CaseSpec; replies: string[][] } {
  const replies: string[][] = [[]];
  const script: string[] = [];
  for (const line of section(name, 'dialogue')) {
    if (line.startsWith('C: ')) {
      script.push(line.slice(3));
      replies.push([]);
    } else if (line.startsWith('S: ')) replies.at(-1)!.push(line.slice(3));
    else if (line.startsWith('-- TLS handshake')) {
      script.push('@STARTTLS');
      replies.push([]);
    }
  }
  const spec = parseCase(name, `port: ${port}\ntls: none\n---\n${script.join('\n')}\n`);
  return { spec, replies };
}

/** The service on 127.0.0.1:2536: the reference submission service with
 * smtpd_sender_login_maps (alice@example.net owns alice@example.net) and
 * smtpd_sender_restrictions = reject_sender_login_mismatch. */
export const senderLoginService: ServerProfile = withOverrides(submissionProfile, {
  restrictions: { senderLoginMaps: loginOwnsItsName(submissionProfile.auth.accounts) },
});

/** The recorded server with the temporary services of the policy recordings. */
export const extraServicesWorld: World = {
  ...recordedWorld,
  hosts: recordedWorld.hosts.map((host) => ({
    ...host,
    services: {
      ...host.services,
      2536: senderLoginService,
      // smtpd_tls_cert_file for mail.example.net
      2537: withOverrides(submissionProfile, {
        tls: { ...submissionProfile.tls, certificateName: 'mail.example.net' },
      }),
      2538: withOverrides(mxProfile, { limits: { messageSize: 4_000_000 } }),
      2539: withOverrides(mxProfile, { limits: { messageSize: 2_000_000 } }),
    },
  })),
};

/** A shell in `world`: what it printed, and each tool's exit status. */
export function shellOf(world: World, startedAt = Date.UTC(2026, 11, 3, 18, 30)) {
  const outputs: ShellOutput[] = [];
  const shell = new Shell(world, (o) => outputs.push(o), startedAt);
  const lines = () => outputs.flatMap((o) => (o.kind === 'line' ? [o.text] : []));
  const exits = () =>
    outputs.flatMap((o) =>
      o.kind === 'trace' && o.event.type === 'tool.exit' ? [o.event.status] : [],
    );
  return { shell, lines, exits, outputs };
}
