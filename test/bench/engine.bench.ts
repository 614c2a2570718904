// Engine benchmarks: full sessions per second on one core, and heap per idle session.
// Not a test: `npm run bench` prints the figures and writes bench-results/engine.json.
import { createServerSession } from '../../src/engine/smtp/session.ts';
import { mxProfile } from '../../src/engine/smtp/profiles.ts';
import type { ServerSession } from '../../src/engine/smtp/session.ts';

const BODY = `Subject: bench\r\n\r\n${'x'.repeat(76)}\r\n`.repeat(13).slice(0, 1024) + '\r\n.\r\n';
const SCRIPT = [
  'EHLO client.example.net\r\n',
  'MAIL FROM:<alice@example.net>\r\n',
  'RCPT TO:<bob@example.org>\r\n',
  'DATA\r\n',
  BODY,
  'QUIT\r\n',
];
const noop = () => {};
const fixedDate = new Date(0);

function fullSession(): void {
  let replies = 0;
  const session = createServerSession({
    profile: mxProfile,
    onEffect: (e) => {
      if (e.type === 'reply') replies++;
    },
    now: () => fixedDate,
  });
  session.start();
  for (const chunk of SCRIPT) session.receive(chunk);
  if (replies !== 7 || !session.closed)
    throw new Error(`session ended badly after ${replies} replies`);
  session.dispose();
}

export interface Figure {
  name: string;
  value: number;
  unit: string;
  target: string;
  met: boolean;
}

/** Sessions per second, best of `rounds` timed windows after a warm-up. */
export function sessionsPerSecond(windowMs = 1000, rounds = 5): Figure {
  for (let i = 0; i < 2000; i++) fullSession();
  let best = 0;
  for (let r = 0; r < rounds; r++) {
    let n = 0;
    const start = performance.now();
    while (performance.now() - start < windowMs) {
      for (let i = 0; i < 100; i++) fullSession();
      n += 100;
    }
    best = Math.max(best, (n * 1000) / (performance.now() - start));
  }
  const value = Math.round(best);
  return {
    name: 'full sessions per second (banner, EHLO, MAIL, RCPT, DATA 1 KB, QUIT)',
    value,
    unit: 'sessions/s',
    target: '>= 20000',
    met: value >= 20_000,
  };
}

/** Heap per idle session with `count` sessions open after EHLO (needs node --expose-gc). */
export function bytesPerIdleSession(count = 10_000): Figure {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc');
  gc();
  const before = process.memoryUsage().heapUsed;
  const sessions: ServerSession[] = [];
  for (let i = 0; i < count; i++) {
    const session = createServerSession({ profile: mxProfile, onEffect: noop });
    session.start();
    session.receive('EHLO client.example.net\r\n');
    sessions.push(session);
  }
  gc();
  const after = process.memoryUsage().heapUsed;
  for (const session of sessions) session.dispose();
  const value = Math.round((after - before) / count);
  return {
    name: `heap per idle session (${count} open after EHLO)`,
    value,
    unit: 'bytes',
    target: '<= 10240',
    met: value <= 10_240,
  };
}

/** Time from a typed line to its reply effect, p99 over many commands (the engine's share of
 * the 16 ms Enter-to-screen budget). */
export function replyLatency(samples = 20_000): Figure {
  const times: number[] = [];
  const session = createServerSession({ profile: mxProfile, onEffect: noop });
  session.start();
  session.receive('EHLO client.example.net\r\n');
  const lines = ['MAIL FROM:<alice@example.net>\r\n', 'RCPT TO:<bob@example.org>\r\n', 'RSET\r\n'];
  for (let i = 0; i < samples; i++) {
    const t = performance.now();
    session.receive(lines[i % 3]!);
    times.push(performance.now() - t);
  }
  session.dispose();
  times.sort((a, b) => a - b);
  const value = Math.round(times[Math.floor(samples * 0.99)]! * 1000) / 1000;
  return {
    name: 'command to reply, p99 (engine only)',
    value,
    unit: 'ms',
    target: '<= 16',
    met: value <= 16,
  };
}
