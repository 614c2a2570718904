// Postfix 3.7 behaviours described in shared/fidelity/README.md beyond the shared cases,
// table by table. Each row: the lines typed, then the first line of each reply expected.
import { describe, expect, it } from 'vitest';
import { SimulatedClock } from 'xstate';
import { converse } from '../tools/converse.ts';
import { createServerSession } from '../../src/engine/smtp/session.ts';
import type { SessionEffect } from '../../src/engine/smtp/types.ts';
import {
  mxHardenedProfile,
  mxProfile,
  submissionProfile,
  submissionsProfile,
} from '../../src/engine/smtp/profiles.ts';

const EHLO = 'EHLO client.example.net';
const PLAIN_OK = 'AUTH PLAIN AGFsaWNlQGV4YW1wbGUubmV0AHMzY3JldA==';
const PLAIN_WRONG = 'AUTH PLAIN AGFsaWNlQGV4YW1wbGUubmV0AHdyb25n';

describe('port 25 (mx): envelope and sequence', () => {
  it.each([
    ['MAIL before HELO is accepted', ['MAIL FROM:<alice@example.net>'], ['250 2.1.0 Ok']],
    [
      'RCPT before MAIL',
      [EHLO, 'RCPT TO:<bob@example.org>'],
      ['250-mx.example.org', '503 5.5.1 Error: need MAIL command'],
    ],
    [
      'nested MAIL',
      [EHLO, 'MAIL FROM:<a@example.net>', 'MAIL FROM:<a@example.net>'],
      ['250-mx.example.org', '250 2.1.0 Ok', '503 5.5.1 Error: nested MAIL command'],
    ],
    [
      'empty line and blanks',
      ['', '   '],
      ['500 5.5.2 Error: bad syntax', '500 5.5.2 Error: bad syntax'],
    ],
    ['no angle brackets', ['MAIL FROM:alice@example.net'], ['250 2.1.0 Ok']],
    ['blank inside brackets', ['MAIL FROM:<alice @example.net>'], ['250 2.1.0 Ok']],
    [
      'unterminated bracket',
      ['MAIL FROM:<alice@example.net'],
      ['501 5.1.7 Bad sender address syntax'],
    ],
    [
      'MAIL without colon',
      ['MAIL FROM <alice@example.net>'],
      ['501 5.5.4 Syntax: MAIL FROM:<address>'],
    ],
    ['MAIL alone', ['MAIL'], ['501 5.5.4 Syntax: MAIL FROM:<address>']],
    ['MAIL TO:', ['MAIL TO:<bob@example.org>'], ['501 5.5.4 Syntax: MAIL FROM:<address>']],
    [
      'unknown MAIL parameter',
      ['MAIL FROM:<a@example.net> FOO=BAR'],
      ['555 5.5.4 Unsupported option: FOO=BAR'],
    ],
    [
      'SIZE over message_size_limit',
      ['MAIL FROM:<a@example.net> SIZE=20000000'],
      ['552 5.3.4 Message size exceeds fixed limit'],
    ],
    [
      'SIZE within the limit',
      ['MAIL FROM:<a@example.net> SIZE=1000 BODY=8BITMIME'],
      ['250 2.1.0 Ok'],
    ],
    [
      'BODY=BINARYMIME',
      ['MAIL FROM:<a@example.net> BODY=BINARYMIME'],
      ['555 5.5.4 Unsupported option: BODY=BINARYMIME'],
    ],
    [
      'lower-case verbs and trailing blanks',
      ['mail from:<a@example.net> \t', 'rcpt to:<bob@example.org>  '],
      ['250 2.1.0 Ok', '250 2.1.5 Ok'],
    ],
    ['RSET with an argument', ['RSET now'], ['501 5.5.4 Syntax: RSET']],
    ['QUIT with an argument', ['QUIT now'], ['221 2.0.0 Bye']],
    [
      'EXPN and TURN are unknown',
      ['EXPN bob', 'TURN'],
      ['500 5.5.2 Error: command not recognized', '500 5.5.2 Error: command not recognized'],
    ],
    [
      'AUTH is not enabled on 25',
      [EHLO, PLAIN_OK],
      ['250-mx.example.org', '503 5.5.1 Error: authentication not enabled'],
    ],
    ['STARTTLS with an argument', ['STARTTLS now'], ['501 5.5.4 Syntax: STARTTLS']],
  ])('%s', (_name, lines, expected) => {
    expect(converse(mxProfile, ...lines).firstLines()).toEqual(expected);
  });
});

