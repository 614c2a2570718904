// curl in the shell. The three curl recordings of shared/fidelity/tools and curl's probes of
// shared/fidelity/network replay word for word; the other cases were learnt from the real
// curl 7.88.1 (Debian 12) run against `npm run serve` on loopback, and are written out here as
// it printed them (with the recorded Postfix's certificate, and one session ticket as the
// recorded Postfix sends).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HopAction } from '../../src/engine/net/hop-policy.ts';
import { mxProfile } from '../../src/engine/smtp/profiles.ts';
import { withOverrides } from '../../src/engine/smtp/profile.ts';
import { max5data, time2str } from '../../src/engine/tools/curl-progress.ts';
import { EobEscaper } from '../../src/engine/tools/curl-upload.ts';
import { Shell, type ShellOutput } from '../../src/engine/tools/shell.ts';
import type { TraceEvent } from '../../src/engine/world/trace.ts';
import type { World } from '../../src/engine/world/world.ts';
import { fidelityDir } from '../tools/fidelity/paths.ts';
import { recordedWorld } from '../tools/recorded-world.ts';
import { shellIn } from '../tools/shell-in.ts';

interface Recording {
  id: string;
  argv: string[];
  stdin_script?: { text: string }[];
  exit_code: number;
  output: string;
}

const recordings = (
  JSON.parse(readFileSync(path.join(fidelityDir, 'tools', 'index.json'), 'utf8')) as Recording[]
).filter((r) => r.argv[0] === 'curl');

/** The recording's time: the replay's certificate dates and queue ids belong to it. */
const RECORDED_AT = Date.parse('2026-11-27T18:17:03Z');

/** What a terminal shows of curl's stream: each row as it stands once its newline came (a
 * "\r" goes back to the row's start and what follows overwrites it). */
function terminalRows(output: string): string[] {
  return output
    .replace(/\n$/, '')
    .split('\n')
    .map((line) => line.split('\r').reduce((row, part) => part + row.slice(part.length), ''));
}

/** A progress meter row: "100    36    0     0    0    36      0  12008 --:--:-- ..." */
const METER = /^ {0,2}\d{1,3} [ \d.kMG]{5} {2} {0,2}\d{1,3} /;

/** What differs from run to run: the queue id Postfix picks, and the meter's two speeds
 * (average upload, current), which come from wall-clock microseconds (the replay counts
 * a modelled round trip per exchange instead). The sizes, percentages and times stay. */
const mask = (rows: readonly string[]) =>
  rows.map((row) => {
    const masked = row.replace(/queued as [0-9A-F]+/, 'queued as QUEUEID');
    if (!METER.test(masked) || masked.length < 78) return masked;
    return `${masked.slice(0, 40)}SPEED${masked.slice(45, 73)}SPEED${masked.slice(78)}`;
  });

/** A shell in `world`, its printed rows, its trace and its exit statuses. */
function shellFor(world: World = recordedWorld, startedAt = RECORDED_AT) {
  const outputs: ShellOutput[] = [];
  const shell = new Shell(world, (o) => outputs.push(o), startedAt);
  const rows = () => outputs.flatMap((o) => (o.kind === 'line' ? [o.text] : []));
  const shown = () =>
    outputs.flatMap((o) =>
      o.kind === 'line' ? [o.text] : o.kind === 'wait' ? [`(${o.ms / 1000} s pass)`] : [],
    );
  const trace = <T extends TraceEvent['type']>(type: T) =>
    outputs.flatMap((o) =>
      o.kind === 'trace' && o.event.type === type ? [o.event as TraceEvent & { type: T }] : [],
    );
  const exits = () => trace('tool.exit').map((e) => e.status);
  return { shell, outputs, rows, shown, trace, exits };
}

describe('curl replays its recordings', () => {
  it('has recordings to replay', () => expect(recordings.length).toBe(3));

  it.each(recordings.map((r) => [r.id, r] as const))('%s', (_, r) => {
    const { shell, rows, exits } = shellFor();
    shell.run(r.argv.join(' '));
    // The recordings piped their stdin: curl read it in one go (a terminal gives it a line
    // at a time; see below).
    const stdin = r.stdin_script?.map((s) => s.text).join('') ?? '';
    if (shell.busy) {
      shell.run(stdin.replace(/\n$/, ''));
      shell.endOfInput();
    }
    expect(mask(rows())).toEqual(mask(terminalRows(r.output)));
    expect(exits()).toEqual([r.exit_code]);
  });

  it('masks only what varies: the rows without the mask still differ from a wrong replay', () => {
    const r = recordings.find((rec) => rec.id === 'curl-25-delivery')!;
    const { shell, rows } = shellFor();
    shell.run(r.argv.join(' ').replace('bob@example.org', 'postmaster@example.org'));
    shell.run('Subject: curl test\n\nhello from curl');
    shell.endOfInput();
    expect(mask(rows())).not.toEqual(mask(terminalRows(r.output)));
  });
});

