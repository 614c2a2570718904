// nc in the shell: the recorded session, the -v/-z/-w reports through a blocked path, and
// what it says to bad input.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fidelityDir } from '../tools/fidelity/paths.ts';
import { shellIn } from '../tools/shell-in.ts';

describe('nc', () => {
  it('prints only what the server says (nc -C, recorded)', () => {
    const { shell, lines } = shellIn('datacenter-direct');
    shell.run('nc -C mx.example.org 25');
    shell.run('EHLO client.example.net');
    shell.run('QUIT');
    const recorded = readFileSync(path.join(fidelityDir, 'tools', 'nc-25-session.txt'), 'utf8')
      .trimEnd()
      .split(/\r?\n/); // nc passes the server's CRLFs through to the terminal
    expect(lines()).toEqual(recorded);
    expect(shell.busy).toBe(false);
  });
  it('sends a bare LF without -C, which the default Postfix 3.7 still takes', () => {
    const { shell, lines } = shellIn('datacenter-direct');
    shell.run('nc mx.example.org 25');
    shell.run('NOOP');
    expect(lines()).toEqual(['220 mx.example.org ESMTP', '250 2.0.0 Ok']);
  });
  it.each([
    [
      'nc -vz mx.example.org 25',
      ['(133 s pass)', 'nc: connect to 198.51.100.25 port 25 (tcp) failed: Connection timed out'],
    ],
    [
      'nc -vz -w 5 mx.example.org 25',
      [
        '(5 s pass)',
        'nc: connect to 198.51.100.25 port 25 (tcp) timed out: Operation now in progress',
      ],
    ],
    ['nc -z mx.example.org 25', ['(133 s pass)']],
    [
      'nc -vz smtp.example.net 587',
      ['Connection to 192.0.2.87 587 port [tcp/submission] succeeded!'],
    ],
  ])('%s where the ISP drops port 25', (command, expected) => {
    const { shell, lines } = shellIn('home-isp-blocks-25');
    shell.run(command);
    expect(lines()).toEqual(expected);
    expect(shell.busy).toBe(false);
  });
  it.each([
    ['nc', ['usage: nc [-46CDdFhklNnrStUuvZz] [-I length] [-i interval] [-M ttl]']],
    [
      'nc -q mx.example.org 25',
      [
        "nc: invalid option -- 'q'",
        'usage: nc [-46CDdFhklNnrStUuvZz] [-I length] [-i interval] [-M ttl]',
      ],
    ],
    [
      'nc nowhere.example 25',
      ['nc: getaddrinfo for host "nowhere.example" port 25: Name or service not known'],
    ],
    ['nc -w x mx.example.org 25', ['nc: timeout invalid: x']],
  ])('%s', (command, expected) => {
    const { shell, lines } = shellIn('datacenter-direct');
    shell.run(command);
    expect(lines()).toEqual(expected);
  });
});
