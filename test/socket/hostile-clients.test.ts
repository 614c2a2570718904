// `npm run serve` against clients that misbehave on purpose (issue 11): a TLS handshake that
// never comes, bodies far past message_size_limit with no SIZE, a BDAT chunk of hundreds of
// megabytes. The server must close what it should, keep its memory flat, and go on serving.
import { connect, type Socket } from 'node:net';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startSmtpServer, type RunningSmtpServer } from '../../src/adapters/tcp/server.ts';
import {
  mxHardenedProfile,
  mxProfile,
  submissionsProfile,
} from '../../src/engine/smtp/profiles.ts';
import type { ServerProfile } from '../../src/engine/smtp/profile.ts';

const LIMIT = 1_000_000; // message_size_limit for these tests
const quick = (p: ServerProfile): ServerProfile => ({
  ...p,
  limits: { ...p.limits, starttlsTimeoutMs: 300, messageSize: LIMIT, errorSleepMs: 0 },
});

let server: RunningSmtpServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

async function start(profile: ServerProfile, logs: string[] = [], mailbox?: string) {
  server = await startSmtpServer({ profile, port: 0, log: (l) => logs.push(l), mailbox });
  return server;
}

/** This process's open descriptors: the server's sockets are among them. */
const openFds = () => readdirSync('/proc/self/fd').length;

interface RawClient {
  socket: Socket;
  received: () => string;
  /** Resolves when the text has arrived (or rejects after `ms`). */
  waitFor: (text: string, ms?: number) => Promise<void>;
  closed: Promise<void>;
}

/** A client that closes its side when the server closes (as telnet and most clients do). */
function rawClient(port: number): Promise<RawClient> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let text = '';
    const waiters: Array<() => void> = [];
    socket.on('data', (b) => {
      text += b.toString('latin1');
      for (const w of waiters.splice(0)) w();
    });
    socket.on('error', () => {});
    const closed = new Promise<void>((done) => socket.once('close', () => done()));
    const waitFor = (want: string, ms = 10_000) =>
      new Promise<void>((done, fail) => {
        const timer = setTimeout(
          () => fail(new Error(`no "${want}" in ${JSON.stringify(text)}`)),
          ms,
        );
        const check = () => {
          if (text.includes(want)) {
            clearTimeout(timer);
            done();
          } else waiters.push(check);
        };
        check();
      });
    socket.once('connect', () => resolve({ socket, received: () => text, waitFor, closed }));
    socket.once('error', reject);
  });
}

/** Writes `total` octets of `unit` without buffering more than a few chunks. */
async function pump(socket: Socket, unit: string, total: number): Promise<void> {
  const chunk = Buffer.from(unit.repeat(Math.ceil(65536 / unit.length)), 'latin1');
  for (let sent = 0; sent < total; sent += chunk.length) {
    const piece = sent + chunk.length <= total ? chunk : chunk.subarray(0, total - sent);
    if (!socket.write(piece)) await new Promise((r) => socket.once('drain', r));
  }
}

const within = (ms: number, p: Promise<void>) =>
  Promise.race([
    p,
    new Promise<void>((_, fail) => setTimeout(() => fail(new Error(`not within ${ms} ms`)), ms)),
  ]);

describe('a TLS handshake that never comes', () => {
  it(
    'after STARTTLS: smtpd_starttls_timeout closes the socket, and no descriptor is left',
    { timeout: 15_000 },
    async () => {
      const logs: string[] = [];
      const { port } = await start(quick(mxProfile), logs);
      const baseline = openFds();
      const clients = await Promise.all(Array.from({ length: 20 }, () => rawClient(port)));
      for (const c of clients) c.socket.write('EHLO client.example.net\r\nSTARTTLS\r\n');
      await Promise.all(clients.map((c) => c.waitFor('220 2.0.0 Ready to start TLS')));
      // The clients stay, silent: the server must be the one to close.
      await within(
        5000,
        Promise.all(clients.map((c) => c.closed)).then(() => {}),
      );
      expect(logs.filter((l) => l.endsWith('127.0.0.1]: Connection timed out'))).toHaveLength(20);
      expect(clients.every((c) => c.received().endsWith('220 2.0.0 Ready to start TLS\r\n'))).toBe(
        true,
      );
      await new Promise((r) => setTimeout(r, 100));
      expect(openFds()).toBeLessThanOrEqual(baseline);
    },
  );

  it(
    'on the implicit-TLS port (465): the same, without a byte from the client',
    { timeout: 15_000 },
    async () => {
      const { port } = await start(quick(submissionsProfile));
      const baseline = openFds();
      const clients = await Promise.all(Array.from({ length: 10 }, () => rawClient(port)));
      await within(
        5000,
        Promise.all(clients.map((c) => c.closed)).then(() => {}),
      );
      await new Promise((r) => setTimeout(r, 100));
      expect(openFds()).toBeLessThanOrEqual(baseline);
    },
  );
});