/** The EHLO reply of the recorded MX, as curl -v prints it. */
const EHLO_25 = [
  '< 250-mx.example.org',
  '< 250-PIPELINING',
  '< 250-SIZE 10240000',
  '< 250-VRFY',
  '< 250-ETRN',
  '< 250-STARTTLS',
  '< 250-ENHANCEDSTATUSCODES',
  '< 250-8BITMIME',
  '< 250-DSN',
  '< 250-SMTPUTF8',
  '< 250 CHUNKING',
];
const EHLO_TLS = EHLO_25.map((l) => (l === '< 250-STARTTLS' ? '< 250-AUTH PLAIN LOGIN' : l));
const HEADER = [
  '  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current',
  '                                 Dload  Upload   Total   Spent    Left  Speed',
];
const IDLE = '  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0';
const at = (spent: string) =>
  `  0     0    0     0    0     0      0      0 --:--:-- ${spent} --:--:--     0`;
const connected = (port: number) => [
  ...HEADER,
  `${IDLE}*   Trying 127.0.0.1:${port}...`,
  `* Connected to 127.0.0.1 (127.0.0.1) port ${port} (#0)`,
  '< 220 mx.example.org ESMTP',
];
/** STARTTLS on 587 with -k, up to the EHLO inside TLS and its reply. */
const STARTTLS_587 = (ehlo: string) => [
  ...connected(587),
  `> EHLO ${ehlo}`,
  ...EHLO_25,
  '> STARTTLS',
  '< 220 2.0.0 Ready to start TLS',
  '} [5 bytes data]',
  '* TLSv1.3 (OUT), TLS handshake, Client hello (1):',
  '} [512 bytes data]',
  '* TLSv1.3 (IN), TLS handshake, Server hello (2):',
  '{ [122 bytes data]',
  '* TLSv1.3 (IN), TLS handshake, Encrypted Extensions (8):',
  '{ [6 bytes data]',
  '* TLSv1.3 (IN), TLS handshake, Certificate (11):',
  '{ [831 bytes data]',
  '* TLSv1.3 (IN), TLS handshake, CERT verify (15):',
  '{ [264 bytes data]',
  '* TLSv1.3 (IN), TLS handshake, Finished (20):',
  '{ [52 bytes data]',
  '* TLSv1.3 (OUT), TLS change cipher, Change cipher spec (1):',
  '} [1 bytes data]',
  '* TLSv1.3 (OUT), TLS handshake, Finished (20):',
  '} [52 bytes data]',
  '* SSL connection using TLSv1.3 / TLS_AES_256_GCM_SHA384',
  '* Server certificate:',
  '*  subject: CN=mx.example.org',
  '*  start date: Nov 27 17:36:44 2026 GMT',
  '*  expire date: Nov 24 17:36:44 2036 GMT',
  '*  issuer: CN=mx.example.org',
  '*  SSL certificate verify result: self-signed certificate (18), continuing anyway.',
  '} [5 bytes data]',
  `> EHLO ${ehlo}`,
  '{ [5 bytes data]',
  '* TLSv1.3 (IN), TLS handshake, Newsession Ticket (4):',
  '{ [233 bytes data]',
  ...EHLO_TLS,
];

