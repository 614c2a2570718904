// Memory per session stays bounded whatever the client sends (issue 11): body octets past
// message_size_limit are counted, not kept (DATA and BDAT), and Postfix's replies come.
import { describe, expect, it } from 'vitest';
import { SimulatedClock } from 'xstate';
import { mxProfile } from '../../src/engine/smtp/profiles.ts';
import { createServerSession } from '../../src/engine/smtp/session.ts';
import type { DeliveredMessage, SessionEffect } from '../../src/engine/smtp/types.ts';

const LIMIT = mxProfile.limits.messageSize; // 10,240,000
const LINE = `${'x'.repeat(98)}\r\n`;

function open() {
  const replies: string[] = [];
  const delivered: DeliveredMessage[] = [];
  const session = createServerSession({
    profile: mxProfile,
    clock: new SimulatedClock(),
    onEffect: (e: SessionEffect) => {
      if (e.type === 'reply') replies.push(e.wire.trimEnd());
      if (e.type === 'deliver') delivered.push(e.message);
    },
  });
  session.start();
  session.receive('EHLO client.example.net\r\nMAIL FROM:<alice@example.net>\r\n');
  session.receive('RCPT TO:<bob@example.org>\r\n');
  return { session, replies, delivered };
}

/** Sends exactly `total` octets of `unit` in 64 KB reads; returns the most the session held. */
function stream(session: ReturnType<typeof open>['session'], unit: string, total: number) {
  const read = unit.repeat(Math.ceil(65536 / unit.length));
  let most = 0;
  for (let sent = 0; sent < total; sent += read.length) {
    session.receive(sent + read.length <= total ? read : read.slice(0, total - sent));
    most = Math.max(most, session.heldOctets);
  }
  return most;
}

describe('message_size_limit', () => {
  it('DATA without SIZE past the limit: 552 at the end, at most the limit kept', () => {
    const { session, replies, delivered } = open();
    session.receive('DATA\r\n');
    const most = stream(session, LINE, 3 * LIMIT);
    session.receive('\r\n.\r\n');
    expect(replies.at(-1)).toBe('552 5.3.4 Error: message file too big');
    expect(most).toBeLessThanOrEqual(LIMIT + 70_000);
    expect(session.heldOctets).toBe(0);
    expect(delivered).toHaveLength(0);
    session.receive('NOOP\r\n');
    expect(replies.at(-1)).toBe('250 2.0.0 Ok');
  });

  it('a body with no line end at all is not held whole either', () => {
    const { session, replies } = open();
    session.receive('DATA\r\n');
    const most = stream(session, 'y', 2 * LIMIT);
    session.receive('\r\n.\r\n');
    expect(most).toBeLessThanOrEqual(LIMIT + 70_000);
    expect(replies.at(-1)).toBe('552 5.3.4 Error: message file too big');
  });

  it('BDAT of more than the limit is read and dropped: 552 Chunk exceeds message size limit', () => {
    const { session, replies } = open();
    session.receive('BDAT 629145600 LAST\r\n');
    const most = stream(session, LINE, 629_145_600);
    expect(most).toBeLessThan(70_000);
    expect(replies.at(-1)).toBe('552 5.3.4 Chunk exceeds message size limit');
    session.receive('MAIL FROM:<alice@example.net>\r\n');
    expect(replies.at(-1)).toBe('250 2.1.0 Ok');
  });

  it('a body line longer than line_length_limit arrives whole in the mailbox', () => {
    const { session, delivered } = open();
    const long = 'L'.repeat(5000);
    session.receive(`DATA\r\nSubject: long\r\n\r\n${long}\r\n.dot\r\n.\r\n`);
    expect(delivered).toHaveLength(1);
    expect(delivered[0]!.content).toContain(`\n${long}\ndot\n`);
  });
});

describe('smtpd_junk_command_limit', () => {
  it('10,000 pipelined NOOPs: past 100 each counts as an error, then 421 and a close', () => {
    const effects: SessionEffect[] = [];
    const session = createServerSession({
      profile: mxProfile,
      clock: new SimulatedClock(),
      onEffect: (e) => effects.push(e),
    });
    session.start();
    session.receive('EHLO client.example.net\r\n');
    session.receive('NOOP\r\n'.repeat(10_000));
    const replies = effects.flatMap((e) => (e.type === 'reply' ? [e] : []));
    const noops = replies.slice(2).filter((r) => r.wire === '250 2.0.0 Ok\r\n');
    // EHLO is junk too: with it, 101 free commands, then 20 that count as errors.
    expect(noops).toHaveLength(120);
    expect(replies.at(-1)!.wire).toBe('421 4.7.0 mx.example.org Error: too many errors\r\n');
    // From the 11th error on, every reply waits smtpd_error_sleep_time.
    expect(noops.filter((r) => r.delayMs > 0)).toHaveLength(120 - 100 - 10);
    const logs = effects.flatMap((e) => (e.type === 'log' ? [e.message] : []));
    expect(logs).toContain('too many errors after NOOP from localhost[127.0.0.1]');
    expect(logs.at(-1)).toBe('disconnect from localhost[127.0.0.1] ehlo=1 noop=120 commands=121');
    expect(session.closed).toBe(true);
  });

  it('a queued message forgives earlier junk', () => {
    const effects: SessionEffect[] = [];
    const session = createServerSession({
      profile: mxProfile,
      clock: new SimulatedClock(),
      onEffect: (e) => effects.push(e),
    });
    session.start();
    session.receive('EHLO client.example.net\r\n' + 'NOOP\r\n'.repeat(110));
    session.receive('MAIL FROM:<a@example.net>\r\nRCPT TO:<bob@example.org>\r\nDATA\r\n');
    session.receive('Subject: hi\r\n\r\nhi\r\n.\r\n' + 'RSET\r\n'.repeat(100));
    expect(session.closed).toBe(false);
    const last = effects.filter((e) => e.type === 'reply').at(-1);
    expect(last).toMatchObject({ wire: '250 2.0.0 Ok\r\n', delayMs: 0 });
  });
});
