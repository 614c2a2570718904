import { describe, expect, it } from 'vitest';
import { CommandHistory } from './command-history.ts';
import { Shell } from '../engine/tools/shell.ts';
import { Lab } from './lab.svelte.ts';
import { pathPicture } from './path-model.ts';
import { protocolPicture } from './protocol-model.ts';
import { scenarios } from './scenarios.ts';
import { classifyOutput } from './shell-lines.ts';

function lab(scenario: string) {
  return new Lab(scenarios, scenario, new CommandHistory(), {
    factory: (world, onOutput, startedAt) => new Shell(world, onOutput, startedAt),
  });
}

function type(l: Lab, ...lines: string[]) {
  for (const line of lines) {
    l.input = line;
    l.submit();
  }
}

describe('Lab', () => {
  it('opens the scenario named in the address, or the home story by default', () => {
    expect(lab('greylisting').scenario.id).toBe('greylisting');
    expect(lab('no-such-scenario').scenario.id).toBe('home-isp-blocks-25');
    expect(scenarios.length).toBe(11);
  });

  it('runs commands at the prompt and hands lines to a running tool', () => {
    const l = lab('datacenter-direct');
    type(l, 'telnet mx.example.org 25');
    expect(l.busy).toBe(true);
    type(l, 'QUIT');
    expect(l.busy).toBe(false);
    expect(l.lines.map((x) => [x.kind, x.text]).slice(1)).toEqual([
      ['command', 'telnet mx.example.org 25'],
      ['output', 'Trying 198.51.100.25...'],
      ['output', 'Connected to mx.example.org.'],
      ['output', "Escape character is '^]'."],
      ['reply', '220 mx.example.org ESMTP'],
      ['client', 'QUIT'],
      ['reply', '221 2.0.0 Bye'],
      ['output', 'Connection closed by foreign host.'],
    ]);
  });

  it('points an SMTP verb typed at the prompt to telnet', () => {
    const l = lab('datacenter-direct');
    type(l, 'EHLO me');
    expect(l.lines.at(-2)?.text).toBe('bash: EHLO: command not found');
    expect(l.lines.at(-1)?.text).toMatch(/connect to a server first, e\.g\. telnet/);
  });

  it('publishes the trace for the path: blocked at the ISP edge from home', () => {
    const l = lab('home-isp-blocks-25');
    type(l, 'telnet mx.example.org 25');
    const picture = pathPicture(l.trace, l.world);
    expect(picture.target).toBe('mx.example.org port 25');
    expect(picture.hops.map((h) => h.state)).toEqual([
      'passed',
      'passed',
      'dropped',
      'idle',
      'idle',
    ]);
    expect(picture.hops[2]!.reason).toBe(
      'ISP edge drops TCP/25 (SMTP) silently: the SYN is never answered',
    );
  });

  it('Ctrl-C stops a running tool; Ctrl-L clears the screen', () => {
    const l = lab('datacenter-direct');
    type(l, 'telnet mx.example.org 25');
    l.interrupt();
    expect(l.busy).toBe(false);
    expect(l.lines.at(-1)?.text).toBe('Connection closed.');
    l.clearScreen();
    expect(l.lines).toEqual([]);
  });
});

describe('protocol state', () => {
  it('follows the server statechart, with the reset after STARTTLS and a second EHLO', () => {
    const l = lab('datacenter-direct');
    type(l, 'openssl s_client -connect smtp.example.net:587 -starttls smtp -crlf -quiet');
    type(
      l,
      'EHLO laptop',
      'AUTH PLAIN AGFsaWNlQGV4YW1wbGUubmV0AHMzY3JldA==',
      'MAIL FROM:<alice@example.net>',
    );
    const p = protocolPicture(l.trace, l.world.laptop.name);
    expect(p.server).toBe('smtp.example.net port 587');
    expect(p.phase).toBe('mailTransaction');
    expect(p.secure).toBe(true);
    expect(p.authenticatedAs).toBe('alice@example.net');
    // openssl's own EHLO and STARTTLS, then the handshake resets the dialogue (RFC 3207 §4.2).
    expect(p.visited).toEqual([
      'awaitingHello',
      'ready',
      'tlsHandshake',
      'awaitingHello',
      'ready',
      'mailTransaction',
    ]);
  });
});