describe('curl as the learner types it', () => {
  it('-T - sends each typed line as it reads it, once the server said 354, until Ctrl-D', () => {
    const { shell, rows, trace, exits } = shellFor();
    shell.run(
      'curl -v smtp://127.0.0.1 --mail-from alice@example.net --mail-rcpt bob@example.org -T -',
    );
    expect(shell.busy).toBe(true);
    expect(rows().at(-1)).toBe('< 354 End data with <CR><LF>.<CR><LF>');
    shell.run('Subject: curl test');
    expect(rows().at(-1)).toBe('} [19 bytes data]'); // the first read; later ones are not shown
    shell.run('');
    shell.run('hello from curl');
    expect(trace('smtp.cmd').map((c) => c.line)).toContain('hello from curl');
    shell.endOfInput();
    expect(shell.busy).toBe(false);
    expect(mask(rows().slice(-3))).toEqual([
      '< 250 2.0.0 Ok: queued as QUEUEID',
      '100    36    0     0    0    36      0  SPEED --:--:-- --:--:-- --:--:-- SPEED',
      '* Connection #0 to host 127.0.0.1 left intact',
    ]);
    expect(exits()).toEqual([0]);
  });

  it('-T message.txt: the URL takes the file name (EHLO message.txt), SIZE is declared', () => {
    const { shell, rows, exits } = shellFor();
    shell.run(
      'curl -v smtp://127.0.0.1:25 --mail-from alice@example.net --mail-rcpt bob@example.org -T message.txt',
    );
    expect(mask(rows())).toEqual(
      mask([
        ...connected(25),
        '> EHLO message.txt',
        ...EHLO_25,
        '> MAIL FROM:<alice@example.net> SIZE=36',
        '< 250 2.1.0 Ok',
        '> RCPT TO:<bob@example.org>',
        '< 250 2.1.5 Ok',
        '> DATA',
        '< 354 End data with <CR><LF>.<CR><LF>',
        '} [36 bytes data]',
        '* We are completely uploaded and fine',
        '< 250 2.0.0 Ok: queued as QUEUEID',
        '100    36    0     0  100    36      0  SPEED --:--:-- --:--:-- --:--:-- SPEED',
        '* Connection #0 to host 127.0.0.1 left intact',
      ]),
    );
    expect(exits()).toEqual([0]);
  });

  it('a path in the URL is the EHLO name; without -v only the meter shows', () => {
    const { shell, rows, trace } = shellFor();
    shell.run('curl smtp://127.0.0.1/laptop.example --mail-rcpt bob@example.org -T message.txt');
    expect(trace('smtp.cmd')[0]!.line).toBe('EHLO laptop.example');
    expect(mask(rows())).toEqual([
      ...HEADER,
      '100    36    0     0  100    36      0  SPEED --:--:-- --:--:-- --:--:-- SPEED',
    ]);
  });

  it('a refused recipient without -v: the meter, then the error; -s keeps quiet, -sS tells', () => {
    const command = 'smtp://127.0.0.1 --mail-rcpt carol@example.com -T message.txt';
    const plain = shellFor();
    plain.shell.run(`curl ${command}`);
    expect(plain.rows()).toEqual([...HEADER, IDLE, 'curl: (55) RCPT failed: 554']);
    const silent = shellFor();
    silent.shell.run(`curl -s ${command}`);
    expect(silent.rows()).toEqual([]);
    expect(silent.exits()).toEqual([55]);
    const showError = shellFor();
    showError.shell.run(`curl -sS ${command}`);
    expect(showError.rows()).toEqual(['curl: (55) RCPT failed: 554']);
  });

  it('stops at the first refused recipient (no --mail-rcpt-allowfails)', () => {
    const { shell, rows, trace, exits } = shellFor();
    shell.run(
      'curl -v smtp://127.0.0.1 --mail-rcpt nosuch@example.org --mail-rcpt bob@example.org -T message.txt',
    );
    expect(rows().slice(-8)).toEqual([
      '> RCPT TO:<nosuch@example.org>',
      '< 550 5.1.1 <nosuch@example.org>: Recipient address rejected: User unknown in local recipient table',
      '* RCPT failed: 550',
      IDLE,
      '> QUIT',
      '< 221 2.0.0 Bye',
      '* Closing connection 0',
      'curl: (55) RCPT failed: 550',
    ]);
    expect(trace('smtp.cmd').map((c) => c.line)).not.toContain('RCPT TO:<bob@example.org>');
    expect(exits()).toEqual([55]);
  });

  it('--mail-rcpt-allowfails goes on with the accepted ones', () => {
    const { shell, trace, exits } = shellFor();
    shell.run(
      'curl -s --mail-rcpt-allowfails smtp://127.0.0.1 --mail-rcpt nosuch@example.org --mail-rcpt <bob@example.org> -T message.txt',
    );
    expect(trace('mail.queued')).toHaveLength(1);
    expect(exits()).toEqual([0]);
  });

  it('a wrong password: 535 after the SASL delay, no QUIT, TLS closed, Login denied', () => {
    const { shell, shown, trace, exits } = shellFor();
    shell.run(
      'curl -v -k --ssl-reqd smtp://127.0.0.1:587 --user alice@example.net:wrong --mail-from alice@example.net --mail-rcpt carol@example.com -T message.txt',
    );
    expect(shown()).toEqual([
      ...STARTTLS_587('message.txt'),
      '} [5 bytes data]',
      '> AUTH PLAIN',
      '{ [5 bytes data]',
      '< 334 ',
      '} [5 bytes data]',
      '> AGFsaWNlQGV4YW1wbGUubmV0AHdyb25n',
      '(2 s pass)',
      `${at(' 0:00:01')}{ [5 bytes data]`,
      '< 535 5.7.8 Error: authentication failed: (reason unavailable)',
      at(' 0:00:02'),
      '* Closing connection 0',
      '} [5 bytes data]',
      '* TLSv1.3 (OUT), TLS alert, close notify (256):',
      '} [2 bytes data]',
      'curl: (67) Login denied',
    ]);
    expect(trace('smtp.cmd').map((c) => c.line)).not.toContain('QUIT');
    expect(exits()).toEqual([67]);
  });

  it('AUTH LOGIN when asked for with --login-options', () => {
    const { shell, trace, exits } = shellFor();
    shell.run(
      'curl -s -k --ssl-reqd smtp://127.0.0.1:587 -u alice@example.net:s3cret --login-options AUTH=LOGIN --mail-rcpt carol@example.com -T message.txt',
    );
    expect(
      trace('smtp.cmd')
        .map((c) => c.line)
        .slice(3, 6),
    ).toEqual(['AUTH LOGIN', 'YWxpY2VAZXhhbXBsZS5uZXQ=', 'czNjcmV0']);
    expect(exits()).toEqual([0]);
  });

  it('asks for the password when -u has none', () => {
    const { shell, rows, trace, exits } = shellFor();
    shell.run(
      'curl -s -u alice@example.net -k --ssl-reqd smtp://127.0.0.1:587 --mail-rcpt carol@example.com -T message.txt',
    );
    expect(rows()).toEqual(["Enter host password for user 'alice@example.net':"]);
    shell.run('s3cret');
    expect(trace('auth.ok')).toHaveLength(1);
    expect(exits()).toEqual([0]);
  });
});

