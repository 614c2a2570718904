// openssl s_client in the shell: each recording of shared/fidelity/tools replayed in the world
// it was made in (its stdin typed line by line, its exit status read from the trace), the
// trace of -starttls, and what OpenSSL 3.0.22 prints for the rest (checked against the real
// /usr/bin/openssl of Debian 12 while writing this).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { withOverrides } from '../../src/engine/smtp/profile.ts';
import { mxProfile } from '../../src/engine/smtp/profiles.ts';
import type { ShellOutput } from '../../src/engine/tools/shell.ts';
import type { TraceEvent } from '../../src/engine/world/trace.ts';
import type { World } from '../../src/engine/world/world.ts';
import { fidelityDir } from '../tools/fidelity/paths.ts';
import { recordedWorld } from '../tools/recorded-world.ts';
import { shellIn } from '../tools/shell-in.ts';

interface Recording {
  readonly id: string;
  readonly argv: readonly string[];
  readonly stdin_script: readonly { readonly delay_s: number; readonly text: string }[];
  readonly exit_code: number;
  readonly killed_after_timeout: boolean;
  readonly output_file: string;
}

const toolsDir = path.join(fidelityDir, 'tools');
const recordings = (
  JSON.parse(readFileSync(path.join(toolsDir, 'index.json'), 'utf8')) as Recording[]
).filter((r) => r.id.startsWith('openssl-'));

/** The recording as the terminal shows it: the server's CRLFs pass through, one line each. */
function recorded(r: Recording): string[] {
  const text = readFileSync(path.join(toolsDir, r.output_file), 'utf8');
  return text === '' ? [] : text.replace(/\r?\n$/, '').split(/\r?\n/);
}

/** What changes from one run of the real openssl to the next, and only that. */
function masked(lines: readonly string[]): string[] {
  return lines.map((line) =>
    line
      // The thread id leading each error line is a pointer.
      .replace(/^[0-9A-F]{16}:error:/, 'THREAD:error:')
      // A fresh handshake's session id and resumption secret.
      .replace(/^( {4}Session-ID: )[0-9A-F]{64}$/, '$1SESSION-ID')
      .replace(/^( {4}Resumption PSK: )[0-9A-F]{96}$/, '$1PSK')
      // The ticket: its first 16 bytes name the server's ticket key and stay; the rest is
      // sealed afresh each time.
      .replace(/^( {4}00[1-9a-f]0 - ).*$/, '$1TICKET BYTES'),
  );
}

const events = (outputs: readonly ShellOutput[]): TraceEvent[] =>
  outputs.flatMap((o) => (o.kind === 'trace' ? [o.event] : []));

/** Run a recording's command and type its stdin while openssl still reads it. */
function replay(r: Recording) {
  const full = readFileSync(path.join(toolsDir, r.output_file), 'utf8');
  // The session's Start Time is the wall clock at the handshake: start the world then.
  const startTime = /Start Time: (\d+)/.exec(full)?.[1];
  const session = shellIn(recordedWorld, startTime ? Number(startTime) * 1000 : undefined);
  const { shell } = session;
  shell.run(r.argv.join(' '));
  for (const { text } of r.stdin_script) {
    for (const line of text.split('\n').slice(0, -1)) if (shell.busy) shell.run(line);
  }
  const hung = shell.busy;
  // The harness killed a hung openssl (-9); here the learner presses Ctrl-C. Otherwise its
  // stdin, a pipe, ended after the script.
  if (r.killed_after_timeout) shell.interrupt();
  else shell.endOfInput();
  return { ...session, hung };
}

