// swaks in the shell, replayed against every swaks recording of shared/fidelity/tools: the
// same command line prints the same lines and exits with the same status.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fidelityDir } from '../tools/fidelity/paths.ts';
import { recordedShell } from '../tools/recorded-world.ts';
import { shellIn } from '../tools/shell-in.ts';

interface Recording {
  id: string;
  argv: string[];
  exit_code: number;
  output: string;
}

const recordings = (
  JSON.parse(readFileSync(path.join(fidelityDir, 'tools', 'index.json'), 'utf8')) as Recording[]
).filter((r) => r.argv[0] === 'swaks');

/** What differs from run to run: the queue id, and the date and pid in the message. swaks
 * prints the DATA it sends with its CRLFs; a terminal shows no trace of the CR. */
const mask = (lines: readonly string[]) =>
  lines.map((line) =>
    line
      .replace(/\r$/, '')
      .replace(/queued as [0-9A-F]+/, 'queued as QUEUEID')
      .replace(/\d{14}\.\d{6}@/, 'STAMP.PID@'),
  );

describe('swaks', () => {
  it('has recordings to replay', () => expect(recordings.length).toBeGreaterThanOrEqual(14));

  it.each(recordings.map((r) => [r.id, r] as const))(
    'prints what real swaks printed (%s)',
    (_, r) => {
      const recorded = r.output.replace(/\n$/, '').split('\n');
      // The recordings carry their own time in the Date: header; the replay starts there.
      const date = /Date: (.+ \+0000)/.exec(r.output)?.[1];
      const { shell, lines, exitStatus } = recordedShell(date ? Date.parse(date) : Date.now());
      shell.run(r.argv.join(' '));
      expect(mask(lines())).toEqual(mask(recorded));
      expect(exitStatus()).toEqual([r.exit_code]);
    },
  );

  it('asks for the recipient when --to is missing, and sends to the answer', () => {
    const { shell, lines } = shellIn('datacenter-direct');
    shell.run('swaks --server mx.example.org --quit-after RCPT');
    expect(shell.busy).toBe(true);
    shell.run('bob@example.org');
    expect(lines()).toContain('To: ');
    expect(lines()).toContain(' -> RCPT TO:<bob@example.org>');
  });

  it('answers bad options and values as swaks does', () => {
    const { shell, lines } = shellIn('datacenter-direct');
    shell.run('swaks --bogus');
    shell.run('swaks --to bob@example.org --quit-after FOO');
    shell.run('swaks --to bob@example.org --server nosuch.example.org');
    expect(lines()).toEqual([
      'Unknown option: bogus',
      '*** Unknown quit_after value foo, exiting',
      '=== Trying nosuch.example.org:25...',
      '*** Error connecting to nosuch.example.org:25:',
      '*** \tIO::Socket::INET6: getaddrinfo: Name or service not known',
    ]);
  });

  it('finds the MX itself without --server, and gives up after 30 s when the ISP drops port 25', () => {
    const { shell, lines } = shellIn('home-isp-blocks-25');
    shell.run('swaks --to bob@example.org');
    expect(lines()).toEqual([
      '=== Trying mx.example.org:25...',
      '(30 s pass)',
      '*** Error connecting to mx.example.org:25:',
      '*** \tIO::Socket::INET6: connect: timeout',
    ]);
    expect(shell.lastStatus).toBe(2);
  });
});