describe('curl and TLS', () => {
  it('without -k refuses the self-signed certificate (60), with curl advice', () => {
    const { shell, rows, trace, exits } = shellFor();
    shell.run(
      'curl -v --ssl-reqd smtp://127.0.0.1:587 -u alice@example.net:s3cret --mail-rcpt carol@example.com -T message.txt',
    );
    const expected = [
      '> STARTTLS',
      '< 220 2.0.0 Ready to start TLS',
      '} [5 bytes data]',
      '* TLSv1.3 (OUT), TLS handshake, Client hello (1):',
      '} [512 bytes data]',
      '*  CAfile: /etc/ssl/certs/ca-certificates.crt',
      '*  CApath: /etc/ssl/certs',
      '{ [5 bytes data]',
      '* TLSv1.3 (IN), TLS handshake, Server hello (2):',
      '{ [122 bytes data]',
      '* TLSv1.3 (IN), TLS handshake, Encrypted Extensions (8):',
      '{ [6 bytes data]',
      '* TLSv1.3 (IN), TLS handshake, Certificate (11):',
      '{ [831 bytes data]',
      '* TLSv1.3 (OUT), TLS alert, unknown CA (560):',
      '} [2 bytes data]',
      '* SSL certificate problem: self-signed certificate',
      IDLE,
      '* Closing connection 0',
      'curl: (60) SSL certificate problem: self-signed certificate',
      'More details here: https://curl.se/docs/sslcerts.html',
      '',
      'curl failed to verify the legitimacy of the server and therefore could not',
      'establish a secure connection to it. To learn more about this situation and',
      'how to fix it, please visit the web page mentioned above.',
    ];
    expect(rows().slice(-expected.length)).toEqual(expected);
    expect(trace('tls.failed').map((f) => f.reason)).toEqual([
      'SSL certificate problem: self-signed certificate',
    ]);
    expect(trace('smtp.cmd').map((c) => c.line)).not.toContain('QUIT');
    expect(exits()).toEqual([60]);
  });

  it('--ssl-reqd where STARTTLS is not offered: 64, no QUIT; --ssl goes on in plaintext', () => {
    const noTls = withOverrides(mxProfile, {
      tls: { offered: false, required: false, implicit: false },
    });
    const world: World = {
      ...recordedWorld,
      hosts: [{ ...recordedWorld.hosts[0]!, services: { 25: noTls } }],
    };
    const required = shellFor(world);
    required.shell.run(
      'curl -v --ssl-reqd smtp://127.0.0.1 --mail-rcpt bob@example.org -T message.txt',
    );
    expect(required.rows().slice(-5)).toEqual([
      '< 250 CHUNKING',
      '* STARTTLS not supported.',
      IDLE,
      '* Closing connection 0',
      'curl: (64) STARTTLS not supported.',
    ]);
    expect(required.trace('smtp.cmd').map((c) => c.line)).toEqual(['EHLO message.txt']);
    expect(required.exits()).toEqual([64]);

    const optional = shellFor(world);
    optional.shell.run('curl --ssl smtp://127.0.0.1 --mail-rcpt bob@example.org -T message.txt');
    expect(optional.rows()[0]).toBe(
      'Warning: --ssl is an insecure option, consider --ssl-reqd instead',
    );
    expect(optional.trace('mail.queued')).toHaveLength(1);
    expect(optional.exits()).toEqual([0]);
  });

  it('smtps:// speaks TLS from the first byte (465); to a plaintext port: wrong version number', () => {
    const implicit = shellFor();
    implicit.shell.run(
      'curl -v -k smtps://127.0.0.1 -u alice@example.net:s3cret --mail-rcpt bob@example.org -T message.txt',
    );
    const rows = implicit.rows();
    const banner = rows.indexOf('< 220 mx.example.org ESMTP');
    expect(rows.slice(banner - 4, banner + 2)).toEqual([
      '*  SSL certificate verify result: self-signed certificate (18), continuing anyway.',
      '{ [5 bytes data]',
      '* TLSv1.3 (IN), TLS handshake, Newsession Ticket (4):',
      '{ [233 bytes data]',
      '< 220 mx.example.org ESMTP',
      '} [5 bytes data]',
    ]);
    expect(implicit.trace('smtp.cmd').every((c) => c.tls)).toBe(true);
    expect(implicit.exits()).toEqual([0]);

    const wrong = shellFor();
    wrong.shell.run('curl -v smtps://127.0.0.1:25 --mail-rcpt bob@example.org -T message.txt');
    expect(wrong.rows().slice(4)).toEqual([
      '} [5 bytes data]',
      '* TLSv1.3 (OUT), TLS handshake, Client hello (1):',
      '} [512 bytes data]',
      '*  CAfile: /etc/ssl/certs/ca-certificates.crt',
      '*  CApath: /etc/ssl/certs',
      '{ [5 bytes data]',
      '* OpenSSL/3.0.22: error:0A00010B:SSL routines::wrong version number',
      IDLE,
      '* Closing connection 0',
      'curl: (35) OpenSSL/3.0.22: error:0A00010B:SSL routines::wrong version number',
    ]);
    expect(wrong.exits()).toEqual([35]);
  });

  it('smtp:// to the implicit-TLS port waits 120 s for a banner that never comes', () => {
    const { shell, shown, exits } = shellFor();
    shell.run('curl -v smtp://127.0.0.1:465 --mail-rcpt bob@example.org -T message.txt');
    expect(shown()).toEqual([
      ...HEADER,
      `${IDLE}*   Trying 127.0.0.1:465...`,
      '* Connected to 127.0.0.1 (127.0.0.1) port 465 (#0)',
      '(120 s pass)',
      `${at(' 0:01:59')}* server response timeout`,
      at(' 0:02:00'),
      '* Closing connection 0',
      'curl: (28) server response timeout',
    ]);
    expect(exits()).toEqual([28]);
  });

  it('a refusal after TLS: QUIT inside TLS, and both close_notify alerts', () => {
    const { shell, rows, exits } = shellFor();
    shell.run(
      'curl -v -k --ssl-reqd smtp://127.0.0.1:587 --mail-rcpt carol@example.com -T message.txt',
    );
    const expected = [
      '< 554 5.7.1 <carol@example.com>: Recipient address rejected: Access denied',
      '* RCPT failed: 554',
      IDLE,
      '} [5 bytes data]',
      '> QUIT',
      '{ [5 bytes data]',
      '< 221 2.0.0 Bye',
      '* Closing connection 0',
      '{ [5 bytes data]',
      '* TLSv1.3 (IN), TLS alert, close notify (256):',
      '{ [2 bytes data]',
      '* TLSv1.3 (OUT), TLS alert, close notify (256):',
      '} [2 bytes data]',
      'curl: (55) RCPT failed: 554',
    ];
    expect(rows().slice(-expected.length)).toEqual(expected);
    expect(exits()).toEqual([55]);
  });
});