describe('openssl s_client replays the recordings', () => {
  it.each(recordings.map((r) => [r.id, r] as const))(
    'prints what real openssl printed (%s)',
    (_, r) => {
      const { lines, outputs, hung } = replay(r);
      expect(masked(lines())).toEqual(masked(recorded(r)));
      expect(hung).toBe(r.killed_after_timeout);
      const exits = events(outputs).filter((e) => e.type === 'tool.exit');
      expect(exits).toEqual([
        { type: 'tool.exit', tool: 'openssl', status: r.killed_after_timeout ? 130 : r.exit_code },
      ]);
    },
  );

  it('covers every openssl recording', () => {
    expect(recordings.map((r) => r.id).sort()).toEqual([
      'openssl-25-implicit-tls-wrong',
      'openssl-25-starttls-quiet',
      'openssl-465-quiet',
      'openssl-465-starttls-wrong',
      'openssl-587-auth-session',
      'openssl-587-rcpt-gotcha',
      'openssl-587-starttls-full',
      'openssl-587-starttls-quiet',
    ]);
  });
});

describe('the trace of openssl s_client', () => {
  const byId = (id: string) => recordings.find((r) => r.id === id)!;

  it('shows the EHLO and STARTTLS openssl sends itself, then everything inside TLS', () => {
    const trace = events(replay(byId('openssl-587-auth-session')).outputs);
    const up = trace.findIndex((e) => e.type === 'tls.up');
    expect(up).toBeGreaterThan(0);
    const commands = (from: number, to: number) =>
      trace.slice(from, to).flatMap((e) => (e.type === 'smtp.cmd' ? [[e.line, e.tls]] : []));
    expect(commands(0, up)).toEqual([
      ['EHLO mail.example.com', false],
      ['STARTTLS', false],
    ]);
    expect(commands(up, trace.length)).toEqual([
      ['EHLO client.example.net', true],
      ['AUTH PLAIN AGFsaWNlQGV4YW1wbGUubmV0AHMzY3JldA==', true],
      ['MAIL FROM:<alice@example.net>', true],
      ['RCPT TO:<carol@example.com>', true],
      ['QUIT', true],
    ]);
    expect(trace.filter((e) => e.type === 'auth.ok')).toHaveLength(1);
  });

  it('keeps a line starting with R from the server: it renegotiates instead', () => {
    const trace = events(replay(byId('openssl-587-rcpt-gotcha')).outputs);
    const sent = trace.flatMap((e) => (e.type === 'smtp.cmd' && e.tls ? [e.line] : []));
    expect(sent).toEqual([
      'EHLO client.example.net',
      'AUTH PLAIN AGFsaWNlQGV4YW1wbGUubmV0AHMzY3JldA==',
      'MAIL FROM:<alice@example.net>',
    ]);
    expect(trace.find((e) => e.type === 'tcp.closed')).toMatchObject({ by: 'client' });
  });

  it('handshakes first on 465: every line is inside TLS', () => {
    const trace = events(replay(byId('openssl-465-quiet')).outputs);
    const tls = trace.flatMap((e) =>
      e.type === 'smtp.cmd' || e.type === 'smtp.reply' ? [e.tls] : [],
    );
    expect(tls.length).toBeGreaterThan(0);
    expect(new Set(tls)).toEqual(new Set([true]));
  });

  it('fails the handshake on a plaintext port and sends nothing', () => {
    const trace = events(replay(byId('openssl-25-implicit-tls-wrong')).outputs);
    expect(trace.filter((e) => e.type === 'tls.failed')).toHaveLength(1);
    expect(trace.filter((e) => e.type === 'tls.up' || e.type === 'smtp.cmd')).toEqual([]);
  });
});

