import { describe, expect, it } from 'vitest';
import { CommandHistory } from './command-history.ts';
import { Shell } from '../engine/tools/shell.ts';
import {
  Lab,
  MAX_PASTE_LINES,
  MAX_PLAYED_WAIT_MS,
  SCROLLBACK_LINES,
  TRACE_EVENTS_KEPT,
  TYPED_LINES_KEPT,
} from './lab.svelte.ts';
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
    ['115  * * *', 'output'], // traceroute -m 255
    ['254  mx.example.org (198.51.100.25)  20.035 ms', 'output'],
    ['250 ', 'reply'],
    ['554', 'reply'],
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

describe('hostile pastes and links (issue 11)', () => {
  const HEAVY = 'traceroute -m 255 -q 10 -w 1 -T -p 25 mx.example.org';
  const drained = async (l: Lab, text: string) => {
    while (!l.lines.some((x) => x.text === text)) await new Promise((r) => setTimeout(r, 5));
  };

  it('a long script is sent in slices, the page answering between them; typed lines follow it', async () => {
    const l = lab('home-isp-blocks-25');
    const started = performance.now();
    l.submitAll([...Array(40).fill(HEAVY), 'echo end of paste'].join('\n'));
    expect(performance.now() - started).toBeLessThan(200); // the task handed back the page
    expect(l.lines.some((x) => x.text === 'end of paste')).toBe(false);
    type(l, 'echo typed meanwhile');
    await drained(l, 'typed meanwhile');
    const texts = l.lines.map((x) => x.text);
    expect(texts.indexOf('end of paste')).toBeLessThan(texts.indexOf('typed meanwhile'));
    expect(l.typedLines).toHaveLength(42);
  });

  it('the script of a link, waiting for the tools to load is sent in slices too', async () => {
    let loaded = () => {};
    const l = new Lab(scenarios, 'home-isp-blocks-25', new CommandHistory(), {
      load: () =>
        new Promise((resolve) => {
          loaded = () =>
            resolve((world, onOutput, startedAt) => new Shell(world, onOutput, startedAt));
        }),
    });
    l.submitAll([...Array(40).fill(HEAVY), 'echo end of script'].join('\n'));
    await new Promise((r) => setTimeout(r, 0));
    const started = performance.now();
    loaded();
    await Promise.resolve();
    await Promise.resolve();
    expect(performance.now() - started).toBeLessThan(200);
    expect(l.lines.some((x) => x.text === 'end of script')).toBe(false);
    await drained(l, 'end of script');
    expect(l.typedLines).toHaveLength(41);
  });

  it('the terminal keeps its last 2,000 lines and says it let the older ones go', async () => {
    const l = lab('home-isp-blocks-25');
    l.submitAll([...Array(12).fill(HEAVY), 'echo last'].join('\n'));
    await drained(l, 'last');
    expect(l.lines).toHaveLength(SCROLLBACK_LINES);
    expect(l.lines[0]!.text).toBe(
      '(earlier lines are no longer kept: the terminal holds the last 2,000)',
    );
    expect(l.lines.at(-1)!.text).toBe('last');
    expect(new Set(l.lines.map((x) => x.id)).size).toBe(SCROLLBACK_LINES);
  });

  it('shows the end of one command that prints 55,000 lines, classified as swaks marks them', () => {
    const l = lab('home-isp-blocks-25');
    type(
      l,
      'swaks --to bob@example.org --from alice@example.net --server smtp.example.net --port 587 --tls --auth-user alice@example.net --auth-password s3cret --attach @photo.jpg',
    );
    expect(l.lines).toHaveLength(SCROLLBACK_LINES);
    expect(l.lines[0]!.text).toMatch(/^\(earlier lines are no longer kept/);
    expect(l.lines.at(-1)).toMatchObject({ text: '=== Connection closed with remote host.' });
    expect(l.lines.find((x) => x.text.startsWith('<~  250 2.0.0 Ok: queued as'))).toMatchObject({
      kind: 'server-tls',
      tone: 'positive',
    });
    expect(new Set(l.lines.map((x) => x.id)).size).toBe(SCROLLBACK_LINES);
    // Later lines get later ids: the dropped ones were counted.
    expect(l.lines.at(-1)!.id - l.lines[1]!.id).toBe(SCROLLBACK_LINES - 2);
  });

  it('remembers the newest typed lines, not every one ever typed', () => {
    const l = lab('home-isp-blocks-25');
    for (let i = 0; i < 2 * TYPED_LINES_KEPT + 10; i++) type(l, `echo ${i}`);
    expect(l.typedLines.length).toBeLessThan(2 * TYPED_LINES_KEPT);
    expect(l.typedLines.length).toBeGreaterThanOrEqual(TYPED_LINES_KEPT);
    expect(l.typedLines.at(-1)).toBe(`echo ${2 * TYPED_LINES_KEPT + 9}`);
    expect(l.typed).toBe(2 * TYPED_LINES_KEPT + 10);
  });

  it('keeps the newest trace events for the panes, and Enter stays cheap in a long session', () => {
    const l = lab('datacenter-direct');
    for (let i = 0; i < 800; i++) type(l, 'telnet mx.example.org 25', 'EHLO x', 'QUIT');
    expect(l.trace.length).toBeLessThanOrEqual(2 * TRACE_EVENTS_KEPT);
    expect(l.trace.at(-1)?.event.type).toBe('tool.exit');
    // The logs and mailboxes read the whole record: the MX's log begins at the first
    // connection still, in the Logs pane as from the logs command.
    expect(l.record.length).toBeGreaterThan(l.trace.length);
    expect(l.record.filter((t) => t.event.type === 'tool.run')).toHaveLength(800);
  });

  it('a paste of more lines than the lab sends is refused whole, with a message', () => {
    const l = lab('home-isp-blocks-25');
    l.submitAll(
      Array(MAX_PASTE_LINES + 1)
        .fill('echo x')
        .join('\n'),
    );
    expect(l.typedLines).toEqual([]);
    expect(l.lines.at(-1)!.text).toBe(
      'That paste has 5,001 lines; the lab sends at most 5,000 at a time. Nothing was sent.',
    );
  });

  it('opening another scenario drops what is left of a script', async () => {
    const l = lab('home-isp-blocks-25');
    l.submitAll([...Array(40).fill(HEAVY), 'echo too late'].join('\n'));
    l.open('datacenter-direct');
    await new Promise((r) => setTimeout(r, 100));
    expect(l.lines.some((x) => x.text === 'too late')).toBe(false);
  });

  it('a wait of centuries plays for 30 s at most', async () => {
    const { vi } = await import('vitest');
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const l = lab('home-isp-blocks-25');
      l.waitPace = 100;
      type(l, 'sleep 3650d');
      expect(l.waiting).toBe(true);
      expect(l.lines.at(-1)?.text).toBe(
        '(315360000 s pass: shown in 30 s; Enter or Skip wait ends it)',
      );
      vi.advanceTimersByTime(MAX_PLAYED_WAIT_MS - 1);
      expect(l.waiting).toBe(true);
      vi.advanceTimersByTime(1);
      expect(l.waiting).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a log read in a pane is traced as the command would be, once per change', async () => {
    const l = lab('datacenter-direct');
    const looks = () => l.trace.filter((t) => t.event.type === 'tool.run').length;
    l.looked('logs', ['mx.example.org']);
    await Promise.resolve();
    expect(l.trace.at(-1)?.event).toEqual({
      type: 'tool.run',
      tool: 'logs',
      args: ['mx.example.org'],
    });
    l.looked('logs', ['mx.example.org']);
    await Promise.resolve();
    expect(looks()).toBe(1);
    type(l, 'telnet mx.example.org 25', 'QUIT');
    l.looked('logs', ['mx.example.org']);
    await Promise.resolve();
    expect(looks()).toBe(3); // telnet, and a second look at what is new
  });

  it('coaches a newcomer: a pasted prompt, telnet without a port', () => {
    const l = lab('datacenter-direct');
    type(l, '$ dig MX example.org');
    expect(l.lines.at(-2)?.text).toBe('bash: $: command not found');
    expect(l.lines.at(-1)?.text).toMatch(/Leave out the "\$ ".*Try: dig MX example\.org$/);
    type(l, 'telnet mx.example.org');
    expect(l.lines.at(-1)?.text).toMatch(/^With no port, telnet tries port 23/);
  });

  it('knows when the server is reading the message (every line is data, QUIT too)', () => {
    const l = lab('datacenter-direct');
    type(l, 'telnet mx.example.org 25', 'EHLO me', 'MAIL FROM:<a@example.net>');
    type(l, 'RCPT TO:<bob@example.org>', 'DATA');
    expect(l.inData).toBe(true);
    type(l, 'QUIT');
    expect(l.inData).toBe(true);
    type(l, '.');
    expect(l.inData).toBe(false);
  });
});