describe('bodies past message_size_limit', () => {
  const envelope =
    'EHLO client.example.net\r\nMAIL FROM:<alice@example.net>\r\nRCPT TO:<bob@example.org>\r\n';

  it('DATA without SIZE, 60 times the limit: 552, flat memory, and the session goes on', async () => {
    const { port } = await start(quick(mxProfile));
    const c = await rawClient(port);
    c.socket.write(`${envelope}DATA\r\n`);
    await c.waitFor('354 End data');
    const heapBefore = process.memoryUsage().heapUsed;
    await pump(c.socket, `${'x'.repeat(998)}\r\n`, 60 * LIMIT);
    c.socket.write('\r\n.\r\nNOOP\r\n');
    await c.waitFor('552 5.3.4 Error: message file too big');
    await c.waitFor('250 2.0.0 Ok');
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(20 * LIMIT);
    c.socket.end('QUIT\r\n');
  }, 60_000);

  it('one BDAT chunk of 60 times the limit: read and dropped with 552 5.3.4', async () => {
    const { port } = await start(quick(mxProfile));
    const c = await rawClient(port);
    c.socket.write(envelope);
    await c.waitFor('250 2.1.5 Ok');
    c.socket.write(`BDAT ${60 * LIMIT} LAST\r\n`);
    await pump(c.socket, 'y', 60 * LIMIT);
    c.socket.write('NOOP\r\n');
    await c.waitFor('552 5.3.4 Chunk exceeds message size limit');
    await c.waitFor('250 2.0.0 Ok');
    // and a new client is served as ever
    const next = await rawClient(port);
    await next.waitFor('220 mx.example.org ESMTP');
    next.socket.end('QUIT\r\n');
    c.socket.end('QUIT\r\n');
  }, 60_000);
});