describe('openssl s_client in the reference world', () => {
  /** Lines with the thread id masked, for the error cases. */
  const run = (scenario: string, ...typed: string[]) => {
    const session = shellIn(scenario, Date.UTC(2026, 10, 27, 18, 0, 0));
    for (const line of typed) session.shell.run(line);
    return { ...session, shown: () => masked(session.lines()) };
  };

  it('sends SNI for a host name, so it names no servername problem, and shows its certificate', () => {
    const { lines, shell } = run(
      'datacenter-direct',
      'openssl s_client -connect smtp.example.net:465 -crlf -quiet',
    );
    expect(lines()).toEqual([
      'depth=0 CN = smtp.example.net',
      'verify error:num=18:self-signed certificate',
      'verify return:1',
      'depth=0 CN = smtp.example.net',
      'verify return:1',
      '220 smtp.example.net ESMTP',
    ]);
    shell.run('QUIT');
    expect(lines().at(-1)).toBe('221 2.0.0 Bye');
    expect(shell.busy).toBe(false);
    expect(shell.lastStatus).toBe(0);
  });

  it('counts the server name into the ClientHello and the certificate into what it read', () => {
    const { lines } = run('datacenter-direct', 'openssl s_client -connect smtp.example.net:465');
    // 377 + 9 + 16 written; 1374 + 6 read: this certificate's DER is 6 bytes longer.
    expect(lines()).toContain('SSL handshake has read 1380 bytes and written 402 bytes');
    expect(lines()).not.toContain("Can't use SSL_get_servername");
    expect(lines()).toContain(' 0 s:CN = smtp.example.net');
    expect(lines().at(-2)).toBe('read R BLOCK');
    expect(lines().at(-1)).toBe('220 smtp.example.net ESMTP');
  });

  it('prints the same session for the same connection, and another for the next', () => {
    const first = run('datacenter-direct', 'openssl s_client -connect smtp.example.net:465', 'Q');
    const again = run('datacenter-direct', 'openssl s_client -connect smtp.example.net:465', 'Q');
    expect(again.lines()).toEqual(first.lines());
    first.shell.run('openssl s_client -connect smtp.example.net:465');
    const ids = first.lines().filter((l) => l.startsWith('    Session-ID: '));
    expect(ids).toHaveLength(2);
    expect(ids[0]).not.toBe(ids[1]);
  });

  it('-brief: a summary instead of the report, and its commands still work', () => {
    const { lines, shell } = run(
      'datacenter-direct',
      'openssl s_client -brief -starttls smtp -connect smtp.example.net:587',
      'QUIT',
    );
    expect(lines()).toEqual([
      'depth=0 CN = smtp.example.net',
      'verify error:num=18:self-signed certificate',
      'CONNECTION ESTABLISHED',
      'Protocol version: TLSv1.3',
      'Ciphersuite: TLS_AES_256_GCM_SHA384',
      'Peer certificate: CN = smtp.example.net',
      'Hash used: SHA256',
      'Signature type: RSA-PSS',
      'Verification error: self-signed certificate',
      'Server Temp Key: X25519, 253 bits',
      '250 CHUNKING',
      'DONE',
    ]);
    expect(shell.lastStatus).toBe(0);
  });

  it('-starttls where STARTTLS is not offered: tries anyway, and the handshake fails', () => {
    const plain = withOverrides(mxProfile, { tls: { offered: false } });
    const world = {
      ...recordedWorld,
      hosts: [{ ...recordedWorld.hosts[0]!, services: { 25: plain } }],
    };
    const { lines, outputs, shell } = shellIn(world);
    shell.run('openssl s_client -starttls smtp -connect 127.0.0.1:25 -crlf');
    const refusal = events(outputs).findLast((e) => e.type === 'smtp.reply')!;
    // Read: the banner, the EHLO reply, the refusal, one record header. Written: EHLO,
    // STARTTLS and a ClientHello without SNI (to an address).
    expect(refusal).toMatchObject({ lines: ['502 5.5.1 Error: command not implemented'] });
    const read = 26 + 151 + 42 + 5;
    expect(masked(lines())).toEqual([
      'CONNECTED(00000003)',
      "Didn't find STARTTLS in server response, trying anyway...",
      'THREAD:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../ssl/record/ssl3_record.c:350:',
      '---',
      'no peer certificate available',
      '---',
      'No client certificate CA names sent',
      '---',
      `SSL handshake has read ${read} bytes and written 330 bytes`,
      'Verification: OK',
      '---',
      'New, (NONE), Cipher is (NONE)',
      'Secure Renegotiation IS NOT supported',
      'Compression: NONE',
      'Expansion: NONE',
      'No ALPN negotiated',
      'Early data was not sent',
      'Verify return code: 0 (ok)',
      '---',
    ]);
    expect(shell.lastStatus).toBe(1);
  });

  it('K asks for a key update, not sent; "read R BLOCK" comes with the next reply', () => {
    const { lines } = run(
      'datacenter-direct',
      'openssl s_client -starttls smtp -connect smtp.example.net:587 -crlf',
      'KEY',
      'NOOP',
    );
    expect(lines().slice(-4)).toEqual([
      'read R BLOCK',
      'KEYUPDATE',
      'read R BLOCK',
      '250 2.0.0 Ok',
    ]);
  });

  it('-ign_eof (or -quiet) turns the command letters off: RCPT goes to the server', () => {
    const { lines, outputs } = run(
      'datacenter-direct',
      'openssl s_client -starttls smtp -connect smtp.example.net:587 -crlf -ign_eof',
      'RCPT TO:<carol@example.com>',
    );
    expect(lines().slice(-2)).toEqual(['read R BLOCK', '503 5.5.1 Error: need MAIL command']);
    expect(events(outputs).filter((e) => e.type === 'smtp.cmd' && e.tls)).toHaveLength(1);
  });

  it('the server closing after QUIT (typed in lower case, so not a command) says "closed"', () => {
    const { lines, shell } = run(
      'datacenter-direct',
      'openssl s_client -starttls smtp -connect smtp.example.net:587 -crlf',
      'quit',
    );
    expect(lines().slice(-2)).toEqual(['221 2.0.0 Bye', 'closed']);
    expect(shell.lastStatus).toBe(0);
  });

  it('the end of input is "DONE" without -quiet, and is ignored with it', () => {
    const full = run('datacenter-direct', 'openssl s_client -connect smtp.example.net:465');
    full.shell.endOfInput();
    expect(full.lines().at(-1)).toBe('DONE');
    expect(full.shell.busy).toBe(false);
    const quiet = run('datacenter-direct', 'openssl s_client -quiet -connect smtp.example.net:465');
    quiet.shell.endOfInput();
    expect(quiet.shell.busy).toBe(true);
  });

  it('an idle timeout ends TLS without close_notify: an unexpected EOF, exit 1', () => {
    const { shown, shell } = run(
      'datacenter-direct',
      'openssl s_client -quiet -connect smtp.example.net:465',
    );
    shell.sim.advance(300_000);
    expect(shown().slice(-2)).toEqual([
      '421 4.4.2 smtp.example.net Error: timeout exceeded',
      'THREAD:error:0A000126:SSL routines:ssl3_read_n:unexpected eof while reading:../ssl/record/rec_layer_s3.c:318:',
    ]);
    expect(shell.busy).toBe(false);
  });

  it('through a black hole: connected, then nothing comes back until Ctrl-C', () => {
    const world = {
      ...recordedWorld,
      pathTo: () => [
        {
          id: 'tarpit',
          name: 'tarpit',
          address: '198.51.100.9',
          rules: [{ ports: 'any', action: { kind: 'blackhole' } }],
        },
      ],
    } satisfies World;
    const { lines, shell } = shellIn(world);
    shell.run('openssl s_client -connect 127.0.0.1:465');
    shell.run('EHLO client.example.net');
    expect(lines()).toEqual(['CONNECTED(00000003)']);
    expect(shell.busy).toBe(true);
    shell.interrupt();
    expect(shell.lastStatus).toBe(130);
  });

  it('is refused by a port nothing listens on', () => {
    const { shown, shell } = run(
      'datacenter-direct',
      'openssl s_client -connect mx.example.org:587',
    );
    expect(shown()).toEqual([
      'THREAD:error:8000006F:system library:BIO_connect:Connection refused:../crypto/bio/bio_sock2.c:117:calling connect()',
      'THREAD:error:10000067:BIO routines:BIO_connect:connect error:../crypto/bio/bio_sock2.c:119:',
      'connect:errno=111',
    ]);
    expect(shell.lastStatus).toBe(1);
  });

  it('hangs on a port 25 the ISP drops, then the kernel gives up', () => {
    const { shown } = run(
      'home-isp-blocks-25',
      'openssl s_client -starttls smtp -connect mx.example.org:25 -crlf',
    );
    expect(shown()).toEqual([
      '(133 s pass)',
      'THREAD:error:8000006E:system library:BIO_connect:Connection timed out:../crypto/bio/bio_sock2.c:117:calling connect()',
      'THREAD:error:10000067:BIO routines:BIO_connect:connect error:../crypto/bio/bio_sock2.c:119:',
      'connect:errno=110',
    ]);
  });

  it.each([
    ['openssl foo', [`Invalid command 'foo'; type "help" for a list.`], 1],
    [
      'openssl s_client -bogus',
      ['s_client: Unknown option: -bogus', 's_client: Use -help for summary.'],
      1,
    ],
    [
      'openssl s_client --connect',
      ['s_client: Option -connect needs a value', 's_client: Use -help for summary.'],
      1,
    ],
    ['openssl s_client mx.example.org:25 -crlf', ['s_client: Use -help for summary.'], 1],
    [
      'openssl s_client -port abc',
      [`s_client: Can't parse "abc" as a number`, 's_client: Use -help for summary.'],
      1,
    ],
    [
      'openssl s_client -starttls SMTP',
      [
        's_client: Value must be one of:',
        ...'smtp pop3 imap ftp xmpp xmpp-server telnet irc mysql postgres lmtp nntp sieve ldap'
          .split(' ')
          .map((v) => `\t${v}`),
      ],
      1,
    ],
    [
      'openssl s_client -connect nowhere.example:25',
      [
        'THREAD:error:10080002:BIO routines:BIO_lookup_ex:system lib:../crypto/bio/bio_addr.c:746:Name or service not known',
        'connect:errno=22',
      ],
      1,
    ],
    [
      'openssl s_client -connect mx.example.org:smtpx',
      [
        'THREAD:error:10080002:BIO routines:BIO_lookup_ex:system lib:../crypto/bio/bio_addr.c:746:Servname not supported for ai_socktype',
        'connect:errno=0',
      ],
      1,
    ],
    [
      'openssl s_client',
      [
        'THREAD:error:8000006F:system library:BIO_connect:Connection refused:../crypto/bio/bio_sock2.c:117:calling connect()',
        'THREAD:error:10000067:BIO routines:BIO_connect:connect error:../crypto/bio/bio_sock2.c:119:',
        'THREAD:error:8000006F:system library:BIO_connect:Connection refused:../crypto/bio/bio_sock2.c:117:calling connect()',
        'THREAD:error:10000067:BIO routines:BIO_connect:connect error:../crypto/bio/bio_sock2.c:119:',
        'connect:errno=111',
      ],
      1,
    ],
    ['openssl version', ['OpenSSL 3.0.22 25 Aug 2026 (Library: OpenSSL 3.0.22 25 Aug 2026)'], 0],
  ])('%s', (command, expected, status) => {
    const { shown, shell } = run('datacenter-direct', command);
    expect(shown()).toEqual(expected);
    expect(shell.lastStatus).toBe(status);
  });

  it('prints its help like the real one', () => {
    const { lines } = run('datacenter-direct', 'openssl s_client -help', 'openssl help');
    expect(lines()[0]).toBe('Usage: s_client [options] [host:port]');
    expect(lines()).toContain(
      ' -starttls val              Use the appropriate STARTTLS command before starting TLS',
    );
    expect(lines()).toContain('help:');
    expect(lines()).toContain(
      's_client          s_server          s_time            sess_id           ',
    );
  });
});
