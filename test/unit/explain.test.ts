import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { explainReply } from '../../src/engine/smtp/explain.ts';
import { formatReply, replies } from '../../src/engine/smtp/reply.ts';
import type { Reply } from '../../src/engine/smtp/types.ts';
import { casesDir, sharedDir } from '../tools/fidelity/paths.ts';

describe('explainReply', () => {
  it('reads the class, the code, the enhanced code and the advice of a relay refusal', () => {
    const e = explainReply('554 5.7.1 <carol@example.com>: Relay access denied')!;
    expect(e.code).toBe(554);
    expect(e.codeClass).toMatch(/^Permanent Negative Completion/);
    expect(e.enhanced).toEqual({
      code: '5.7.1',
      subject: 'Security or Policy Status',
      detail: 'Delivery not authorized, message refused',
    });
    expect(e.advice).toMatch(/bounces the message to its sender/);
  });

  it('skips the markers tools put in front', () => {
    for (const line of [
      '<** 451 4.7.1 later',
      '<-  451 4.7.1 later',
      '< 451 4.7.1 later',
      'S: 451 4.7.1 later',
    ]) {
      expect(explainReply(line)?.enhanced?.code).toBe('4.7.1');
    }
    expect(explainReply('<~* 535 5.7.8 Error: authentication failed')?.enhanced?.detail).toBe(
      'Authentication credentials invalid (RFC 4954)',
    );
  });

  it('tells a temporary failure to retry, and has no enhanced code where Postfix sends none', () => {
    const e = explainReply(
      '421 4.7.0 mx.example.org Error: too many connections from 203.0.113.10',
    )!;
    expect(e.advice).toMatch(/^Temporary/);
    expect(explainReply('220 mx.example.org ESMTP')!.enhanced).toBeNull();
    expect(explainReply('250-PIPELINING')!.code).toBe(250);
  });

  it('cites the retry strategy of RFC 5321 §4.5.4.1 for a 4xx, not §4.2.5 (replies after DATA)', () => {
    const advice = explainReply('451 4.3.0 Error: queue file write error')!.advice;
    expect(advice).toContain('RFC 5321 §4.5.4.1');
    expect(advice).not.toContain('§4.2.5');
  });

  it('is null for lines that are not replies', () => {
    expect(explainReply('Trying 198.51.100.25...')).toBeNull();
    expect(explainReply('600 nope')).toBeNull();
  });
});