describe('port 25 (mx): recipients', () => {
  it.each([
    ['<bob>', '250 2.1.5 Ok'],
    ['<BOB@EXAMPLE.ORG>', '250 2.1.5 Ok'],
    ['<postmaster>', '250 2.1.5 Ok'],
    ['<bob@[127.0.0.1]>', '250 2.1.5 Ok'],
    ['<bob@mx.example.org>', '250 2.1.5 Ok'],
    ['<nobody@example.org>', '250 2.1.5 Ok'],
    [
      '<nosuchuser@example.org>',
      '550 5.1.1 <nosuchuser@example.org>: Recipient address rejected: User unknown in local recipient table',
    ],
    [
      '<bøb@example.org>',
      '550 5.1.1 <bøb@example.org>: Recipient address rejected: User unknown in local recipient table',
    ],
    ['<carol@example.com>', '554 5.7.1 <carol@example.com>: Relay access denied'],
    [
      '<carol%example.com@example.org>',
      '554 5.7.1 <carol%example.com@example.org>: Relay access denied',
    ],
    [
      '<example.com!carol@example.org>',
      '554 5.7.1 <example.com!carol@example.org>: Relay access denied',
    ],
    ['<@mx.example.org:carol@example.com>', '554 5.7.1 <carol@example.com>: Relay access denied'],
  ])('RCPT TO:%s', (recipient, expected) => {
    const c = converse(mxProfile, EHLO, 'MAIL FROM:<alice@example.net>', `RCPT TO:${recipient}`);
    expect(c.firstLines().at(-1)).toBe(expected);
  });

  it('logs a relay denial the way Postfix does', () => {
    const c = converse(
      mxProfile,
      EHLO,
      'MAIL FROM:<alice@example.net>',
      'RCPT TO:<carol@example.com>',
      'QUIT',
    );
    expect(c.logs()).toContain(
      'NOQUEUE: reject: RCPT from localhost[127.0.0.1]: 554 5.7.1 <carol@example.com>: Relay access denied; from=<alice@example.net> to=<carol@example.com> proto=ESMTP helo=<client.example.net>',
    );
    expect(c.logs().at(-1)).toBe(
      'disconnect from localhost[127.0.0.1] ehlo=1 mail=1 rcpt=0/1 quit=1 commands=3/4',
    );
  });
});

describe('port 25 (mx): the main loop', () => {
  it('answers invalid UTF-8 with 500 bad UTF-8 syntax', () => {
    const c = converse(mxProfile);
    c.session.receive('NOOP \xff\xfe\r\nNOOP caf\xc3\xa9\r\n'); // octets: invalid, then valid UTF-8
    expect(c.firstLines()).toEqual(['500 5.5.2 Error: bad UTF-8 syntax', '250 2.0.0 Ok']);
  });
  it('treats CONNECT like an HTTP request and hangs up', () => {
    const c = converse(mxProfile, 'CONNECT mx.example.org:25 HTTP/1.1', 'NOOP');
    expect(c.firstLines()).toEqual(['221 2.7.0 Error: I can break rules, too. Goodbye.']);
    expect(c.session.closed).toBe(true);
  });
  it('delays every reply by a second from the tenth error on', () => {
    const c = converse(mxProfile, ...Array.from({ length: 12 }, (_, i) => `BOGUS${i}`));
    const delays = c.effects.flatMap((e) => (e.type === 'reply' ? [e.delayMs] : []));
    expect(delays).toEqual([0, ...Array(10).fill(0), 1000, 1000]);
  });
  it('accepts a bare-LF body and a bare-LF dot on the default port (SMTP smuggling precondition)', () => {
    const c = converse(
      mxProfile,
      EHLO,
      'MAIL FROM:<a@example.net>',
      'RCPT TO:<bob@example.org>',
      'DATA',
      'one\ntwo\n.\nNOOP\r\n',
    );
    expect(c.firstLines().slice(-2)).toEqual([
      '250 2.0.0 Ok: queued as ABCDEF01234',
      '250 2.0.0 Ok',
    ]);
  });
  it('closes after the idle timeout in virtual time', () => {
    const c = converse(mxProfile, EHLO);
    c.clock.increment(299_999);
    expect(c.session.closed).toBe(false);
    c.clock.increment(1);
    expect(c.firstLines().at(-1)).toBe('421 4.4.2 mx.example.org Error: timeout exceeded');
    expect(c.session.closed).toBe(true);
  });
});