describe('curl without an upload, and its mistakes', () => {
  it('no -T: VRFY for each --mail-rcpt, the answer on the terminal, no meter', () => {
    const { shell, rows, exits } = shellFor();
    shell.run('curl -v smtp://127.0.0.1 --mail-rcpt bob@example.org');
    expect(rows()).toEqual([
      '*   Trying 127.0.0.1:25...',
      '* Connected to 127.0.0.1 (127.0.0.1) port 25 (#0)',
      '< 220 mx.example.org ESMTP',
      '> EHLO vm',
      ...EHLO_25,
      '> VRFY bob@example.org',
      '< 252 2.0.0 bob@example.org',
      '252 2.0.0 bob@example.org',
      '* Connection #0 to host 127.0.0.1 left intact',
    ]);
    expect(exits()).toEqual([0]);
  });

  it('no -T and no --mail-rcpt: HELP, which Postfix does not know (8)', () => {
    const { shell, rows, exits } = shellFor();
    shell.run('curl -v smtp://127.0.0.1');
    expect(rows().slice(-7)).toEqual([
      '> HELP',
      '< 500 5.5.2 Error: command not recognized',
      '* Command failed: 500',
      '> QUIT',
      '< 221 2.0.0 Bye',
      '* Closing connection 0',
      'curl: (8) Command failed: 500',
    ]);
    expect(exits()).toEqual([8]);
  });

  it.each([
    ['--bogus smtp://127.0.0.1', ['curl: option --bogus: is unknown']],
    [
      '--mail-rcpt=bob@example.org smtp://127.0.0.1',
      ['curl: option --mail-rcpt=bob@example.org: is unknown'],
    ],
    ['smtp://127.0.0.1 --mail-rcpt', ['curl: option --mail-rcpt: requires parameter']],
    ['-vx', ['curl: option -vx: requires parameter']],
    ['--mail smtp://127.0.0.1', ['curl: option --mail: is ambiguous']],
    [
      '--no-url smtp://127.0.0.1',
      ["curl: option --no-url: used '--no-' for option that isn't a boolean"],
    ],
    ['-v', ['curl: no URL specified!']],
  ])('curl %s', (args, complaint) => {
    const { shell, rows, exits } = shellFor();
    shell.run(`curl ${args}`);
    expect(rows()).toEqual([
      ...complaint,
      "curl: try 'curl --help' or 'curl --manual' for more information",
    ]);
    expect(exits()).toEqual([2]);
  });

  it("abbreviations and --no- are curl's: --verb is --verbose, --no-progress-meter hides it", () => {
    const { shell, rows } = shellFor();
    shell.run(
      'curl --verb --no-progress-meter --mail-f alice@example.net --mail-rcpt bob@example.org smtp://127.0.0.1 -T message.txt',
    );
    expect(rows()[0]).toBe('*   Trying 127.0.0.1:25...');
    expect(rows()).not.toContain(HEADER[0]);
  });

  it('a file that is not there (26), a malformed URL (3), an unknown protocol (1), a name that does not resolve (6)', () => {
    const missing = shellFor();
    missing.shell.run('curl -v smtp://127.0.0.1 --mail-rcpt bob@example.org -T nosuch.txt');
    expect(missing.rows()).toEqual([
      "curl: Can't open 'nosuch.txt'!",
      "curl: try 'curl --help' or 'curl --manual' for more information",
      'curl: (26) Failed to open/read local data from file/application',
    ]);
    expect(missing.exits()).toEqual([26]);

    const malformed = shellFor();
    malformed.shell.run(
      'curl -v smtp://127.0.0.1:99999 --mail-rcpt bob@example.org -T message.txt',
    );
    expect(malformed.rows()).toEqual(['curl: (3) URL using bad/illegal format or missing URL']);

    const protocol = shellFor();
    protocol.shell.run('curl -v smtpx://127.0.0.1 -T message.txt');
    expect(protocol.rows()).toEqual([
      '* Protocol "smtpx" not supported or disabled in libcurl',
      '* Closing connection -1',
      'curl: (1) Protocol "smtpx" not supported or disabled in libcurl',
    ]);

    const unresolved = shellFor();
    unresolved.shell.run(
      'curl -v smtp://nosuch.invalid --mail-rcpt bob@example.org -T message.txt',
    );
    expect(unresolved.rows()).toEqual([
      ...HEADER,
      `${IDLE}* Could not resolve host: nosuch.invalid`,
      '* Closing connection 0',
      'curl: (6) Could not resolve host: nosuch.invalid',
    ]);
    expect(unresolved.exits()).toEqual([6]);
  });

  it('without smtp:// curl speaks HTTP, and reads the banner as an HTTP/0.9 answer', () => {
    const { shell, rows, trace, exits } = shellFor();
    shell.run('curl -v 127.0.0.1:25');
    expect(rows()).toEqual([
      '*   Trying 127.0.0.1:25...',
      '* Connected to 127.0.0.1 (127.0.0.1) port 25 (#0)',
      '> GET / HTTP/1.1',
      '> Host: 127.0.0.1:25',
      '> User-Agent: curl/7.88.1',
      '> Accept: */*',
      '> ',
      '* Received HTTP/0.9 when not allowed',
      '* Closing connection 0',
      'curl: (1) Received HTTP/0.9 when not allowed',
    ]);
    expect(trace('smtp.cmd')[0]!.line).toBe('GET / HTTP/1.1');
    expect(exits()).toEqual([1]);
  });

  it('--help and --version', () => {
    const { shell, rows } = shellFor();
    shell.run('curl --help');
    expect(rows()[0]).toBe('Usage: curl [options...] <url>');
    shell.run('curl -V');
    expect(rows()).toContain('Protocols: http smtp smtps');
  });
});

