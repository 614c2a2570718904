import { expect, test } from 'vitest';
import { loadScenarios } from '../adapters/cli/scenario-files.ts';
import { Shell } from '../engine/tools/shell.ts';
import { referenceWorld } from '../engine/world/reference-world.ts';
import { playbackSteps } from './playback-model.ts';

test('a blocked telnet and a submission, told one step at a time', () => {
  const world = referenceWorld(loadScenarios().get('home-isp-blocks-25'));
  const shell = new Shell(world, () => {}, Date.UTC(2026, 10, 27));
  for (const line of ['telnet mx.example.org 25', 'telnet smtp.example.net 587', 'EHLO laptop'])
    shell.run(line);
  const steps = playbackSteps(shell.sim.recorded, world).map((s) => s.text);
  expect(steps.slice(0, 6)).toEqual([
    'You run telnet mx.example.org 25.',
    'laptop sends a SYN to mx.example.org (198.51.100.25) on port 25 (SMTP).',
    'The SYN reaches laptop.',
    'The SYN reaches home router (NAT).',
    'The SYN reaches ISP edge.',
    'ISP edge drops the SYN without a word: the client hears nothing, retries, and at last gives up with a timeout.',
  ]);
  expect(steps).toContain(
    'C: EHLO laptop — sent to smtp.example.net in plaintext: every hop on the way can read it.',
  );
  expect(steps.find((s) => s.startsWith('S: 220'))).toMatch(/^S: 220 smtp\.example\.net ESMTP — /);
  // Each step shows the trace up to its event, in order.
  const upTo = playbackSteps(shell.sim.recorded, world).map((s) => s.upTo);
  expect(upTo).toEqual([...upTo].sort((a, b) => a - b));
});

test('TLS is told as one connection protected, not the whole path (RFC 3207 §6)', () => {
  const world = referenceWorld(loadScenarios().get('home-isp-blocks-25'));
  const shell = new Shell(world, () => {}, Date.UTC(2026, 10, 27));
  shell.run(
    'swaks --to bob@example.org --from alice@example.net --server smtp.example.net --port 587 --tls --auth-user alice@example.net --auth-password s3cret',
  );
  const steps = playbackSteps(shell.sim.recorded, world).map((s) => s.text);
  const tls = steps.find((s) => s.startsWith('TLS is up'));
  expect(tls).toMatch(/between laptop and smtp\.example\.net/);
  expect(tls).toMatch(/next server's connection is encrypted only if it sets up TLS/);
  expect(steps.join('\n')).not.toMatch(/end to end/);
});

test('a closed port is answered by the host, and 465 is named "submissions" (RFC 8314)', () => {
  const world = referenceWorld(loadScenarios().get('home-isp-blocks-25'));
  const shell = new Shell(world, () => {}, Date.UTC(2026, 10, 27));
  shell.run('telnet smtp.example.net 2525');
  shell.run('nc -v -w 2 smtp.example.net 465');
  const steps = playbackSteps(shell.sim.recorded, world).map((s) => s.text);
  expect(steps).toContain('smtp.example.net answers with a reset: nothing listens on that port.');
  expect(steps.join('\n')).toMatch(/on port 465 \(submissions\)/);
});