describe('DATA and BDAT', () => {
  it('delivers to bob with a Received: header and dot-unstuffing', () => {
    const c = converse(
      mxProfile,
      EHLO,
      'MAIL FROM:<alice@example.net>',
      'RCPT TO:<bob@example.org>',
      'DATA',
      'Subject: hi\r\n\r\n..dot\r\n.\r\n',
    );
    const delivered = c.effects.find((e) => e.type === 'deliver');
    expect(delivered?.type === 'deliver' && delivered.message.content).toMatch(
      /^From alice@example\.net {2}\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}\nReturn-Path: <alice@example\.net>\nX-Original-To: bob@example\.org\nDelivered-To: bob@example\.org\nReceived: from client\.example\.net \(localhost \[127\.0\.0\.1\]\)\n\tby mx\.example\.org \(Postfix\) with ESMTP id ABCDEF01234\n\tfor <bob@example\.org>; .+ \+0000 \(UTC\)\nSubject: hi\nMessage-Id: <\d{14}\.ABCDEF01234@mx\.example\.org>\nDate: .+\nFrom: alice@example\.net\n\n\.dot\n\n$/,
    );
  });
  it('takes a message in BDAT chunks (RFC 3030)', () => {
    const c = converse(
      mxProfile,
      EHLO,
      'MAIL FROM:<a@example.net>',
      'RCPT TO:<bob@example.org>',
      'BDAT 12\r\nSubject: x\r\n',
      'BDAT 6 LAST\r\nhello\n',
    );
    expect(c.firstLines().slice(-2)).toEqual([
      '250 2.0.0 Ok: 12 bytes',
      '250 2.0.0 Ok: 19 bytes queued as ABCDEF01234', // the bare LF counts as CRLF,
    ]);
  });
  it('refuses BDAT without recipients but still skips its chunk', () => {
    const c = converse(mxProfile, EHLO);
    c.session.receive('BDAT 4\r\nNOOP'); // the chunk "NOOP" is data, not a command
    c.type('QUIT');
    expect(c.firstLines().slice(1)).toEqual([
      '503 5.5.1 Error: need RCPT command',
      '221 2.0.0 Bye',
    ]);
  });
});