/** The firewall rule each network recording was made with (as network-fidelity.test.ts). */
const FIREWALLS: Record<string, HopAction | null> = {
  'closed-port': null,
  drop: { kind: 'drop' },
  'reject-tcp-reset': { kind: 'reject-reset' },
  'reject-icmp-port-unreachable': { kind: 'reject-icmp', type: 'port-unreachable' },
  'reject-icmp-admin-prohibited': { kind: 'reject-icmp', type: 'admin-prohibited' },
  'reject-icmp-host-unreachable': { kind: 'reject-icmp', type: 'host-unreachable' },
  'connect-ok-no-banner': { kind: 'blackhole' },
};

describe('curl through a firewall (shared/fidelity/network)', () => {
  it.each(Object.entries(FIREWALLS))('%s', (scenario, action) => {
    const recording = JSON.parse(
      readFileSync(path.join(fidelityDir, 'network', `${scenario}.json`), 'utf8'),
    ) as {
      probes: Record<
        string,
        { argv: string[]; exit_code: number; seconds: number; output: string }
      >;
    };
    const probe = recording.probes['curl-v']!;
    const firewall = {
      id: 'firewall',
      name: 'firewall',
      address: '192.0.2.1',
      rules: action ? [{ ports: [25], action }] : [],
    };
    const world: World = {
      ...recordedWorld,
      pathTo: (host) => [firewall, ...recordedWorld.pathTo(host)],
    };
    const { shell, outputs, rows, exits } = shellFor(world);
    shell.run(probe.argv.join(' '));
    // The kernel's SYN retries are not to the millisecond: "after N ms" within a second.
    const ms = (row: string) => Number(/after (\d+) ms/.exec(row)?.[1] ?? NaN);
    const recorded = terminalRows(probe.output);
    const withoutMs = (all: readonly string[]) =>
      all.map((r) => r.replace(/after \d+ ms/, 'after N ms'));
    expect(withoutMs(rows())).toEqual(withoutMs(recorded));
    rows().forEach((row, i) => {
      if (/after \d+ ms/.test(row)) expect(Math.abs(ms(row) - ms(recorded[i]!))).toBeLessThan(1000);
    });
    const waited = outputs.reduce((sum, o) => sum + (o.kind === 'wait' ? o.ms : 0), 0);
    expect(Math.abs(waited / 1000 - probe.seconds)).toBeLessThan(
      Math.max(0.3, probe.seconds / 100),
    );
    expect(exits()).toEqual([probe.exit_code]);
  });
});

