// Properties that hold for any input, checked with fast-check on every reference profile:
// nothing throws, every reply is well formed, one reply per command line, and
// dot-stuffing round-trips through DATA.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SimulatedClock } from 'xstate';
import { createServerSession } from '../../src/engine/smtp/session.ts';
import { referenceProfiles, mxProfile } from '../../src/engine/smtp/profiles.ts';
import type { SessionEffect } from '../../src/engine/smtp/types.ts';
import { converse } from '../tools/converse.ts';
import { KNOWN_VERBS } from '../../src/engine/smtp/command.ts';

const profiles = Object.values(referenceProfiles);

function open(profileIndex: number) {
  const effects: SessionEffect[] = [];
  const clock = new SimulatedClock();
  const session = createServerSession({
    profile: profiles[profileIndex]!,
    clock,
    onEffect: (e) => effects.push(e),
  });
  session.start();
  if (session.phase === 'tlsHandshake') session.tlsEstablished();
  return {
    session,
    clock,
    effects,
    wires: () => effects.flatMap((e) => (e.type === 'reply' ? [e.wire] : [])),
  };
}

const VERBS = [...KNOWN_VERBS, 'HELP', 'FOO'];
const smtpishLine = fc.oneof(
  fc
    .tuple(fc.constantFrom(...VERBS), fc.string({ maxLength: 40 }))
    .map(([v, rest]) => `${v} ${rest}`),
  fc.constantFrom(
    'MAIL FROM:<alice@example.net>',
    'RCPT TO:<bob@example.org>',
    'RCPT TO:<carol@example.com>',
    'DATA',
    '.',
    'EHLO x.example',
    'AUTH PLAIN AGFsaWNlQGV4YW1wbGUubmV0AHMzY3JldA==',
  ),
  fc.string({ maxLength: 60 }),
);
/** Raw octets in arbitrary chunks: anything a socket can deliver. */
const octetChunks = fc.array(
  fc.oneof(
    fc.uint8Array({ maxLength: 80 }).map((bytes) => String.fromCharCode(...bytes)),
    fc.array(smtpishLine, { maxLength: 6 }).map((lines) => lines.map((l) => `${l}\r\n`).join('')),
  ),
  { maxLength: 12 },
);

// A reply line may hold a bare CR: Postfix echoes the client's octets in "Unsupported option:
// <\rx" as they came (only log lines go through printable()); a LF never can, it ends the line.
const WELL_FORMED =
  /^(?:(\d{3})-(?:[^\r\n]|\r(?!\n))*\r\n)*(\d{3}) (?:[^\r\n]|\r(?!\n))*\r\n$|^(\d{3}) \r\n$/;

describe('any input', () => {
  it('never throws, and every reply is well formed (ddd-... continuations, ddd last)', () => {
    fc.assert(
      fc.property(
        fc.nat(profiles.length - 1),
        octetChunks,
        fc.nat(400_000),
        (p, chunks, idleMs) => {
          const { session, clock, wires } = open(p);
          for (const chunk of chunks) session.receive(chunk);
          clock.increment(idleMs); // smtpd_timeout may fire: its 421 must be well formed too
          for (const wire of wires()) {
            expect(wire).toMatch(WELL_FORMED);
            const codes = new Set(
              wire
                .split('\r\n')
                .slice(0, -1)
                .map((l) => l.slice(0, 3)),
            );
            expect(codes.size).toBe(1);
          }
          session.clientClosed();
          session.dispose();
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe('one reply per command line', () => {
  // Commands that keep the dialogue in command mode and never end the session.
  const commandLine = fc.oneof(
    fc.constantFrom(
      'EHLO client.example.net',
      'HELO client.example.net',
      'MAIL FROM:<alice@example.net>',
      'RCPT TO:<bob@example.org>',
      'RCPT TO:<carol@example.com>',
      'RSET',
      'NOOP',
      'VRFY bob',
      'ETRN example.org',
      'HELP',
      'MAIL FROM:<bad',
      '',
    ),
    fc
      .tuple(
        fc.constantFrom('NOOP', 'RSET', 'VRFY', 'MAIL', 'RCPT', 'XYZZY'),
        fc.stringMatching(/^[ -~]{0,30}$/),
      )
      .map(([v, a]) => `${v} ${a}`),
  );
  it('answers each line exactly once, in order, however the octets are chunked (mx)', () => {
    fc.assert(
      fc.property(
        fc.array(commandLine, { maxLength: 15 }),
        fc.array(fc.nat(40), { maxLength: 10 }),
        (lines, cuts) => {
          const { session, wires } = open(profiles.indexOf(mxProfile));
          const octets = lines.map((l) => `${l}\r\n`).join('');
          const positions = [
            0,
            ...cuts.map((c) => c % (octets.length + 1)).sort((a, b) => a - b),
            octets.length,
          ];
          for (let i = 1; i < positions.length; i++)
            session.receive(octets.slice(positions[i - 1], positions[i]));
          expect(wires().length - 1).toBe(lines.length); // minus the banner
          session.dispose();
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('DATA', () => {
  it('round-trips dot-stuffing: the delivered body is the lines before stuffing', () => {
    const bodyLine = fc.stringMatching(/^[ -~]{0,40}$/);
    fc.assert(
      fc.property(
        fc.array(fc.oneof(bodyLine, fc.constantFrom('.', '..', '.x', 'From me', '')), {
          minLength: 1,
          maxLength: 20,
        }),
        (lines) => {
          const stuffed = lines.map((l) => (l.startsWith('.') ? `.${l}` : l));
          const c = converse(
            mxProfile,
            'EHLO client.example.net',
            'MAIL FROM:<alice@example.net>',
            'RCPT TO:<bob@example.org>',
            'DATA',
          );
          c.session.receive(`Subject: p\r\n\r\n${stuffed.map((l) => `${l}\r\n`).join('')}.\r\n`);
          const delivered = c.effects.find((e) => e.type === 'deliver');
          if (delivered?.type !== 'deliver') throw new Error('not delivered');
          const body = delivered.message.content.split('\n\n').slice(1).join('\n\n');
          const mbox = lines.map((l) => l.replace(/^From /, '>From ')).join('\n');
          expect(body).toBe(`${mbox}\n\n`);
        },
      ),
      { numRuns: 300 },
    );
  });
});