describe('port 587 (submission)', () => {
  it.each([
    [
      'VRFY, MAIL, RCPT, DATA, RSET need TLS first',
      [EHLO, 'VRFY bob', 'RSET', 'NOOP'],
      [
        '250 mx.example.org',
        '530 5.7.0 Must issue a STARTTLS command first',
        '530 5.7.0 Must issue a STARTTLS command first',
        '250 2.0.0 Ok',
      ],
    ],
    [
      'a wrong password, then the right one',
      [EHLO, 'STARTTLS', '@TLS', EHLO, PLAIN_WRONG, PLAIN_OK],
      [
        '250 mx.example.org',
        '220 2.0.0 Ready to start TLS',
        '250 mx.example.org',
        '535 5.7.8 Error: authentication failed: (reason unavailable)',
        '235 2.7.0 Authentication successful',
      ],
    ],
    [
      'mechanisms that are not offered',
      [EHLO, 'STARTTLS', '@TLS', 'AUTH CRAM-MD5', 'AUTH XOAUTH2 dXNlcj1h'],
      [
        '250 mx.example.org',
        '220 2.0.0 Ready to start TLS',
        '535 5.7.8 Error: authentication failed: Invalid authentication mechanism',
        '535 5.7.8 Error: authentication failed: Invalid authentication mechanism',
      ],
    ],
    [
      'AUTH alone and a cancelled exchange',
      ['STARTTLS', '@TLS', 'AUTH', 'AUTH LOGIN', '*'],
      [
        '220 2.0.0 Ready to start TLS',
        '501 5.5.4 Syntax: AUTH mechanism',
        '334 VXNlcm5hbWU6',
        '501 5.7.0 Authentication aborted',
      ],
    ],
    [
      'no relay, not even to a local user, without AUTH',
      ['STARTTLS', '@TLS', EHLO, 'MAIL FROM:<alice@example.net>', 'RCPT TO:<bob@example.org>'],
      [
        '220 2.0.0 Ready to start TLS',
        '250 mx.example.org',
        '250 2.1.0 Ok',
        '554 5.7.1 <bob@example.org>: Recipient address rejected: Access denied',
      ],
    ],
    [
      'relay after AUTH',
      [
        'STARTTLS',
        '@TLS',
        EHLO,
        PLAIN_OK,
        'MAIL FROM:<alice@example.net>',
        'RCPT TO:<carol@example.com>',
      ],
      [
        '220 2.0.0 Ready to start TLS',
        '250 mx.example.org',
        '235 2.7.0 Authentication successful',
        '250 2.1.0 Ok',
        '250 2.1.5 Ok',
      ],
    ],
  ])('%s', (_name, lines, expected) => {
    const ehloFirstLine = (line: string) =>
      line === '250 mx.example.org' ? '250-mx.example.org' : line;
    expect(converse(submissionProfile, ...lines).firstLines()).toEqual(expected.map(ehloFirstLine));
  });
  it('waits the SASL failure delay before a wrong password answer', () => {
    const c = converse(submissionProfile, 'STARTTLS', '@TLS', EHLO, PLAIN_WRONG);
    const last = c.effects.filter((e) => e.type === 'reply').at(-1);
    expect(last?.type === 'reply' && last.delayMs).toBe(2000);
  });
});

describe('port 465 (submissions)', () => {
  it('asks for TLS first and sends its banner only after the handshake', () => {
    const c = converse(submissionsProfile);
    expect(c.effects.map((e) => e.type)).toEqual(['log', 'tls.start']);
    c.type('@TLS', EHLO);
    expect(c.replies()[0]).toEqual(['220 mx.example.org ESMTP']);
    expect(c.replies()[1]).toContain('250-AUTH PLAIN LOGIN');
    expect(c.replies()[1]).not.toContain('250-STARTTLS');
  });
});