describe('curl in the trace', () => {
  it('delivers: the commands inside TLS are marked so, the message is queued, QUIT said silently', () => {
    const { shell, rows, trace } = shellFor();
    shell.run(
      'curl -v -k --ssl-reqd smtp://127.0.0.1:587 -u alice@example.net:s3cret --mail-from alice@example.net --mail-rcpt carol@example.com -T message.txt',
    );
    const commands = trace('smtp.cmd');
    const starttls = commands.findIndex((c) => c.line === 'STARTTLS');
    expect(commands.slice(0, starttls + 1).every((c) => !c.tls)).toBe(true);
    expect(commands.slice(starttls + 1).every((c) => c.tls)).toBe(true);
    expect(trace('tls.up')).toHaveLength(1);
    expect(trace('auth.ok').map((a) => a.user)).toEqual(['alice@example.net']);
    expect(trace('mail.queued')).toHaveLength(1);
    // curl's QUIT at exit reaches the server (Postfix logs quit=1) but prints nothing.
    expect(commands.at(-1)!.line).toBe('QUIT');
    expect(rows().join('\n')).not.toMatch(/QUIT|221/);
    expect(rows().at(-1)).toBe('* Connection #0 to host 127.0.0.1 left intact');
  });

  it('sends the octets curl sends: LF line ends, then CRLF . CRLF, so the message ends with an empty line', () => {
    const { shell, trace } = shellFor();
    shell.run(
      'curl -s smtp://127.0.0.1 --mail-from alice@example.net --mail-rcpt bob@example.org -T message.txt',
    );
    const body = trace('smtp.cmd')
      .map((c) => c.line)
      .slice(4);
    expect(body).toEqual(['Subject: curl test', '', 'hello from curl', '', '.', 'QUIT']);
    const [delivered] = trace('mail.delivered');
    expect(delivered!.mailbox).toBe('bob@example.org');
    // The body line, the empty line curl's end of data made, and the mbox's closing line:
    // what `npm run serve --mailbox` wrote for the real curl too.
    expect(delivered!.content).toMatch(/\n\nhello from curl\n\n\n$/);
  });

  it('escapes a leading dot only after CRLF (and at the start), as curl 7.88 does; --crlf makes CRLFs', () => {
    const typed = (options: string) => {
      const { shell, trace } = shellFor();
      shell.run(`curl -s ${options} smtp://127.0.0.1 --mail-rcpt bob@example.org -T -`);
      ['.first', '', '.second'].forEach((line) => shell.run(line));
      shell.endOfInput();
      return trace('smtp.cmd')
        .map((c) => c.line)
        .slice(4, -1);
    };
    expect(typed('')).toEqual(['..first', '', '.second', '', '.']);
    expect(typed('--crlf')).toEqual(['..first', '', '..second', '.']);
  });

  it('Ctrl-C while the learner types the message: the connection just goes', () => {
    const { shell, trace, exits } = shellFor();
    shell.run('curl -s smtp://127.0.0.1 --mail-rcpt bob@example.org -T -');
    shell.run('Subject: half a message');
    shell.interrupt();
    expect(shell.busy).toBe(false);
    expect(trace('tcp.closed').map((c) => c.by)).toEqual(['client']);
    expect(trace('mail.queued')).toEqual([]);
    expect(exits()).toEqual([130]);
  });

  it('the example of `help` delivers to bob in the lab world', () => {
    const { shell, lines, outputs } = shellIn('datacenter-direct');
    shell.run('help');
    const example = lines()
      .find((l) => l.startsWith('  curl '))!
      .slice(14);
    shell.run(example);
    const delivered = outputs.flatMap((o) =>
      o.kind === 'trace' && o.event.type === 'mail.delivered' ? [o.event.mailbox] : [],
    );
    expect(delivered).toEqual(['bob@example.org']);
    expect(lines()).toContain('* Connection #0 to host mx.example.org left intact');
  });
});

