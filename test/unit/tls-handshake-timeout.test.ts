// smtpd_starttls_timeout (300 s), not smtpd_timeout, bounds a TLS handshake; when it passes,
// Postfix 3.7 logs the handshake's failure and closes without a reply (seen from the real
// Postfix: port 2525 with smtpd_timeout=5s waited 300 s after STARTTLS, then sent EOF).
import { describe, expect, it } from 'vitest';
import { SimulatedClock } from 'xstate';
import { converse } from '../tools/converse.ts';
import { createServerSession } from '../../src/engine/smtp/session.ts';
import type { SessionEffect } from '../../src/engine/smtp/types.ts';
import {
  mxHardenedProfile,
  mxProfile,
  submissionsProfile,
} from '../../src/engine/smtp/profiles.ts';

const closes = (c: ReturnType<typeof converse>) =>
  c.effects.flatMap((e) => (e.type === 'close' ? [e.reason] : []));

describe('a TLS handshake that never comes', () => {
  it('after STARTTLS: nothing at smtpd_timeout, then SSL_accept error and a silent close', () => {
    const c = converse(mxHardenedProfile, 'EHLO client.example.net', 'STARTTLS');
    const replies = c.replies().length;
    c.clock.increment(mxHardenedProfile.limits.idleTimeoutMs * 10);
    expect(closes(c)).toEqual([]);
    c.clock.increment(mxHardenedProfile.limits.starttlsTimeoutMs);
    expect(closes(c)).toEqual(['tls-timeout']);
    expect(c.replies()).toHaveLength(replies); // no 421 into what should have been TLS
    expect(c.logs().slice(-3)).toEqual([
      'SSL_accept error from localhost[127.0.0.1]: Connection timed out',
      'lost connection after STARTTLS from localhost[127.0.0.1]',
      'disconnect from localhost[127.0.0.1] ehlo=1 starttls=0/1 commands=1/2',
    ]);
  });

  it('on the implicit-TLS port: lost connection after CONNECT', () => {
    const c = converse(submissionsProfile);
    c.clock.increment(submissionsProfile.limits.starttlsTimeoutMs);
    expect(closes(c)).toEqual(['tls-timeout']);
    expect(c.logs().slice(-3)).toEqual([
      'SSL_accept error from localhost[127.0.0.1]: Connection timed out',
      'lost connection after CONNECT from localhost[127.0.0.1]',
      'disconnect from localhost[127.0.0.1] commands=0/0',
    ]);
  });

  it('counts from a STARTTLS the client sent before the banner, too', () => {
    const clock = new SimulatedClock();
    const effects: SessionEffect[] = [];
    // smtpd_timeout far longer than the TLS timeout: only the right timer closes in time
    const profile = { ...mxProfile, limits: { ...mxProfile.limits, idleTimeoutMs: 3_000_000 } };
    const session = createServerSession({ profile, clock, onEffect: (e) => effects.push(e) });
    session.receive('EHLO client.example.net\r\nSTARTTLS\r\n'); // before start(): pre-greet
    session.start();
    clock.increment(profile.limits.starttlsTimeoutMs);
    expect(effects.flatMap((e) => (e.type === 'close' ? [e.reason] : []))).toEqual(['tls-timeout']);
  });
});
