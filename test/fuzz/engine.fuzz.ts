// The SMTP engine against hostile clients: any octets, in any chunks, with long lines, bare
// CRs and LFs, control characters, 8-bit bytes, pipelined verbs, DATA and BDAT, on every
// reference profile with small limits so the limits are reached. The session must never
// throw, every reply must be one well-formed SMTP reply (RFC 5321 §4.2), every log line must
// be printable (Postfix's printable() in smtpd_chat.c), and what the session holds must stay
// within line_length_limit and message_size_limit however much is sent.
import fc from 'fast-check';
import { SimulatedClock } from 'xstate';
import { referenceProfiles } from '../../src/engine/smtp/profiles.ts';
import { createServerSession } from '../../src/engine/smtp/session.ts';
import type { ServerProfile } from '../../src/engine/smtp/profile.ts';
import type { SessionEffect } from '../../src/engine/smtp/types.ts';
import { KNOWN_VERBS } from '../../src/engine/smtp/command.ts';
import type { FuzzTarget } from './fuzz-target.ts';

const LINE_LIMIT = 256;
const MESSAGE_LIMIT = 4096;
/** Small limits, so a few hundred octets of fuzz reach them. */
const profiles: ServerProfile[] = Object.values(referenceProfiles).map((p) => ({
  ...p,
  limits: { ...p.limits, lineLength: LINE_LIMIT, messageSize: MESSAGE_LIMIT },
}));

// A reply line may hold a bare CR: Postfix echoes the client's octets in "Unsupported option:
// <\rx" as they came (only log lines go through printable()); a LF never can, it ends the line.
const WELL_FORMED =
  /^(?:(\d{3})-(?:[^\r\n]|\r(?!\n))*\r\n)*(\d{3}) (?:[^\r\n]|\r(?!\n))*\r\n$|^(\d{3}) \r\n$/;
const CONTROL = /[\x00-\x1f\x7f]/;

const VERBS = [...KNOWN_VERBS, 'HELP', 'X'];
const hostileText = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.uint8Array({ maxLength: 30 }).map((b) => String.fromCharCode(...b)),
  fc.constantFrom('<', '>', '[', ']', '"', '(', ')', '\\', '@', ':', '\x1b[2J', '\u00e9', '\r'),
);
const addressish = fc
  .array(fc.oneof(hostileText, fc.constantFrom('bob', 'example.org', 'alice@example.net')), {
    maxLength: 5,
  })
  .map((parts) => parts.join(''));
const command = fc.oneof(
  fc.tuple(fc.constantFrom(...VERBS), hostileText).map(([v, rest]) => `${v} ${rest}`),
  addressish.map((a) => `MAIL FROM:<${a}>`),
  addressish.map((a) => `RCPT TO:<${a}>`),
  fc.nat(MESSAGE_LIMIT * 2).map((n) => `BDAT ${n}`),
  fc.constantFrom('DATA', '.', 'BDAT 5 LAST', 'EHLO x.example', 'RSET', 'STARTTLS', 'AUTH LOGIN'),
  fc.nat(LINE_LIMIT * 3).map((n) => 'x'.repeat(n)),
);
const ending = fc.constantFrom('\r\n', '\r\n', '\n', '\r', '');
const chunk = fc.oneof(
  fc.uint8Array({ maxLength: 120 }).map((b) => String.fromCharCode(...b)),
  fc
    .array(fc.tuple(command, ending), { maxLength: 8 })
    .map((lines) => lines.map(([l, e]) => l + e).join('')),
  fc.nat(MESSAGE_LIMIT * 3).map((n) => 'y'.repeat(n)),
);

function check(profile: ServerProfile, chunks: string[], idleMs: number): void {
  const effects: SessionEffect[] = [];
  const clock = new SimulatedClock();
  const session = createServerSession({ profile, clock, onEffect: (e) => effects.push(e) });
  session.start();
  if (session.phase === 'tlsHandshake') session.tlsEstablished();
  // What a session may hold: a line up to the limit, a message up to the limit, one read.
  const bound = LINE_LIMIT + MESSAGE_LIMIT + Math.max(0, ...chunks.map((c) => c.length));
  for (const octets of chunks) {
    session.receive(octets);
    if (session.phase === 'tlsHandshake') session.tlsEstablished();
    if (session.heldOctets > bound) {
      throw new Error(`held ${session.heldOctets} octets, more than ${bound}`);
    }
  }
  clock.increment(idleMs);
  for (const e of effects) {
    if (e.type === 'reply') {
      if (!WELL_FORMED.test(e.wire)) throw new Error(`malformed reply ${JSON.stringify(e.wire)}`);
      const codes = new Set(e.wire.split('\r\n').flatMap((l) => (l ? [l.slice(0, 3)] : [])));
      if (codes.size !== 1) throw new Error(`mixed codes in ${JSON.stringify(e.wire)}`);
    }
    if (e.type === 'log' && CONTROL.test(e.message)) {
      throw new Error(`control character in log line ${JSON.stringify(e.message)}`);
    }
  }
}

const engine: FuzzTarget = {
  name: 'engine',
  claim:
    'no octets a client sends make a session throw, send a malformed reply, log a control ' +
    'character, or hold more than a line and a message',
  property: () =>
    fc.property(
      fc.nat(profiles.length - 1),
      fc.array(chunk, { maxLength: 16 }),
      fc.nat(400_000),
      (p, chunks, idleMs) => check(profiles[p]!, chunks, idleMs),
    ),
};

export default engine;
