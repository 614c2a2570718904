// Every knob of a profile is an independent setting: turning one on the plain MX changes
// exactly the behaviour its Postfix parameter names.
import { describe, expect, it } from 'vitest';
import { converse } from '../tools/converse.ts';
import { mxProfile } from '../../src/engine/smtp/profiles.ts';
import { withOverrides, type ProfileOverrides } from '../../src/engine/smtp/profile.ts';

const EHLO = 'EHLO client.example.net';
const MAIL = 'MAIL FROM:<alice@example.net>';

describe('one knob at a time on the mx profile', () => {
  it.each<[string, ProfileOverrides, string[], string]>([
    [
      'smtpd_helo_required',
      { restrictions: { heloRequired: true } },
      [MAIL],
      '503 5.5.1 Error: send HELO/EHLO first',
    ],
    [
      'disable_vrfy_command',
      { restrictions: { vrfyDisabled: true } },
      ['VRFY bob'],
      '502 5.5.1 VRFY command is disabled',
    ],
    [
      'strict_rfc821_envelopes',
      { restrictions: { strictEnvelopes: true } },
      ['MAIL FROM:alice@example.net'],
      '501 5.1.7 Bad sender address syntax',
    ],
    [
      'defer_unauth_destination',
      { restrictions: { unauthDestination: 'defer' } },
      [MAIL, 'RCPT TO:<carol@example.com>'],
      '454 4.7.1 <carol@example.com>: Relay access denied',
    ],
    [
      'smtpd_reject_unlisted_recipient=no',
      { restrictions: { rejectUnlistedRecipient: false } },
      [MAIL, 'RCPT TO:<nosuchuser@example.org>'],
      '250 2.1.5 Ok',
    ],
    [
      'check_client_access (blocklist)',
      { restrictions: { blockedClients: ['127.0.0.1'] } },
      [MAIL, 'RCPT TO:<bob@example.org>'],
      '554 5.7.1 <localhost[127.0.0.1]>: Client host rejected: Access denied',
    ],
    [
      'smtpd_recipient_limit',
      { limits: { recipients: 1 } },
      [MAIL, 'RCPT TO:<bob@example.org>', 'RCPT TO:<postmaster@example.org>'],
      '452 4.5.3 Error: too many recipients',
    ],
    [
      'message_size_limit',
      { limits: { messageSize: 100 } },
      [MAIL + ' SIZE=101'],
      '552 5.3.4 Message size exceeds fixed limit',
    ],
    [
      'smtpd_sasl_auth_enable',
      { auth: { enabled: true } },
      [EHLO, 'AUTH PLAIN AGFsaWNlQGV4YW1wbGUubmV0AHMzY3JldA=='],
      '235 2.7.0 Authentication successful',
    ],
    [
      'smtpd_tls_security_level=none',
      { tls: { offered: false } },
      ['STARTTLS'],
      '502 5.5.1 Error: command not implemented',
    ],
    [
      'smtpd_tls_auth_only',
      { auth: { enabled: true, tlsOnly: true } },
      ['AUTH PLAIN AGFsaWNlQGV4YW1wbGUubmV0AHMzY3JldA=='],
      '538 5.7.11 Encryption required for requested authentication mechanism',
    ],
  ])('%s', (_parameter, overrides, lines, expected) => {
    const profile = withOverrides(mxProfile, overrides);
    expect(
      converse(profile, ...lines)
        .firstLines()
        .at(-1),
    ).toBe(expected);
    // and the untouched profile still answers as before
    expect(
      converse(mxProfile, ...lines)
        .firstLines()
        .at(-1),
    ).not.toBe(expected);
  });

  it('EHLO lists only what the knobs allow', () => {
    const ehlo = (overrides: ProfileOverrides) =>
      converse(withOverrides(mxProfile, overrides), EHLO).replies()[1]!;
    expect(ehlo({ restrictions: { vrfyDisabled: true } })).not.toContain('250-VRFY');
    expect(ehlo({ tls: { offered: false } })).not.toContain('250-STARTTLS');
    expect(ehlo({ auth: { enabled: true } })).toContain('250-AUTH PLAIN LOGIN');
    expect(ehlo({ limits: { messageSize: 0 } })).toContain('250-SIZE');
  });
});
