// The socket <-> session bridge on its own, with a scripted stand-in for the engine: ordered
// delayed writes, STARTTLS and implicit TLS upgrades, closes and client hang-ups.
import { connect, createServer, type AddressInfo, type Server } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import { handleConnection } from '../../src/adapters/tcp/connection.ts';
import { testSecureContext } from '../../src/adapters/tcp/tls-context.ts';
import { mxProfile, submissionsProfile } from '../../src/engine/smtp/profiles.ts';
import type { ServerSession, SessionOptions } from '../../src/engine/smtp/session.ts';
import type { SessionEffect, TlsInfo } from '../../src/engine/smtp/types.ts';
import { ClientConnection } from '../tools/fidelity/client-connection.ts';

interface FakeLog {
  events: string[];
  tls?: TlsInfo;
}

/** Answers "<code> <line>" per line; SLOW waits 300 ms; STARTTLS and QUIT act; implicit starts in TLS. */
function fakeSessionFactory(log: FakeLog, implicit = false) {
  return (options: SessionOptions): ServerSession => {
    let buffer = '';
    let closed = false;
    let secure = false;
    const emit = (effect: SessionEffect) => options.onEffect(effect);
    const reply = (line: string, delayMs = 0) =>
      emit({
        type: 'reply',
        reply: { code: 250, enhanced: null, lines: [line] },
        wire: `${line}\r\n`,
        delayMs,
      });
    return {
      start() {
        log.events.push(`start ${options.client?.hostname}[${options.client?.address}]`);
        if (implicit) emit({ type: 'tls.start' });
        else reply('220 fake ESMTP');
      },
      receive(octets) {
        buffer += octets;
        let end;
        while (!closed && (end = buffer.indexOf('\r\n')) >= 0) {
          const line = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (line === 'SLOW') reply('250 slow', 300);
          else if (line === 'CRASH') throw new Error('engine fault');
          else if (line === 'STARTTLS-STALL') {
            // A session that answers and closes while the handshake is still pending.
            reply('220 go ahead');
            emit({ type: 'tls.start' });
            setTimeout(() => {
              reply('421 too late');
              closed = true;
              emit({ type: 'close', reason: 'timeout' });
            }, 100);
          } else if (line === 'STARTTLS') {
            reply('220 go ahead');
            emit({ type: 'tls.start' });
            buffer = ''; // RFC 3207 §5: nothing pipelined after STARTTLS survives
          } else if (line === 'QUIT') {
            reply('221 bye');
            closed = true;
            emit({ type: 'close', reason: 'quit' });
          } else reply(`250 ${line}`);
        }
      },
      tlsEstablished(info) {
        secure = true;
        log.tls = info;
        if (implicit) reply('220 fake ESMTP over TLS');
      },
      tlsFailed(reason) {
        log.events.push(`tlsFailed ${reason ?? ''}`.trim());
        closed = true;
      },
      clientClosed() {
        log.events.push('clientClosed');
        closed = true;
      },
      dispose() {
        log.events.push('dispose');
      },
      get phase() {
        return 'fake';
      },
      get secure() {
        return secure;
      },
      authenticatedAs: null,
      get closed() {
        return closed;
      },
      get heldOctets() {
        return buffer.length;
      },
    };
  };
}

let server: Server | undefined;
afterEach(
  () => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())),
);

