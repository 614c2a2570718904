// Real SMTP clients over loopback against the TCP adapter: nodemailer always; Python's
// smtplib and swaks when installed. Replies are the recorded Postfix ones (shared/fidelity).
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../tools/fidelity/paths.ts';
import { startReferenceServers, type ReferenceServers } from './reference-servers.ts';

const run = promisify(execFile);
const QUEUED = /^250 2\.0\.0 Ok: queued as [0-9A-F]{10,11}$/;
const RELAY_DENIED = '554 5.7.1 <carol@example.com>: Relay access denied';
const ALICE = { user: 'alice@example.net', pass: 's3cret' };

let servers: ReferenceServers;
const port = (recordedPort: number) => servers.target('127.0.0.1', recordedPort).port;
const deliveredTo = (rcpt: string) => servers.delivered.filter((m) => m.recipients.includes(rcpt));

beforeAll(async () => {
  servers = await startReferenceServers();
});
afterAll(() => servers?.close());

/** Exit code and output of a command that may fail; never blocks the event loop (the
 * servers live in this process). */
async function runTool(file: string, args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(file, args, { timeout: 20_000 });
    return { code: 0, out: stdout + stderr };
  } catch (e) {
    const err = e as { code?: number | string; stdout?: string; stderr?: string };
    if (typeof err.code !== 'number') throw e;
    return { code: err.code, out: `${err.stdout ?? ''}${err.stderr ?? ''}` };
  }
}

async function installed(tool: string, args: string[]): Promise<boolean> {
  return run(tool, args, { timeout: 10_000 }).then(
    () => true,
    () => false,
  );
}
const hasPython = await installed('python3', ['--version']);
const hasSwaks = await installed('swaks', ['--version']);

/** A nodemailer transport to one of the reference servers, greeting as client.example.net. */
function mailer(referencePort: number, options: SMTPTransport.Options) {
  return nodemailer.createTransport({
    host: '127.0.0.1',
    port: port(referencePort),
    name: 'client.example.net',
    ...options,
  });
}

describe('nodemailer', () => {
  const message = {
    from: 'alice@example.net',
    subject: 'nodemailer test',
    text: 'Hello from nodemailer.',
  };

  it('delivers to bob@example.org on the MX', async () => {
    const before = deliveredTo('bob@example.org').length;
    const transport = mailer(25, {
      secure: false,
      ignoreTLS: true,
    });
    const info = await transport.sendMail({ ...message, to: 'bob@example.org' });
    expect(info.accepted).toEqual(['bob@example.org']);
    expect(info.response).toMatch(QUEUED);
    const mail = deliveredTo('bob@example.org');
    expect(mail.length).toBe(before + 1);
    expect(mail.at(-1)!.content).toContain('Subject: nodemailer test');
  });

  it('delivers over STARTTLS on the MX (smtpd_tls_security_level=may)', async () => {
    const transport = mailer(25, {
      secure: false,
      requireTLS: true,
      tls: { rejectUnauthorized: false }, // the lab's self-signed test certificate
    });
    const info = await transport.sendMail({ ...message, to: 'bob@example.org' });
    expect(info.response).toMatch(QUEUED);
  });

  it('is refused a relay to carol@example.com on the MX', async () => {
    const transport = mailer(25, {
      secure: false,
      ignoreTLS: true,
    });
    const failure = await transport
      .sendMail({ ...message, to: 'carol@example.com' })
      .catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: 'EENVELOPE', responseCode: 554, response: RELAY_DENIED });
  });

  it('submits with STARTTLS + AUTH on submission, relaying to carol@example.com', async () => {
    const transport = mailer(587, {
      secure: false,
      requireTLS: true,
      auth: ALICE,
      tls: { rejectUnauthorized: false },
    });
    const info = await transport.sendMail({
      ...message,
      to: ['carol@example.com', 'bob@example.org'],
    });
    expect(info.accepted).toEqual(['carol@example.com', 'bob@example.org']);
    expect(info.response).toMatch(QUEUED);
  });

  it('submits over implicit TLS on submissions (465)', async () => {
    const transport = mailer(465, {
      secure: true,
      auth: ALICE,
      tls: { rejectUnauthorized: false },
    });
    const info = await transport.sendMail({ ...message, to: 'carol@example.com' });
    expect(info.response).toMatch(QUEUED);
  });

  it('gets 535 5.7.8 for a wrong password, after the auth failure delay', async () => {
    const transport = mailer(587, {
      secure: false,
      requireTLS: true,
      auth: { user: ALICE.user, pass: 'wrong' },
      tls: { rejectUnauthorized: false },
    });
    const t0 = performance.now();
    const failure = await transport.verify().catch((e: unknown) => e);
    expect(failure).toMatchObject({
      code: 'EAUTH',
      response: '535 5.7.8 Error: authentication failed: (reason unavailable)',
    });
    expect(performance.now() - t0).toBeGreaterThanOrEqual(1500);
  });
});