describe("curl's pieces", () => {
  it.each([
    // What the real curl put on the wire for these files (a proxy between it and the server).
    ['.first\n\n.second\r\n.third\r\n', '..first\n\n.second\r\n..third\r\n', true],
    ['a\r\nb\r\n', 'a\r\nb\r\n', true],
    ['x\ny', 'x\ny', false],
    ['Subject: curl test\n\nhello from curl\n', 'Subject: curl test\n\nhello from curl\n', false],
  ])('escapes %j as curl 7.88 does', (data, sent, endsWithCrlf) => {
    const escaper = new EobEscaper();
    expect(escaper.escape(data)).toBe(sent);
    expect(escaper.trailingCrlf).toBe(endsWithCrlf);
  });

  it('escapes the same across reads split anywhere', () => {
    const data = 'a\r\n.b\r\n.\r\nc';
    const whole = new EobEscaper().escape(data);
    for (let cut = 0; cut <= data.length; cut++) {
      const escaper = new EobEscaper();
      expect(escaper.escape(data.slice(0, cut)) + escaper.escape(data.slice(cut))).toBe(whole);
    }
  });

  it.each([
    [0, '    0'],
    [36, '   36'],
    [99999, '99999'],
    [100000, '  97k'],
    [36_000_000, '34.3M'],
  ])('max5data(%d) is %j', (bytes, shown) => expect(max5data(bytes)).toBe(shown));

  it.each([
    [0, '--:--:--'],
    [133, ' 0:02:13'],
    [359_999, '99:59:59'],
    [360_000, '  4d 04h'],
  ])('time2str(%d) is %j', (seconds, shown) => expect(time2str(seconds)).toBe(shown));
});

describe('curl, a few more things checked against the real one', () => {
  it('VRFY inside TLS: no data markers when the answer goes to the terminal', () => {
    const { shell, rows } = shellFor();
    shell.run(
      'curl -v -k --ssl-reqd smtp://127.0.0.1:587 -u alice@example.net:s3cret --mail-rcpt bob@example.org',
    );
    expect(rows().filter((r) => /^[{}] \[/.test(r))).toEqual([]);
    expect(rows().slice(-4)).toEqual([
      '> VRFY bob@example.org',
      '< 252 2.0.0 bob@example.org',
      '252 2.0.0 bob@example.org',
      '* Connection #0 to host 127.0.0.1 left intact',
    ]);
  });

  it('-T - ended at once: the end of data alone (".")', () => {
    const { shell, trace } = shellFor();
    shell.run('curl -s smtp://127.0.0.1/h --mail-rcpt bob@example.org -T -');
    shell.endOfInput();
    expect(trace('smtp.cmd').map((c) => c.line)).toEqual([
      'EHLO h',
      'MAIL FROM:<>',
      'RCPT TO:<bob@example.org>',
      'DATA',
      '.',
      'QUIT',
    ]);
  });

  it('--sasl-ir sends the PLAIN response with AUTH', () => {
    const { shell, trace } = shellFor();
    shell.run(
      'curl -s -k --ssl-reqd --sasl-ir smtp://127.0.0.1:587 -u alice@example.net:s3cret --mail-rcpt bob@example.org -T message.txt',
    );
    expect(trace('smtp.cmd').map((c) => c.line)).toContain(
      'AUTH PLAIN AGFsaWNlQGV4YW1wbGUubmV0AHMzY3JldA==',
    );
  });
});
