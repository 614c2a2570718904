// telnet in the shell: the recorded sessions of shared/fidelity/tools, through the world's
// path; and what an ISP that drops port 25 does to it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { splitWords } from '../../src/engine/tools/shell.ts';
import { fidelityDir } from '../tools/fidelity/paths.ts';
import { shellIn } from '../tools/shell-in.ts';

describe('telnet', () => {
  it.each([
    [
      'telnet-25-session',
      'telnet mx.example.org 25',
      [
        'EHLO client.example.net',
        'MAIL FROM:<alice@example.net>',
        'RCPT TO:<carol@example.com>',
        'QUIT',
      ],
    ],
    [
      'telnet-587-session',
      'telnet smtp.example.net 587',
      ['EHLO client.example.net', 'AUTH PLAIN AGFsaWNlQGV4YW1wbGUubmV0AHMzY3JldA==', 'QUIT'],
    ],
  ])('prints what real telnet printed (%s)', (recording, command, typed) => {
    const { shell, lines } = shellIn('datacenter-direct');
    shell.run(command);
    for (const line of typed) shell.run(line);
    const recorded = readFileSync(path.join(fidelityDir, 'tools', `${recording}.txt`), 'utf8')
      .trimEnd()
      .split('\n');
    const host = command.split(' ')[1]!;
    const address = host === 'mx.example.org' ? '198.51.100.25' : '192.0.2.87';
    // The recording connected to 127.0.0.1; here the world's names and addresses stand in.
    const expected = recorded.map((l) =>
      l
        .replace('Trying 127.0.0.1...', `Trying ${address}...`)
        .replace('Connected to 127.0.0.1.', `Connected to ${host}.`),
    );
    // The provider's server names itself smtp.example.net.
    expect(lines()).toEqual(
      expected.map((l) =>
        host === 'smtp.example.net' ? l.replace('mx.example.org', 'smtp.example.net') : l,
      ),
    );
    expect(shell.busy).toBe(false);
  });

  it('hangs on a port 25 the ISP drops, then gives up after the kernel retries', () => {
    const { shell, lines, outputs } = shellIn('home-isp-blocks-25');
    shell.run('telnet mx.example.org 25');
    expect(lines()).toEqual([
      'Trying 198.51.100.25...',
      '(133 s pass)',
      'telnet: Unable to connect to remote host: Connection timed out',
    ]);
    expect(
      outputs.flatMap((o) =>
        o.kind === 'trace' && 'hop' in o.event ? [`${o.event.type}@${o.event.hop}`] : [],
      ),
    ).toContain('hop.drop@isp-edge');
    expect(shell.busy).toBe(false);
  });

  it('gets through on 587 where 25 is blocked', () => {
    const { shell, lines } = shellIn('home-isp-blocks-25');
    shell.run('telnet smtp.example.net 587');
    expect(lines().slice(0, 4)).toEqual([
      'Trying 192.0.2.87...',
      'Connected to smtp.example.net.',
      "Escape character is '^]'.",
      '220 smtp.example.net ESMTP',
    ]);
    expect(shell.busy).toBe(true);
  });

  it('is refused at once where the ISP rejects', () => {
    const { shell, lines } = shellIn('home-isp-rejects-25');
    shell.run('telnet mx.example.org 25');
    expect(lines()).toEqual([
      'Trying 198.51.100.25...',
      'telnet: Unable to connect to remote host: Connection refused',
    ]);
  });

  it('is refused by a host with nothing on the port', () => {
    const { shell, lines } = shellIn('datacenter-direct');
    shell.run('telnet mx.example.org 587');
    expect(lines()).toEqual([
      'Trying 198.51.100.25...',
      'telnet: Unable to connect to remote host: Connection refused',
    ]);
  });

  it('says so for an unknown host or a missing argument', () => {
    const { shell, lines } = shellIn('datacenter-direct');
    shell.run('telnet nowhere.example 25');
    shell.run('telnet');
    shell.run('frobnicate');
    expect(lines()).toEqual([
      'telnet: could not resolve nowhere.example/25: Name or service not known',
      'usage: telnet [-l user] [-a] [host-name [port]]',
      'bash: frobnicate: command not found',
    ]);
  });

  it('splits command lines like a shell', () => {
    expect(splitWords(`swaks --to bob@example.org --header "Subject: hi there"`)).toEqual([
      'swaks',
      '--to',
      'bob@example.org',
      '--header',
      'Subject: hi there',
    ]);
  });
});

describe('the trace of a telnet session', () => {
  it('records the path, each command and reply, the queued and delivered message, and the close', () => {
    const { shell, outputs } = shellIn('datacenter-direct');
    shell.run('telnet mx.example.org 25');
    for (const line of [
      'EHLO laptop.example.net',
      'MAIL FROM:<alice@example.net>',
      'RCPT TO:<bob@example.org>',
      'DATA',
      'Subject: hi',
      '',
      'Hello Bob',
      '.',
      'QUIT',
    ]) {
      shell.run(line);
    }
    const types = outputs.flatMap((o) =>
      o.kind === 'trace' && !['server.log', 'tool.run', 'tool.exit'].includes(o.event.type)
        ? [o.event.type]
        : [],
    );
    // server -> datacenter edge -> internet -> the MX's border
    expect(types.slice(0, 7)).toEqual([
      'dns.query',
      'tcp.open',
      'tcp.syn',
      'tcp.syn',
      'tcp.syn',
      'tcp.syn',
      'tcp.established',
    ]);
    expect(types.filter((t) => t === 'smtp.cmd')).toHaveLength(9);
    expect(types).toContain('mail.queued');
    expect(types).toContain('mail.delivered');
    expect(types.at(-1)).toBe('tcp.closed');
    const delivered = outputs.find((o) => o.kind === 'trace' && o.event.type === 'mail.delivered');
    expect(
      delivered?.kind === 'trace' &&
        delivered.event.type === 'mail.delivered' &&
        delivered.event.content,
    ).toContain('Received: from laptop.example.net (unknown [203.0.113.10])');
  });
});

describe("telnet's escape character", () => {
  it('opens the telnet> prompt as netkit telnet does (test/fixtures/telnet/escape-prompt.txt)', () => {
    const { shell, lines } = shellIn('datacenter-direct');
    shell.run('telnet mx.example.org 25');
    shell.escape();
    for (const typed of ['?', 'bogus', '']) shell.run(typed);
    shell.escape();
    shell.run('close');
    const recorded = readFileSync(
      path.join(import.meta.dirname, '../fixtures/telnet/escape-prompt.txt'),
      'utf8',
    )
      .trimEnd()
      .split('\n')
      .filter((line) => !line.startsWith('#'));
    // From the escape on; in the lab the prompt is a line of its own and what the learner
    // types after it is their line, not telnet's.
    const expected = recorded
      .slice(recorded.indexOf('^]'))
      .map((line) => (line.startsWith('telnet> ') ? 'telnet> ' : line));
    const shown = lines().slice(lines().indexOf('^]'));
    expect(shown).toEqual(expected);
    expect(shell.busy).toBe(false);
  });

  it('goes back to the session on an empty line; quit ends it', () => {
    const { shell, lines } = shellIn('datacenter-direct');
    shell.run('telnet mx.example.org 25');
    shell.escape();
    shell.run('');
    shell.run('NOOP');
    expect(lines().at(-1)).toBe('250 2.0.0 Ok');
    shell.escape();
    shell.run('q');
    expect(lines().at(-1)).toBe('Connection closed.');
    expect(shell.busy).toBe(false);
  });
});