describe('8-bit bodies', () => {
  it('are stored in --mailbox byte for byte, UTF-8 or not', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'port25-8bit-'));
    try {
      const mailbox = path.join(dir, 'bob.mbox');
      const { port } = await start(quick(mxProfile), [], mailbox);
      const c = await rawClient(port);
      const utf8 = Buffer.from('Gr\u00fc\u00dfe caf\u00e9', 'utf8');
      const latin1 = Buffer.from([0x47, 0x72, 0xfc, 0xdf, 0x65, 0x20, 0xff, 0x80]);
      c.socket.write(
        'EHLO client.example.net\r\nMAIL FROM:<alice@example.net> BODY=8BITMIME\r\n' +
          'RCPT TO:<bob@example.org>\r\nDATA\r\n',
      );
      await c.waitFor('354 End data');
      c.socket.write(
        Buffer.concat([
          Buffer.from('Subject: 8-bit\r\n\r\n'),
          utf8,
          Buffer.from('\r\n'),
          latin1,
          Buffer.from('\r\n.\r\n'),
        ]),
      );
      await c.waitFor('250 2.0.0 Ok: queued as');
      c.socket.end('QUIT\r\n');
      await c.closed;
      for (
        let i = 0;
        i < 50 && !(existsSync(mailbox) && readFileSync(mailbox).includes(latin1));
        i++
      )
        await new Promise((r) => setTimeout(r, 20));
      const stored = readFileSync(mailbox);
      expect(
        stored.includes(Buffer.concat([utf8, Buffer.from('\n'), latin1, Buffer.from('\n')])),
      ).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('talk before the banner', () => {
  /** Connects and sends at once, before any byte of the banner could have been read. */
  async function eager(port: number) {
    const c = await rawClient(port);
    c.socket.write('EHLO client.example.net\r\n');
    return c;
  }

  it('mx-hardened refuses it with 554 5.5.0 and no banner, as the real Postfix does', async () => {
    const logs: string[] = [];
    const { port } = await start(mxHardenedProfile, logs);
    const c = await eager(port);
    await within(3000, c.closed);
    expect(c.received()).toBe('554 5.5.0 Error: SMTP protocol synchronization\r\n');
    expect(
      logs.some((l) =>
        l.endsWith(
          'improper command pipelining after CONNECT from localhost[127.0.0.1]: EHLO client.example.net\\r\\n',
        ),
      ),
    ).toBe(true);
  });

  it('mx only logs it, and answers the banner and the EHLO', async () => {
    const logs: string[] = [];
    const { port } = await start(mxProfile, logs);
    const c = await eager(port);
    await c.waitFor('250 CHUNKING');
    expect(c.received().startsWith('220 mx.example.org ESMTP\r\n250-mx.example.org')).toBe(true);
    expect(logs.some((l) => l.includes('improper command pipelining after CONNECT'))).toBe(true);
    c.socket.end('QUIT\r\n');
  });

  it('a client that waits for the banner is not flagged', async () => {
    const logs: string[] = [];
    const { port } = await start(mxHardenedProfile, logs);
    const c = await rawClient(port);
    await c.waitFor('220 mx.example.org ESMTP');
    c.socket.write('EHLO client.example.net\r\n');
    await c.waitFor('250 CHUNKING');
    expect(logs.some((l) => l.includes('improper command pipelining'))).toBe(false);
    c.socket.end('QUIT\r\n');
  });
});

describe('the TLS log line, and a handshake cut short', () => {
  /** STARTTLS, then a Node TLS client with the given options; returns the server's log. */
  async function handshake(options: import('node:tls').ConnectionOptions) {
    const { connect: tlsConnect } = await import('node:tls');
    const logs: string[] = [];
    const { port } = await start(mxProfile, logs);
    const c = await rawClient(port);
    await c.waitFor('220 mx.example.org ESMTP');
    c.socket.write('EHLO client.example.net\r\n');
    await c.waitFor('250 CHUNKING');
    c.socket.write('STARTTLS\r\n');
    await c.waitFor('220 2.0.0 Ready to start TLS');
    c.socket.removeAllListeners('data');
    const secure = tlsConnect({ socket: c.socket, rejectUnauthorized: false, ...options });
    await new Promise((r) => secure.once('secureConnect', r));
    secure.resume();
    const closed = new Promise((r) => secure.once('close', r));
    secure.end('QUIT\r\n');
    await closed;
    return logs.find((l) => l.includes('TLS connection established'))!.replace(/.*: TLSv/, 'TLSv');
  }

  it.each([
    [
      {},
      'TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits) key-exchange X25519 server-signature RSA-PSS (2048 bits) server-digest SHA256',
    ],
    [
      { ecdhCurve: 'P-256' },
      'TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits) key-exchange ECDHE (prime256v1) server-signature RSA-PSS (2048 bits) server-digest SHA256',
    ],
    [
      { maxVersion: 'TLSv1.2' as const },
      // the client's preference, as Postfix takes it (tls_preempt_cipherlist = no)
      'TLSv1.2 with cipher ECDHE-RSA-AES128-GCM-SHA256 (128/128 bits)',
    ],
  ])('names what was negotiated, as Postfix does (%j)', async (options, expected) => {
    expect(await handshake(options)).toBe(expected);
  });

  it('a reset mid-handshake is "SSL_accept error ...: Connection reset by peer"', async () => {
    const logs: string[] = [];
    const { port } = await start(mxProfile, logs);
    const c = await rawClient(port);
    await c.waitFor('220 mx.example.org ESMTP');
    c.socket.write('EHLO client.example.net\r\nSTARTTLS\r\n');
    await c.waitFor('220 2.0.0 Ready to start TLS');
    c.socket.write(Buffer.from([0x16, 0x03, 0x01, 0x00, 0xc8, 0x01])); // a ClientHello begun
    await new Promise((r) => setTimeout(r, 50));
    c.socket.resetAndDestroy();
    for (let i = 0; i < 50 && !logs.some((l) => l.includes('disconnect from')); i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(
      logs
        .filter((l) => /SSL_accept|lost connection/.test(l))
        .map((l) => l.replace(/^.*?smtpd\[\d+\]: /, '')),
    ).toEqual([
      'SSL_accept error from localhost[127.0.0.1]: Connection reset by peer',
      'lost connection after STARTTLS from localhost[127.0.0.1]',
    ]);
  });
});