describe('port 2525 (mx-hardened)', () => {
  it.each([
    [
      'a HELO name without a dot',
      ['HELO localhost', 'MAIL FROM:<a@example.net>', 'RCPT TO:<bob@example.org>'],
      '504 5.5.2 <localhost>: Helo command rejected: need fully-qualified hostname',
    ],
    [
      'an invalid HELO name',
      ['HELO !!bad!!', 'MAIL FROM:<a@example.net>', 'RCPT TO:<bob@example.org>'],
      '501 5.5.2 <!!bad!!>: Helo command rejected: Invalid name',
    ],
    [
      'an address literal HELO',
      ['HELO [127.0.0.1]', 'MAIL FROM:<a@example.net>', 'RCPT TO:<bob@example.org>'],
      '250 2.1.5 Ok',
    ],
    [
      'a bare LF in DATA: 550 at the end, session goes on',
      [EHLO, 'MAIL FROM:<a@example.net>', 'RCPT TO:<bob@example.org>', 'DATA', 'a\nb\r\n.\r\n'],
      '550 5.5.2 mx.example.org Error: bare <LF> received',
    ],
  ])('%s', (_name, lines, expected) => {
    const c = converse(mxHardenedProfile, ...lines);
    expect(c.firstLines().at(-1)).toBe(expected);
    expect(c.session.closed).toBe(false);
  });
  it('refuses pipelining after a plain HELO', () => {
    const c = converse(
      mxHardenedProfile,
      'HELO client.example.net',
      'MAIL FROM:<a@example.net>\r\nRCPT TO:<bob@example.org>\r\n',
    );
    expect(c.firstLines()).toEqual([
      '250 mx.example.org',
      '554 5.5.0 Error: SMTP protocol synchronization',
    ]);
    expect(c.session.closed).toBe(true);
  });
  it.each([
    [mxHardenedProfile, ['554 5.5.0 Error: SMTP protocol synchronization']],
    [mxProfile, ['220 mx.example.org ESMTP', '250-mx.example.org']],
  ])('answers a client that talks before the banner (%s)', (profile, expected) => {
    const effects: SessionEffect[] = [];
    const session = createServerSession({
      profile,
      onEffect: (e) => effects.push(e),
      clock: new SimulatedClock(),
    });
    session.receive('EHLO client.example.net\r\n');
    session.start();
    const firstLines = effects.flatMap((e) =>
      e.type === 'reply'
        ? [e.reply.code + (e.wire[3] ?? '') + e.wire.slice(4).split('\r\n')[0]]
        : [],
    );
    expect(firstLines).toEqual(expected);
    session.dispose();
  });
});

describe('Postfix log lines (server-log/postfix.log)', () => {
  it('escapes a non-SMTP command and counts it as unknown', () => {
    const c = converse(mxProfile);
    c.session.receive('\x16\x03\x01\x00\x05\r\n');
    expect(c.logs()).toEqual([
      'connect from localhost[127.0.0.1]',
      'warning: non-SMTP command from localhost[127.0.0.1]: \\026\\003\\001\\000\\005',
      'disconnect from localhost[127.0.0.1] unknown=0/1 commands=0/1',
    ]);
  });
  it('does not call an HTTP request improper pipelining', () => {
    const c = converse(mxProfile, 'GET / HTTP/1.1\r\nHost: mx.example.org\r\n\r\n');
    expect(c.logs().some((l) => l.includes('pipelining'))).toBe(false);
  });
  it('logs a failed STARTTLS handshake and counts STARTTLS as failed', () => {
    const c = converse(mxProfile, 'EHLO client.example.net', 'STARTTLS', 'QUIT');
    expect(c.logs().slice(1)).toEqual([
      'SSL_accept error from localhost[127.0.0.1]: -1',
      'warning: TLS library problem: error:0A00010B:SSL routines::wrong version number:../ssl/record/ssl3_record.c:350:',
      'lost connection after STARTTLS from localhost[127.0.0.1]',
      'disconnect from localhost[127.0.0.1] ehlo=1 starttls=0/1 commands=1/2',
    ]);
    expect(c.effects.at(-2)).toEqual({ type: 'close', reason: 'tls-failed' });
  });
  it('prints commands=0/0 for a session that never got a command', () => {
    const c = converse(submissionsProfile);
    c.session.tlsFailed();
    expect(c.logs().at(-1)).toBe('disconnect from localhost[127.0.0.1] commands=0/0');
  });
  it('counts a completed STARTTLS once', () => {
    const c = converse(
      mxProfile,
      'EHLO client.example.net',
      'STARTTLS',
      '@TLS',
      'EHLO client.example.net',
      'QUIT',
    );
    expect(c.logs().at(-1)).toBe(
      'disconnect from localhost[127.0.0.1] ehlo=2 starttls=1 quit=1 commands=4',
    );
  });
});

