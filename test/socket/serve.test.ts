// `npm run serve` as a real process: banner over TCP, Postfix-shaped log lines on stderr,
// delivery into --mailbox, exit 2 on bad arguments, clean exit on SIGTERM.
import { spawn, type ChildProcess } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  unlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ClientConnection } from '../tools/fidelity/client-connection.ts';
import { repoRoot } from '../tools/fidelity/paths.ts';

const TSX = path.join(repoRoot, 'node_modules/.bin/tsx');
const SERVE = path.join(repoRoot, 'src/adapters/tcp/serve.ts');
const LOG_PREFIX = String.raw`[A-Z][a-z]{2} \d{2} \d{2}:\d{2}:\d{2} mx postfix/smtpd\[\d+\]: `;

interface Served {
  child: ChildProcess;
  port: number;
  stderr: () => string;
  exited: Promise<number | null>;
}

function serve(args: string[]): Promise<Served> {
  const child = spawn(TSX, [SERVE, ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  return new Promise((resolve, reject) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const m = /listening on 127\.0\.0\.1:(\d+) \(profile mx\)/.exec(stderr);
      if (m) resolve({ child, port: Number(m[1]), stderr: () => stderr, exited });
    });
    void exited.then((code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
}

async function waitForText(get: () => string, pattern: RegExp): Promise<void> {
  for (let i = 0; i < 100 && !pattern.test(get()); i++) await new Promise((r) => setTimeout(r, 20));
}

const dir = mkdtempSync(path.join(tmpdir(), 'port25-serve-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run serve', () => {
  it(
    'serves the MX, logs like Postfix, fills --mailbox and stops on SIGTERM',
    { timeout: 30_000 },
    async () => {
      const mailbox = path.join(dir, 'bob.mbox');
      const served = await serve(['--profile', 'mx', '--port', '0', '--mailbox', mailbox]);
      try {
        const c = await ClientConnection.open('127.0.0.1', served.port, 5000);
        const say = async (line: string) => {
          await c.send(Buffer.from(`${line}\r\n`));
          return (await c.readReply())[0]?.lines.at(-1);
        };
        expect((await c.readReply())[0]?.lines).toEqual(['220 mx.example.org ESMTP']);
        expect(await say('EHLO client.example.net')).toBe('250 CHUNKING');
        expect(await say('MAIL FROM:<alice@example.net>')).toBe('250 2.1.0 Ok');
        expect(await say('RCPT TO:<carol@example.com>')).toBe(
          '554 5.7.1 <carol@example.com>: Relay access denied',
        );
        expect(await say('RCPT TO:<bob@example.org>')).toBe('250 2.1.5 Ok');
        expect(await say('DATA')).toBe('354 End data with <CR><LF>.<CR><LF>');
        expect(await say('Subject: via serve\r\n\r\nhello\r\n.')).toMatch(
          /^250 2\.0\.0 Ok: queued as /,
        );
        expect(await say('QUIT')).toBe('221 2.0.0 Bye');

        await waitForText(served.stderr, /disconnect from/);
        const log = served.stderr();
        expect(log).toMatch(
          new RegExp(`^${LOG_PREFIX}connect from localhost\\[127\\.0\\.0\\.1\\]$`, 'm'),
        );
        expect(log).toMatch(
          new RegExp(
            `^${LOG_PREFIX}disconnect from localhost\\[127\\.0\\.0\\.1\\] ehlo=1 mail=1 rcpt=1/2 data=1 quit=1 commands=5/6$`,
            'm',
          ),
        );
        expect(log).toMatch(
          /postfix\/local\[\d+\]: [0-9A-F]+: to=<bob@example\.org>, relay=local, .*status=sent \(delivered to mailbox\)/,
        );
        // The append is asynchronous: wait for it rather than race it.
        const mbox = () => (existsSync(mailbox) ? readFileSync(mailbox, 'latin1') : '');
        await waitForText(mbox, /Subject: via serve/);
        expect(mbox()).toContain('Subject: via serve');
      } finally {
        served.child.kill('SIGTERM');
      }
      expect(await served.exited).toBe(0);
    },
  );

  it.each([
    [['--profile', 'nope', '--port', '1'], 'unknown profile "nope"'],
    [['--profile', 'mx'], '--port is required'],
    [
      ['--profile', 'mx', '--port', '0', '--mailbox', '/nonexistent-folder/bob'],
      '--mailbox: cannot write to /nonexistent-folder/bob: No such file or directory',
    ],
    [
      ['--profile', 'mx', '--port', '0', '--mailbox', tmpdir()],
      `--mailbox: cannot write to ${tmpdir()}: Is a directory`,
    ],
    [
      ['--profile', 'mx', '--port', '0', '--mailbox', '/proc/version'],
      '--mailbox: cannot write to /proc/version: ',
    ],
  ])('exits 2 on %j', { timeout: 20_000 }, async (args, message) => {
    const child = spawn(TSX, [SERVE, ...args], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
    expect(stderr).toContain(`serve: ${message}`);
  });

  it(
    'two serve processes share a mailbox: each waits for the dot-lock, no message is spliced',
    { timeout: 60_000 },
    async () => {
      const mailbox = path.join(dir, 'shared.mbox');
      const lock = `${mailbox}.lock`;
      const servers = await Promise.all([
        serve(['--profile', 'mx', '--port', '0', '--mailbox', mailbox]),
        serve(['--profile', 'mx', '--port', '0', '--mailbox', mailbox]),
      ]);
      try {
        // A third party (this test, as local(8) would be) holds the lock for a while.
        closeSync(openSync(lock, 'wx'));
        const bodies = ['one', 'two'].map((tag) => `${tag} ${tag.repeat(20)}\r\n`.repeat(4000));
        const sent = servers.map((s, i) => deliver(s.port, `shared ${i}`, bodies[i]!));
        await new Promise((r) => setTimeout(r, 600));
        expect(readFileSync(mailbox, 'latin1')).toBe(''); // nothing written past the lock
        unlinkSync(lock);
        expect(await Promise.all(sent)).toEqual([
          expect.stringMatching(/^250 2\.0\.0 Ok: queued as /),
          expect.stringMatching(/^250 2\.0\.0 Ok: queued as /),
        ]);
        const messages = readFileSync(mailbox, 'latin1').split(/^(?=From )/m);
        expect(messages).toHaveLength(2);
        for (const [i, body] of bodies.entries()) {
          const message = messages.find((m) => m.includes(`Subject: shared ${i}`))!;
          expect(message.replaceAll('\n', '\r\n')).toContain(body);
        }
        expect(existsSync(lock)).toBe(false);
      } finally {
        for (const s of servers) s.child.kill('SIGTERM');
      }
    },
  );
});

/** One message over SMTP; the reply to its final dot. */
async function deliver(port: number, subject: string, body: string): Promise<string> {
  const c = await ClientConnection.open('127.0.0.1', port, 30_000);
  const say = async (line: string) => {
    await c.send(Buffer.from(`${line}\r\n`));
    return (await c.readReply())[0]?.lines.at(-1) ?? '';
  };
  await c.readReply();
  await say('EHLO client.example.net');
  await say('MAIL FROM:<alice@example.net>');
  await say('RCPT TO:<bob@example.org>');
  await say('DATA');
  const reply = await say(`Subject: ${subject}\r\n\r\n${body}.`);
  await say('QUIT');
  c.close();
  return reply;
}
