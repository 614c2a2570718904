// --mailbox as local(8) keeps a mailbox: written before the 250 (a failed write is the
// client's 451 4.3.0, never a "status=sent" for lost mail) and under a dot-lock.
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  unlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { mailboxProblem, mailboxWriter } from '../../src/adapters/tcp/mailbox-file.ts';
import { startSmtpServer, type RunningSmtpServer } from '../../src/adapters/tcp/server.ts';
import { mxProfile } from '../../src/engine/smtp/profiles.ts';
import type { DeliveredMessage } from '../../src/engine/smtp/types.ts';
import { ClientConnection } from '../tools/fidelity/client-connection.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'port25-mailbox-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let server: RunningSmtpServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

const entry = (content: string): DeliveredMessage => ({
  queueId: 'ABCDEF01234',
  sender: 'alice@example.net',
  recipients: ['bob@example.org'],
  content,
});

async function sendOne(port: number): Promise<string> {
  const client = await ClientConnection.open('127.0.0.1', port, 5000);
  await client.readReply();
  const say = async (line: string) => {
    await client.send(Buffer.from(`${line}\r\n`));
    return (await client.readReply())[0]?.lines.join('\n') ?? '';
  };
  await say('EHLO client.example.net');
  await say('MAIL FROM:<alice@example.net>');
  await say('RCPT TO:<bob@example.org>');
  await say('DATA');
  const reply = await say('Subject: test\r\n\r\nhello\r\n.');
  await say('QUIT');
  client.close();
  return reply;
}

describe('--mailbox', () => {
  it('names what is wrong with a path at start', () => {
    expect(mailboxProblem(path.join(dir, 'no-such-folder', 'bob'))).toBe(
      'No such file or directory',
    );
    expect(mailboxProblem(dir)).toBe('Is a directory');
    expect(mailboxProblem('/proc/version')).not.toBeNull();
    expect(mailboxProblem(path.join(dir, 'fine'))).toBeNull();
  });

  it('a write that fails is 451 4.3.0 Error: queue file write error, logged, not "sent"', async () => {
    const mailbox = path.join(dir, 'goes-away');
    const logs: string[] = [];
    server = await startSmtpServer({
      profile: mxProfile,
      port: 0,
      mailbox,
      log: (l) => logs.push(l),
    });
    expect(await sendOne(server.port)).toMatch(/^250 2\.0\.0 Ok: queued as /);
    // The mailbox becomes a directory under the running server.
    unlinkSync(mailbox);
    mkdirSync(mailbox);
    expect(await sendOne(server.port)).toBe('451 4.3.0 Error: queue file write error');
    expect(
      logs.some((l) =>
        / postfix\/cleanup\[\d+\]: warning: [0-9A-F]+: write queue file: Is a directory$/.test(l),
      ),
    ).toBe(true);
    expect(logs.filter((l) => l.includes('status=sent (delivered to mailbox)'))).toHaveLength(1);
  });

  it('waits for another holder of the dot-lock, and gives up with a reason', () => {
    const mailbox = path.join(dir, 'locked');
    const lock = `${mailbox}.lock`;
    closeSync(openSync(lock, 'wx'));
    const started = Date.now();
    expect(mailboxWriter(mailbox, 200)([entry('From x\nblocked\n')])).toMatch(
      /^cannot lock .*\.lock/,
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    unlinkSync(lock);
    expect(
      mailboxWriter(mailbox, 200)([entry('From x\nfirst\n'), entry('From y\nsecond\n')]),
    ).toBeNull();
    expect(readFileSync(mailbox, 'latin1')).toBe('From x\nfirst\nFrom y\nsecond\n');
    expect(() => readFileSync(lock)).toThrow(); // released
  });
});