describe('queue log lines', () => {
  it('names the client and the SASL login of a queued message', () => {
    const c = converse(
      submissionProfile,
      'STARTTLS',
      '@TLS',
      EHLO,
      PLAIN_OK,
      'MAIL FROM:<alice@example.net>',
      'RCPT TO:<carol@example.com>',
      'DATA',
      'Subject: x\r\n\r\nx\r\n.\r\n',
    );
    expect(c.logs()).toContain(
      'ABCDEF01234: client=localhost[127.0.0.1], sasl_method=PLAIN, sasl_username=alice@example.net',
    );
  });
});

// Found by typing the same lines to a local Postfix 3.7.11 and to the engine.
describe('differential findings', () => {
  it.each([
    [
      'a "Label:" header line is a forbidden command',
      mxProfile,
      [EHLO, 'Host: mx.example.org'],
      '221 2.7.0 Error: I can break rules, too. Goodbye.',
    ],
    [
      'a NUL ends the command line',
      mxProfile,
      [EHLO, 'MAIL FROM:<a\0b@example.net>'],
      '501 5.1.7 Bad sender address syntax',
    ],
    [
      'a malformed BDAT gets 521',
      mxProfile,
      [EHLO, 'BDAT x'],
      '521 5.5.4 Syntax: BDAT count [LAST]',
    ],
    [
      'a repeated RET is bad syntax',
      mxProfile,
      ['MAIL FROM:<a@example.net> RET=FULL RET=HDRS'],
      '501 5.5.4 Bad RET parameter syntax',
    ],
    ['ENVID may hold "="', mxProfile, ['MAIL FROM:<a@example.net> ENVID=a=b'], '250 2.1.0 Ok'],
    [
      'a bad NOTIFY',
      mxProfile,
      ['MAIL FROM:<a@example.net>', 'RCPT TO:<bob@example.org> NOTIFY=BAD'],
      '501 5.5.4 Error: Bad NOTIFY parameter syntax',
    ],
    ['VRFY with two words', mxProfile, ['VRFY a b'], '501 5.1.3 Bad recipient address syntax'],
    [
      'VRFY takes "<bob" literally',
      mxProfile,
      ['VRFY <bob'],
      '550 5.1.1 <<bob>: Recipient address rejected: User unknown in local recipient table',
    ],
    [
      'a quoted local part loses its quotes',
      mxProfile,
      ['MAIL FROM:<a@example.net>', 'RCPT TO:<"quoted local"@example.org>'],
      '550 5.1.1 <quoted local@example.org>: Recipient address rejected: User unknown in local recipient table',
    ],
    [
      'a trailing dot still names the local domain',
      mxProfile,
      ['MAIL FROM:<a@example.net>', 'RCPT TO:<bob@example.org.>'],
      '250 2.1.5 Ok',
    ],
    [
      'a malformed address literal',
      mxProfile,
      ['MAIL FROM:<a@example.net>', 'RCPT TO:<bob@[1.2.3]>'],
      '501 5.1.3 Bad recipient address syntax',
    ],
    [
      'a malformed HELO address literal',
      mxHardenedProfile,
      ['HELO [1.2.3.4] extra', 'MAIL FROM:<a@example.net>', 'RCPT TO:<bob@example.org>'],
      '501 5.5.2 <[1.2.3.4]?extra>: Helo command rejected: invalid ip address',
    ],
    [
      'a bare address is not fully qualified',
      mxHardenedProfile,
      ['HELO 127.0.0.1', 'MAIL FROM:<a@example.net>', 'RCPT TO:<bob@example.org>'],
      '504 5.5.2 <127.0.0.1>: Helo command rejected: need fully-qualified hostname',
    ],
    [
      'an underscore is a valid HELO character',
      mxHardenedProfile,
      ['HELO a_b.example', 'MAIL FROM:<a@example.net>', 'RCPT TO:<bob@example.org>'],
      '250 2.1.5 Ok',
    ],
    [
      'an unprintable LOGIN user name fails at once',
      submissionProfile,
      ['STARTTLS', '@TLS', 'AUTH LOGIN', 'QUIT'],
      '535 5.7.8 Error: authentication failed: (reason unavailable)',
    ],
  ])('%s', (_name, profile, lines, expected) => {
    expect(
      converse(profile, ...lines)
        .firstLines()
        .at(-1),
    ).toBe(expected);
  });
  it('hangs up after a malformed BDAT', () => {
    expect(converse(mxProfile, EHLO, 'BDAT', 'NOOP').session.closed).toBe(true);
  });
});

