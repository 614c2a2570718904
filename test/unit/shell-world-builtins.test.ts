// The lab's own commands that look into the world: logs, mailbox, eavesdrop, sleep, echo $?.
import { describe, expect, it } from 'vitest';
import { shellIn } from '../tools/shell-in.ts';

describe('world builtins', () => {
  it('echo $? shows the last exit status; sleep lets virtual time pass', () => {
    const { shell, lines } = shellIn('home-isp-rejects-25');
    shell.run('telnet mx.example.org 25');
    shell.run('echo $?');
    shell.run('nosuchtool');
    shell.run('echo status $?');
    shell.run('sleep 2m');
    shell.run('sleep soon');
    expect(lines().slice(-6)).toEqual([
      '1',
      'bash: nosuchtool: command not found',
      'status 127',
      '(120 s pass)',
      "sleep: invalid time interval 'soon'",
      "Try 'sleep --help' for more information.",
    ]);
    expect(shell.sim.elapsed).toBe(120_000); // the reset comes at once; sleep adds 120 s
  });

  it('logs shows a server log and the firewall log; mailbox shows what arrived', () => {
    const { shell, lines } = shellIn('home-isp-blocks-25');
    shell.run('telnet mx.example.org 25');
    shell.run('logs firewall');
    expect(lines().at(-1)).toMatch(
      /^\w{3} \d\d \d\d:\d\d:\d\d isp-edge kernel: \[DROP tcp\/25\] SRC=203\.0\.113\.45 DST=198\.51\.100\.25 PROTO=TCP SPT=\d+ DPT=25 SYN$/,
    );
    shell.run('mailbox bob@example.org');
    expect(lines().at(-1)).toBe('(no mail for bob@example.org yet)');
    shell.run(
      'swaks --to bob@example.org --from alice@example.net --server smtp.example.net --port 587 --tls --auth-user alice@example.net --auth-password s3cret --body "Hello Bob"',
    );
    shell.run('mailbox bob@example.org');
    const mbox = lines().slice(lines().indexOf('Return-Path: <alice@example.net>') - 1);
    expect(mbox[0]).toMatch(/^From alice@example\.net {2}\w{3} \w{3} /);
    expect(mbox.filter((l) => l.startsWith('Received: from'))).toEqual([
      'Received: from smtp.example.net (smtp.example.net [192.0.2.87])',
      'Received: from laptop (unknown [203.0.113.45])',
    ]);
    expect(mbox).toContain('Hello Bob');
    shell.run('logs nosuch.example');
    expect(lines().at(-1)).toMatch(/^usage: logs <mx\.example\.org\|.*\|firewall>$/);
  });

  it('eavesdrop names the hops it knows', () => {
    const { shell, lines } = shellIn('home-isp-blocks-25');
    shell.run('eavesdrop');
    expect(lines()[0]).toMatch(/^usage: eavesdrop <laptop\|home-router\|isp-edge\|internet\|/);
    shell.run('eavesdrop isp-edge');
    expect(lines().at(-1)).toBe('(nothing has crossed isp-edge yet)');
  });
});