describe('output lines', () => {
  it.each([
    [' -> EHLO laptop', 'sent'],
    [' ~> AUTH LOGIN', 'sent-tls'],
    ['<-  250 2.1.0 Ok', 'server'],
    ['<~  235 2.7.0 Authentication successful', 'server-tls'],
    ['<** 554 5.7.1 <carol@example.com>: Relay access denied', 'error'],
    ['*** Host did not advertise STARTTLS', 'error'],
    ['=== Trying mx.example.org:25...', 'info'],
    ['> MAIL FROM:<alice@example.net>', 'sent'],
    ['< 354 End data with <CR><LF>.<CR><LF>', 'server'],
    ['* Connected to mx.example.org (198.51.100.25) port 25 (#0)', 'info'],
    ['curl: (55) RCPT failed: 554', 'error'],
    ['451 4.7.1 <bob@example.org>: Recipient address rejected', 'reply'],
    ['Trying 198.51.100.25...', 'output'],
  ])('%s is %s', (text, kind) => expect(classifyOutput(text).kind).toBe(kind));

  it('carries the reply tone through the markers', () => {
    expect(classifyOutput('<** 554 5.7.1 no').tone).toBe('permanent');
    expect(classifyOutput('<-  354 go ahead').tone).toBe('intermediate');
    expect(classifyOutput('451 4.7.1 later').tone).toBe('transient');
  });
});

describe('transcript export', () => {
  it('writes the session in swaks notation', async () => {
    const { transcriptText, transcriptFileName } = await import('./transcript-export.ts');
    const l = lab('datacenter-direct');
    type(l, 'telnet mx.example.org 25', 'QUIT');
    const text = transcriptText(l.lines, l.scenario.title);
    expect(text.split('\n').slice(0, 3)).toEqual([
      '=== Port 25 Lab: A server in a datacenter',
      expect.any(String),
      '$ telnet mx.example.org 25',
    ]);
    expect(text).toContain('\n<-  220 mx.example.org ESMTP\n -> QUIT\n<-  221 2.0.0 Bye\n');
    expect(transcriptFileName('greylisting', new Date('2026-11-27T12:00:00Z'))).toBe(
      'port25lab-greylisting-2026-11-27.txt',
    );
  });
});

describe('loading the tools on first use', () => {
  it('keeps what is typed before the shell arrives and runs it in order', async () => {
    let release!: () => void;
    const loaded = new Promise<void>((resolve) => (release = resolve));
    const l = new Lab(scenarios, 'datacenter-direct', new CommandHistory(), {
      load: async () => {
        await loaded;
        return (world, onOutput, startedAt) => new Shell(world, onOutput, startedAt);
      },
    });
    type(l, 'telnet mx.example.org 25', 'QUIT');
    expect(l.loading).toBe(true);
    // The command is in the history already (a reload now would keep it); QUIT, typed to
    // telnet, is not.
    l.historyBack();
    expect(l.input).toBe('telnet mx.example.org 25');
    l.historyBack();
    expect(l.input).toBe('telnet mx.example.org 25');
    l.input = '';
    expect(l.lines.map((x) => x.text)).toHaveLength(1); // just the scenario's summary
    release();
    await l.prepare();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(l.loading).toBe(false);
    expect(l.lines.map((x) => x.text)).toContain('221 2.0.0 Bye');
  });
});

describe('playing virtual waits', () => {
  it('holds what follows a wait for the scaled time, and Skip shows it at once', async () => {
    const { vi } = await import('vitest');
    vi.useFakeTimers();
    try {
      const l = lab('home-isp-blocks-25');
      l.waitPace = 10; // 133 s of virtual time play in 1.33 s
      type(l, 'telnet mx.example.org 25');
      expect(l.waiting).toBe(true);
      expect(l.lines.at(-1)?.text).toBe('(133 s pass)');
      vi.advanceTimersByTime(1300);
      expect(l.lines.at(-1)?.text).toBe('(133 s pass)');
      vi.advanceTimersByTime(40);
      expect(l.waiting).toBe(false);
      expect(l.lines.at(-1)?.text).toBe(
        'telnet: Unable to connect to remote host: Connection timed out',
      );
      expect(pathPicture(l.trace, l.world).hops[2]!.state).toBe('dropped');

      type(l, 'telnet mx.example.org 25');
      expect(l.waiting).toBe(true);
      l.skipWait();
      expect(l.waiting).toBe(false);
      expect(l.lines.at(-1)?.text).toMatch(/Connection timed out$/);
    } finally {
      vi.useRealTimers();
    }
  });
});