describe('Received: header (as a local Postfix 3.7 wrote it into /var/mail/bob)', () => {
  const receivedOf = (c: ReturnType<typeof converse>) => {
    const delivered = c.effects.find((e) => e.type === 'deliver');
    if (delivered?.type !== 'deliver') throw new Error('nothing delivered');
    return /^Received:.*\n(?:\t.*\n)*/m
      .exec(delivered.message.content)![0]
      .replace(/\d\d:\d\d:\d\d/g, 'hh:mm:ss');
  };
  it('says ESMTPSA after STARTTLS and AUTH, and nothing of the cipher or login', () => {
    const c = converse(
      submissionProfile,
      'STARTTLS',
      '@TLS',
      'EHLO laptop.example.net',
      PLAIN_OK,
      'MAIL FROM:<alice@example.net>',
      'RCPT TO:<bob@example.org>',
      'DATA',
      'Subject: x\r\n\r\nx\r\n.\r\n',
    );
    expect(receivedOf(c)).toMatch(
      /^Received: from laptop\.example\.net \(localhost \[127\.0\.0\.1\]\)\n\tby mx\.example\.org \(Postfix\) with ESMTPSA id ABCDEF01234\n\tfor <bob@example\.org>; \w{3}, [ \d]\d \w{3} \d{4} hh:mm:ss \+0000 \(UTC\)\n$/,
    );
  });
  it('puts the date after the id when there are several recipients', () => {
    const c = converse(
      mxProfile,
      'HELO laptop.example.net',
      'MAIL FROM:<alice@example.net>',
      'RCPT TO:<bob@example.org>',
      'RCPT TO:<postmaster@example.org>',
      'DATA',
      'Subject: x\r\n\r\nx\r\n.\r\n',
    );
    expect(receivedOf(c)).toMatch(
      /^Received: from laptop\.example\.net \(localhost \[127\.0\.0\.1\]\)\n\tby mx\.example\.org \(Postfix\) with SMTP id ABCDEF01234;\n\t\w{3}, [ \d]\d \w{3} \d{4} hh:mm:ss \+0000 \(UTC\)\n$/,
    );
  });
});

describe('line ends (differential findings)', () => {
  it('drops every CR before the LF', () => {
    expect(converse(mxProfile, 'NOOP\r\r\n').firstLines()).toEqual(['250 2.0.0 Ok']);
  });
  it('splits commands on any isspace() character', () => {
    expect(converse(mxProfile, 'MAIL\vFROM:<a@example.net>').firstLines()).toEqual([
      '250 2.1.0 Ok',
    ]);
  });
  it('on the hardened port, ends DATA only at <CR><LF>.<CR><LF>', () => {
    const c = converse(
      mxHardenedProfile,
      EHLO,
      'MAIL FROM:<a@example.net>',
      'RCPT TO:<bob@example.org>',
      'DATA',
      'a\r\n.\n.\r\n',
    );
    expect(c.session.phase).toBe('receivingData');
    c.type('.');
    expect(c.firstLines().at(-1)).toBe('550 5.5.2 mx.example.org Error: bare <LF> received');
  });
  it('on the hardened port, refuses a BDAT chunk with a bare LF and discards the rest', () => {
    const c = converse(
      mxHardenedProfile,
      EHLO,
      'MAIL FROM:<a@example.net>',
      'RCPT TO:<bob@example.org>',
    );
    c.session.receive('BDAT 2\r\na\nBDAT 3 LAST\r\nb\r\n');
    expect(c.firstLines().slice(-2)).toEqual([
      '550 5.5.2 mx.example.org Error: bare <LF> received',
      '551 5.0.0 Discarded 3 bytes after earlier error',
    ]);
    expect(c.session.phase).toBe('ready');
  });
});