describe('454: three different refusals, told apart by the text', () => {
  // Postfix defer_unauth_destination (its built-in smtpd_relay_restrictions), shared case h301.
  const relay = explainReply('454 4.7.1 <carol@example.com>: Relay access denied')!;
  // RFC 3207 §4, in Postfix's words.
  const tls = explainReply('454 4.7.0 TLS not available due to local problem')!;
  // RFC 4954 §6.
  const auth = explainReply('454 4.7.0 Temporary authentication failure')!;

  it('explains a deferred relay refusal as a relay refusal, not as TLS', () => {
    expect(relay.meaning).toMatch(/Relay access denied/);
    expect(relay.meaning).toMatch(/defer_unauth_destination/);
    expect(relay.meaning).not.toMatch(/TLS/);
    expect(relay.advice).toMatch(/MX of the recipient's domain/);
    expect(relay.advice).toMatch(/AUTH/);
  });

  it('explains a STARTTLS refusal as TLS and an AUTH failure as AUTH', () => {
    expect(tls.meaning).toMatch(/STARTTLS refused for now/);
    expect(tls.references).toContain('RFC 3207 §4 (STARTTLS)');
    expect(auth.meaning).toMatch(/Temporary authentication failure/);
    expect(auth.advice).toMatch(/Do not change the password/);
    expect(auth.references).toContain('RFC 4954 §6 (AUTH status codes)');
  });

  it('gives each case its own words', () => {
    expect(new Set([relay.meaning, tls.meaning, auth.meaning]).size).toBe(3);
    expect(new Set([relay.advice, tls.advice, auth.advice]).size).toBe(3);
  });
});

describe('5xx that STARTTLS or AUTH cures', () => {
  // RFC 5321 §4.2.1: a 5yz is final for the same request in the same sequence, not for ever.
  it('does not say that asking again will not help', () => {
    for (const first of ['2', '3', '4', '5']) {
      expect(explainReply(`${first}00 x`)?.codeClass ?? '').not.toMatch(/will not help/);
    }
    expect(explainReply('550 5.1.1 x')!.codeClass).toMatch(/until something changes/);
  });

  it.each([
    ['530 5.7.0 Must issue a STARTTLS command first', /Send STARTTLS, then EHLO again/],
    [
      '554 5.7.1 <carol@example.com>: Recipient address rejected: Access denied',
      /STARTTLS, EHLO again, AUTH, then send MAIL FROM and RCPT TO again/,
    ],
    ['503 5.5.1 Error: authentication not enabled', /send STARTTLS, then EHLO again/],
    ['530 5.7.0 Authentication required', /log in and send the command again/],
    ['503 5.5.1 Error: need MAIL command', /then send this command again/],
  ])('%s: STARTTLS and/or AUTH (or the missing command), then ask again', (line, advice) => {
    const e = explainReply(line)!;
    expect(e.advice).toMatch(advice);
    expect(e.advice).not.toMatch(/bounces/);
  });

  it('tells a second AUTH and a second STARTTLS to go on instead', () => {
    expect(explainReply('503 5.5.1 Error: already authenticated')!.advice).toMatch(/MAIL FROM/);
    expect(explainReply('554 5.5.1 Error: TLS already active')!.advice).toMatch(
      /Do not send STARTTLS again/,
    );
  });
});

describe('replies whose code alone would be explained wrongly', () => {
  it.each([
    // RFC 3207 §4: not a greeting.
    ['220 2.0.0 Ready to start TLS', /^STARTTLS accepted/],
    // Postfix smtpd_forbidden_commands, then it hangs up.
    ['221 2.7.0 Error: I can break rules, too. Goodbye.', /not SMTP/],
    // Postfix's BDAT syntax error, not the 521 of RFC 7504.
    ['521 5.5.4 Syntax: BDAT count [LAST]', /^BDAT without a chunk size/],
    // Postfix drops BDAT chunks after an error, not the 551 "User not local".
    ['551 5.0.0 Discarded 12 bytes after earlier error', /threw it away/],
    ['504 5.5.2 <client>: Helo command rejected: need fully-qualified hostname', /HELO\/EHLO/],
  ])('%s', (line, meaning) => {
    expect(explainReply(line)!.meaning).toMatch(meaning);
  });

  it('does not tell a client to carry on after 221', () => {
    expect(explainReply('221 2.0.0 Bye')!.advice).toMatch(/closes the connection/);
    expect(explainReply('521 5.5.4 Syntax: BDAT count [LAST]')!.references).not.toContain(
      'RFC 7504 (521 and 556)',
    );
  });
});

describe('the later entries of the IANA "SMTP Enhanced Status Codes" registry', () => {
  // Name and reference as the registry (RFC 5248 §2) lists them.
  it.each([
    ['5.1.10', 'Recipient address has null MX', 'RFC 7505'],
    ['5.7.14', 'Trust relationship required', 'RFC 5248'],
    ['5.7.15', 'Priority Level is too low', 'RFC 6710'],
    ['5.7.16', 'Message is too big for the specified priority', 'RFC 6710'],
    ['5.7.17', 'Mailbox owner has changed', 'RFC 7293'],
    ['5.7.18', 'Domain owner has changed', 'RFC 7293'],
    ['5.7.19', 'RRVS test cannot be completed', 'RFC 7293'],
    ['5.7.20', 'No passing DKIM signature found', 'RFC 7372'],
    ['5.7.21', 'No acceptable DKIM signature found', 'RFC 7372'],
    ['5.7.22', 'No valid author-matched DKIM signature found', 'RFC 7372'],
    ['5.7.23', 'SPF validation failed', 'RFC 7372'],
    ['4.7.24', 'SPF validation error', 'RFC 7372'],
    ['5.7.25', 'Reverse DNS validation failed', 'RFC 7372'],
    ['5.7.26', 'Multiple authentication checks failed', 'RFC 7372'],
    ['5.7.27', 'Sender address has null MX', 'RFC 7505'],
    ['5.7.28', 'Mail flood detected', 'draft-levine-mailbomb-header'],
    ['5.7.29', 'ARC validation failure', 'RFC 8617'],
    ['5.7.30', 'REQUIRETLS support required', 'RFC 8689'],
  ])('%s is "%s" (%s)', (code, name, reference) => {
    const detail = explainReply(`550 ${code} refused`)!.enhanced!.detail;
    expect(detail).toMatch(new RegExp(`^${name} \\(${reference}\\): \\S`));
  });

  it('knows 556 (RFC 7504) and ETRN 459 (RFC 1985)', () => {
    const e = explainReply('556 5.1.10 <bob@nomail.example>: Recipient address has null MX')!;
    expect(e.meaning).toMatch(/^Domain does not accept mail/);
    expect(e.references).toContain('RFC 7504 (521 and 556)');
    expect(explainReply('459 <example.org>: service unavailable')!.meaning).toMatch(/^ETRN/);
  });
});

/** Every line a reply of the engine's table can put on the wire (src/engine/smtp/reply.ts). */
function engineReplyLines(): string[] {
  const special: Record<string, readonly (readonly unknown[])[]> = {
    relayDenied: [
      [454, 'carol@example.com'],
      [554, 'carol@example.com'],
    ],
    ehlo: [['mx.example.org', ['PIPELINING', 'STARTTLS']]],
  };
  const lines: string[] = [];
  for (const [name, entry] of Object.entries(replies)) {
    const built: Reply[] =
      typeof entry === 'function'
        ? (special[name] ?? [['x.example', '203.0.113.10', 'reason']]).map((args) =>
            (entry as (...a: readonly unknown[]) => Reply)(...args),
          )
        : [entry];
    for (const r of built) lines.push(...formatReply(r).split('\r\n').filter(Boolean));
  }
  return lines;
}

/** Every server line of the shared fidelity transcripts (real Postfix 3.7). */
function fidelityReplyLines(): string[] {
  const lines: string[] = [];
  for (const dir of [casesDir, path.join(sharedDir, 'fidelity-extended', 'cases')]) {
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
      const data = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as {
        transcript?: unknown;
      };
      if (!Array.isArray(data.transcript)) continue;
      for (const t of data.transcript) {
        if (typeof t === 'string' && t.startsWith('S: ')) lines.push(t);
      }
    }
  }
  return lines;
}

/** What a line's explanation lacks: no meaning, an unknown subject, or no detail. */
function holes(line: string): string[] {
  const e = explainReply(line);
  if (!e) return [`${line}: not read as a reply`];
  return [
    ...(e.meaning === null ? [`${e.code}: no meaning`] : []),
    ...(e.enhanced && e.enhanced.subject === 'Unknown subject'
      ? [`${e.enhanced.code}: no subject`]
      : []),
    ...(e.enhanced && e.enhanced.detail === null ? [`${e.enhanced.code}: no detail`] : []),
  ];
}

describe('no reply goes unexplained', () => {
  it('explains every reply the engine can send', () => {
    const lines = engineReplyLines();
    expect(lines.length).toBeGreaterThan(60);
    expect([...new Set(lines.flatMap(holes))]).toEqual([]);
  });

  it('explains every reply in the shared fidelity transcripts', () => {
    const lines = fidelityReplyLines();
    expect(lines.length).toBeGreaterThan(1000);
    expect([...new Set(lines.flatMap(holes))]).toEqual([]);
  });
});