describe.skipIf(!hasPython)(
  hasPython ? 'python3 smtplib' : 'python3 smtplib (skipped: python3 not found)',
  () => {
    const script = path.join(repoRoot, 'test/tools/smtplib-client.py');
    const smtplib = async (...args: string[]) => {
      const { code, out } = await runTool('python3', [script, ...args]);
      expect(code, out).toBe(0);
      return JSON.parse(out) as Record<string, [number, string]>;
    };

    it('delivers to bob@example.org on the MX', async () => {
      const steps = await smtplib('--port', String(port(25)), '--to', 'bob@example.org');
      expect(steps.rcpt).toEqual([250, '2.1.5 Ok']);
      expect(`${steps.data[0]} ${steps.data[1]}`).toMatch(QUEUED);
      expect(steps.quit).toEqual([221, '2.0.0 Bye']);
    });

    it('is refused a relay to carol@example.com on the MX', async () => {
      const steps = await smtplib('--port', String(port(25)), '--to', 'carol@example.com');
      expect(`${steps.rcpt[0]} ${steps.rcpt[1]}`).toBe(RELAY_DENIED);
    });

    it('submits with STARTTLS + AUTH PLAIN on submission', async () => {
      const steps = await smtplib(
        '--port',
        String(port(587)),
        '--to',
        'carol@example.com',
        '--starttls',
        '--user',
        ALICE.user,
        '--password',
        ALICE.pass,
      );
      expect(steps.starttls).toEqual([220, '2.0.0 Ready to start TLS']);
      expect(steps.auth).toEqual([235, '2.7.0 Authentication successful']);
      expect(`${steps.data[0]} ${steps.data[1]}`).toMatch(QUEUED);
    });
  },
);

describe.skipIf(!hasSwaks)(
  hasSwaks ? 'swaks' : 'swaks (skipped: not installed; apt-get install -y swaks)',
  () => {
    const swaks = (recordedPort: number, ...args: string[]) =>
      runTool('swaks', [
        '--server',
        `127.0.0.1:${port(recordedPort)}`,
        '--from',
        'alice@example.net',
        '--helo',
        'client.example.net',
        ...args,
      ]);

    it('delivers to bob@example.org on the MX (exit 0)', async () => {
      const { code, out } = await swaks(25, '--to', 'bob@example.org');
      expect(code, out).toBe(0);
      expect(out).toMatch(/<- {2}250 2\.0\.0 Ok: queued as [0-9A-F]+/);
    });

    it('is refused a relay to carol@example.com (exit 24)', async () => {
      const { code, out } = await swaks(25, '--to', 'carol@example.com');
      expect(code, out).toBe(24);
      expect(out).toContain(`<** ${RELAY_DENIED}`);
      // smtpd's reject line, worded as in the recorded server-log/postfix.log
      const reject = `NOQUEUE: reject: RCPT from localhost[127.0.0.1]: ${RELAY_DENIED}; from=<alice@example.net> to=<carol@example.com> proto=ESMTP helo=<client.example.net>`;
      expect(
        servers.logLines.some((l) => /postfix\/smtpd\[\d+\]: /.test(l) && l.endsWith(reject)),
      ).toBe(true);
    });

    it('submits with --tls --auth PLAIN on submission (exit 0)', async () => {
      const { code, out } = await swaks(
        587,
        '--to',
        'carol@example.com',
        '--tls',
        '--auth',
        'PLAIN',
        '--auth-user',
        ALICE.user,
        '--auth-password',
        ALICE.pass,
      );
      expect(code, out).toBe(0);
      expect(out).toContain('<~  235 2.7.0 Authentication successful');
    });
  },
);