async function listen(log: FakeLog, implicit = false, onLog = (_: string) => {}): Promise<number> {
  server = createServer({ allowHalfOpen: true }, (socket) =>
    handleConnection(socket, {
      profile: implicit ? submissionsProfile : mxProfile,
      createSession: fakeSessionFactory(log, implicit),
      secureContext: testSecureContext(),
      onLog,
      onDeliver: () => {},
    }),
  );
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

const waitFor = async (check: () => boolean) => {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
};

describe('connection handler', () => {
  it('keeps replies in order behind a delayed one', async () => {
    const log: FakeLog = { events: [] };
    const client = await ClientConnection.open('127.0.0.1', await listen(log), 5000);
    const [banner] = await client.readReply();
    expect(banner?.lines).toEqual(['220 fake ESMTP']);
    expect(log.events[0]).toBe('start localhost[127.0.0.1]');
    await client.send(Buffer.from('SLOW\r\nFAST\r\n'));
    const [slow] = await client.readReply();
    const [fast] = await client.readReply();
    expect(slow?.lines).toEqual(['250 slow']);
    expect(slow!.elapsed_ms).toBeGreaterThanOrEqual(250);
    expect(fast?.lines).toEqual(['250 FAST']);
    client.close();
  });

  it('upgrades to TLS after the STARTTLS reply and reports the handshake', async () => {
    const log: FakeLog = { events: [] };
    const client = await ClientConnection.open('127.0.0.1', await listen(log), 5000);
    await client.readReply();
    await client.send(Buffer.from('STARTTLS\r\n'));
    expect((await client.readReply())[0]?.lines).toEqual(['220 go ahead']);
    const tls = await client.startTls();
    expect(tls.version).toBe('TLSv1.3');
    await client.send(Buffer.from('NOOP\r\n'));
    expect((await client.readReply())[0]?.lines).toEqual(['250 NOOP']);
    expect(log.tls).toMatchObject({ protocol: 'TLSv1.3', bits: expect.any(Number) });
    client.close();
  });

  it('starts in TLS for implicit-TLS sessions (port 465)', async () => {
    const log: FakeLog = { events: [] };
    const client = await ClientConnection.open('127.0.0.1', await listen(log, true), 5000);
    await client.startTls();
    expect((await client.readReply())[0]?.lines).toEqual(['220 fake ESMTP over TLS']);
    client.close();
  });

  it('closes after the last reply is written', async () => {
    const log: FakeLog = { events: [] };
    const client = await ClientConnection.open('127.0.0.1', await listen(log), 5000);
    await client.readReply();
    await client.send(Buffer.from('SLOW\r\nQUIT\r\n'));
    expect((await client.readReply())[0]?.lines).toEqual(['250 slow']);
    expect((await client.readReply())[0]?.lines).toEqual(['221 bye']);
    expect(await client.pollEof(1000)).toBe(true);
    await waitFor(() => log.events.includes('dispose'));
    expect(log.events).toContain('dispose');
  });

  it('tells the session when the client hangs up', async () => {
    const log: FakeLog = { events: [] };
    const client = await ClientConnection.open('127.0.0.1', await listen(log), 5000);
    await client.readReply();
    client.close();
    await waitFor(() => log.events.includes('dispose'));
    expect(log.events.slice(1)).toEqual(['clientClosed', 'dispose']);
  });

  it('resets a client that talks plaintext where the TLS handshake belongs', async () => {
    const log: FakeLog = { events: [] };
    const client = await ClientConnection.open('127.0.0.1', await listen(log), 5000);
    await client.readReply();
    await client.send(Buffer.from('STARTTLS\r\n'));
    await client.readReply();
    await client.send(Buffer.from('QUIT\r\n'));
    const [reply, event] = await client.readReply();
    expect(reply).toBeNull();
    expect(event).toMatch(/^error: ECONNRESET/); // Postfix's reset, seen by the client (m046b)
    await waitFor(() => log.events.includes('dispose'));
    // The session hears OpenSSL's reason, to log it as Postfix does.
    expect(log.events.find((e) => e.startsWith('tlsFailed'))).toMatch(/wrong version number/);
  });

  it('closes a session that ends mid-handshake, dropping what it said meanwhile', async () => {
    const log: FakeLog = { events: [] };
    const client = await ClientConnection.open('127.0.0.1', await listen(log), 5000);
    await client.readReply();
    await client.send(Buffer.from('STARTTLS-STALL\r\n'));
    expect((await client.readReply())[0]?.lines).toEqual(['220 go ahead']);
    // No 421 in plaintext where TLS records belong, and no socket left open (issue 11).
    expect(await client.pollEof(2000)).toBe(true);
    await waitFor(() => log.events.includes('dispose'));
    expect(log.events).toContain('dispose');
  });

  it('an engine fault ends that session only: logged, cut off, the next client served', async () => {
    const log: FakeLog = { events: [] };
    const logged: string[] = [];
    const port = await listen(log, false, (line) => logged.push(line));
    const client = await ClientConnection.open('127.0.0.1', port, 5000);
    await client.readReply();
    await client.send(Buffer.from('CRASH\r\n'));
    const [reply, event] = await client.readReply();
    expect(reply).toBeNull();
    expect(event).toMatch(/^(eof|error: ECONNRESET)/);
    expect(logged).toEqual(['panic: session ended by an internal error: engine fault']);
    const next = await ClientConnection.open('127.0.0.1', port, 5000);
    expect((await next.readReply())[0]?.lines).toEqual(['220 fake ESMTP']);
    next.close();
  });

  it('drops the connection on a TLS record error after the handshake', async () => {
    const log: FakeLog = { events: [] };
    const raw = connect(await listen(log, true), '127.0.0.1');
    const secure = tlsConnect({ socket: raw, rejectUnauthorized: false });
    secure.on('error', () => {}); // the server's alert, expected
    await new Promise((resolve) => secure.once('data', resolve)); // the banner, read
    raw.write('GARBAGE NOT TLS\r\n\r\n\r\n'); // straight onto TCP, under the TLS layer
    await waitFor(() => log.events.includes('dispose'));
    expect(log.events).toContain('clientClosed');
    secure.destroy();
  });
});
