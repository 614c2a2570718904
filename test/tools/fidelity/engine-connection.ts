// Replays a fidelity case script against the engine itself, in virtual time: the same
// client semantics as capture.py (one reply read per line, server-close detection before
// each line), but replies become "readable" at the virtual instant the engine's delays
// (smtpd_error_sleep_time, SASL failure delay) and timers (smtpd_timeout) put them.
import { SimulatedClock } from 'xstate';
import { createServerSession } from '../../../src/engine/smtp/session.ts';
import type { ServerProfile } from '../../../src/engine/smtp/profile.ts';
import type { Reply } from '../../../src/engine/smtp/types.ts';
import { formatReply } from '../../../src/engine/smtp/reply.ts';
import type { CaseSpec } from './case-spec.ts';
import { decodeUtf8Backslash, parseBytesLiteral } from './python-bytes.ts';
import type { ComparableCase, ComparableReply } from './compare-case.ts';

interface Timed<T> {
  at: number;
  item: T;
}

const ENHANCED = /^([245]\.\d{1,3}\.\d{1,3})(?: |$)/;

function comparable(reply: Reply): ComparableReply {
  const wire = decodeUtf8Backslash(Buffer.from(formatReply(reply), 'latin1'));
  const lines = wire.split('\r\n').slice(0, -1);
  const text = lines[0]!.slice(4);
  return { code: reply.code, enhanced: ENHANCED.exec(text)?.[1] ?? null, lines };
}

export function replayOnEngine(
  spec: CaseSpec,
  profile: ServerProfile,
): ComparableCase & { reply_codes: string[] } {
  const clock = new SimulatedClock();
  const replies: Timed<ComparableReply>[] = [];
  let closedAt = Infinity;
  let tlsRequested = false;
  let serverTime = 0;
  const session = createServerSession({
    profile,
    clock,
    nextQueueId: () => '0123456789A',
    onEffect: (effect) => {
      if (effect.type === 'reply') {
        serverTime = Math.max(serverTime, clock.now()) + effect.delayMs;
        replies.push({ at: serverTime, item: comparable(effect.reply) });
      } else if (effect.type === 'close') {
        closedAt = Math.max(serverTime, clock.now());
      } else if (effect.type === 'tls.start') {
        tlsRequested = true;
      }
    },
  });
  const timeoutMs = spec.meta.timeout * 1000;
  const steps: { replies: ComparableReply[] }[] = [];
  const advanceTo = (t: number) => {
    if (t > clock.now()) clock.increment(t - clock.now());
  };
  /** Read one reply: wait (virtually) until one is readable, the server closes, or timeout. */
  const readReply = (): ComparableReply | null => {
    const deadline = clock.now() + timeoutMs;
    for (;;) {
      const next = replies[0];
      if (next && next.at <= deadline) {
        advanceTo(next.at);
        replies.shift();
        return next.item;
      }
      if (closedAt <= deadline) return null;
      // Let timers due before the deadline fire, then look again.
      const before = replies.length;
      advanceTo(deadline);
      if (replies.length === before && closedAt === Infinity) return null;
    }
  };
  const serverClosedNow = () => replies.length === 0 && closedAt <= clock.now();
  const send = (octets: string) => session.receive(octets);
  const line = (text: string) => Buffer.from(`${text}\r\n`, 'utf8').toString('latin1');
  let closedBy: 'server' | 'client' | null = null;
  let started = false;
  const one = (step: { replies: ComparableReply[] }) => {
    const r = readReply();
    if (r) step.replies.push(r);
    else if (closedAt <= clock.now()) closedBy = 'server';
  };

  const script = spec.script.filter((l) => !l.startsWith('#'));
  const connect = { replies: [] as ComparableReply[] };
  steps.push(connect);
  const talkFirst = script.length > 0 && /^@(SEND|NOREAD) /.test(script[0]!);
  if (spec.meta.tls === 'implicit' && !profile.tls.implicit) {
    // A TLS ClientHello meets a plaintext banner: the client's handshake fails.
    closedBy = 'client';
  } else {
    if (!talkFirst) {
      session.start();
      started = true;
      if (tlsRequested && spec.meta.tls === 'implicit') session.tlsEstablished();
      if (!tlsRequested || spec.meta.tls === 'implicit') one(connect);
    }
  }
  let i = 0;
  while (i < script.length && closedBy === null) {
    const ln = script[i]!;
    if (!/^@(READ|WAIT|CLOSE)/.test(ln) && serverClosedNow()) {
      closedBy = 'server';
      break;
    }
    i++;
    const step = { replies: [] as ComparableReply[] };
    if (ln === '@BODY' || ln === '@PIPELINE') {
      const block: string[] = [];
      while (i < script.length && script[i] !== '@END') block.push(script[i++]!);
      i++;
      send(block.map(line).join(''));
      const n = ln === '@BODY' ? 1 : block.length;
      for (let k = 0; k < n && closedBy === null; k++) one(step);
    } else if (ln === '@STARTTLS') {
      if (!tlsRequested) closedBy = 'client';
      else session.tlsEstablished();
      tlsRequested = false;
    } else if (ln.startsWith('@SENDREP ')) {
      // fidelity-extended's capture.py: "@SENDREP <n> b'...'" sends the bytes n times, reads nothing.
      const m = /^@SENDREP (\d+) (.*)$/.exec(ln)!;
      send(parseBytesLiteral(m[2]!).toString('latin1').repeat(Number(m[1])));
    } else if (ln.startsWith('@RAW ') || ln.startsWith('@SEND ')) {
      send(parseBytesLiteral(ln.slice(ln.indexOf(' ') + 1)).toString('latin1'));
      if (ln.startsWith('@RAW')) one(step);
    } else if (ln.startsWith('@NOREAD ')) {
      send(line(ln.slice(8)));
    } else if (ln === '@READ') {
      if (!started) session.start(); // a client that talked before the banner reads it now
      started = true;
      one(step);
    } else if (ln.startsWith('@READALL')) {
      const quiet = Number.parseFloat(ln.split(/\s+/)[1] ?? '3') * 1000;
      advanceTo(clock.now() + quiet);
      while (replies.length && replies[0]!.at <= clock.now()) replies.shift();
    } else if (ln.startsWith('@WAIT ')) {
      advanceTo(clock.now() + Number.parseFloat(ln.split(/\s+/)[1]!) * 1000);
    } else if (ln === '@CLOSE') {
      session.clientClosed();
      closedBy = 'client';
    } else {
      if (tlsRequested && spec.meta.tls !== 'implicit') {
        // Plaintext after "220 Ready to start TLS": the server resets the connection.
        send(line(ln));
        closedBy = 'server';
      } else {
        send(line(ln));
        one(step);
      }
    }
    steps.push(step);
  }
  if (closedBy === null) {
    advanceTo(clock.now() + 3000);
    closedBy = closedAt <= clock.now() ? 'server' : 'client';
  }
  session.dispose();
  const all = steps.flatMap((s) => s.replies);
  return {
    steps,
    end: { closed_by: closedBy },
    reply_codes: all.map((r) => `${r.code}${r.enhanced ? ` ${r.enhanced}` : ''}`),
  };
}
