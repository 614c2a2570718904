// MAIL FROM, RCPT TO and VRFY addresses read as Postfix 3.7 reads them: smtpd_token() words,
// tok822_parse() addresses, trivial-rewrite's domain check. Every row's reply was seen from
// the real Postfix (test/tools/postfix-probes.json replays them against it).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tokenizedAddress } from '../../src/engine/smtp/address.ts';
import { converse } from '../tools/converse.ts';
import { mxHardenedProfile, mxProfile } from '../../src/engine/smtp/profiles.ts';
import { smtpdTokens } from '../../src/engine/smtp/smtpd-token.ts';
import { internalize822, parse822 } from '../../src/engine/smtp/rfc822-parse.ts';

const EHLO = 'EHLO client.example.net';
const UNKNOWN = (a: string) =>
  `550 5.1.1 <${a}>: Recipient address rejected: User unknown in local recipient table`;
const BAD_RCPT = '501 5.1.3 Bad recipient address syntax';
const BAD_SENDER = '501 5.1.7 Bad sender address syntax';

function rcpt(address: string, sender = 'MAIL FROM:<alice@example.net>') {
  const c = converse(mxProfile, EHLO, sender, `RCPT TO:<${address}>`);
  return { reply: c.firstLines().at(-1), logs: c.logs() };
}

describe('RCPT TO: brackets, quotes and comments (tok822)', () => {
  it.each([
    // a "[" opens a domain literal to "]" or the end: a word beside another is two addresses
    ['a[b@example.org', BAD_RCPT],
    ['a[b]@example.org', BAD_RCPT],
    ['a@ex[ample.org', BAD_RCPT],
    // the domain must be a whole, valid address literal
    ['a@[b', BAD_RCPT],
    ['a@[b]', BAD_RCPT],
    ['a@example.org[', BAD_RCPT],
    ['a@[1.2.3.4]x', BAD_RCPT],
    ['a@[1.2.3.4]', '554 5.7.1 <a@[1.2.3.4]>: Relay access denied'],
    // a literal that is a whole word, joined by an operator, is fine
    ['[x]@example.org', UNKNOWN('[x]@example.org')],
    ['a.[b]@example.org', UNKNOWN('a.[b]@example.org')],
    ['a]b@example.org', UNKNOWN('a]b@example.org')],
    ['a)b@example.org', UNKNOWN('a)b@example.org')],
    ['a:b@example.org', UNKNOWN('a:b@example.org')],
    // quotes: two words, or one that never closes
    ['"x"y@example.org', BAD_RCPT],
    ['a"b@example.org', BAD_RCPT],
    ['"a@b', BAD_RCPT],
    ['a b@example.org', BAD_RCPT],
    ['bob @ example.org', '250 2.1.5 Ok'],
    ['"bob"@example.org', '250 2.1.5 Ok'],
    ['a\\\\b@example.org', UNKNOWN('a\\b@example.org')],
    // a comment is set aside, even one that swallows the rest
    ['a(b@example.org', UNKNOWN('a')],
    ['bob@example.org (Bob)', '250 2.1.5 Ok'],
    // lists and groups
    ['a,b@example.org', BAD_RCPT],
    ['a@example.org,b@example.org', BAD_RCPT],
    ['a;b@example.org', BAD_RCPT],
    ['g:a@example.org;', UNKNOWN('a@example.org')],
    ['a<b@example.org', BAD_RCPT],
    ['a@b@example.org', '554 5.7.1 <a@b@example.org>: Relay access denied'],
  ])('%s', (address, expected) => {
    expect(rcpt(address).reply).toBe(expected);
  });

  it('logs "Illegal address syntax" for what extract_addr() refuses, not for an open quote', () => {
    const illegal = rcpt('a[b]@example.org').logs.filter((l) => l.includes('Illegal address'));
    expect(illegal).toHaveLength(1);
    expect(illegal[0]).toMatch(
      /^warning: Illegal address syntax from .* in RCPT command: <a\[b\]@example\.org>$/,
    );
    // smtpd_token() already marked '"' without its partner as an error: no warning
    expect(rcpt('a"b@example.org').logs.some((l) => l.includes('Illegal address'))).toBe(false);
  });

  it('a control character is logged escaped and the reply shows it as a blank', () => {
    const { reply, logs } = rcpt('a\x1b[2J@example.org');
    expect(reply).toBe(BAD_RCPT);
    const log = logs.find((l) => l.includes('Illegal address'))!;
    expect(log.endsWith('in RCPT command: <a?[2J@example.org>')).toBe(true);
    expect(logs.every((l) => !/[\x00-\x1f\x7f]/.test(l))).toBe(true);
  });
});

describe('the domain after the last "@" (trivial-rewrite)', () => {
  it.each([
    ['MAIL FROM:<a@>', BAD_SENDER],
    ['MAIL FROM:<a@1.2.3.4>', BAD_SENDER], // resolve_numeric_domain = no
    ['MAIL FROM:<a@[0.1.2.3]>', BAD_SENDER], // "Allow 0.0.0.0 but not 0.1.2.3"
    ['MAIL FROM:<a@example.net.>', '250 2.1.0 Ok'], // a trailing dot is stripped
    ['MAIL FROM:<a@ex..net>', BAD_SENDER],
    ['MAIL FROM:<a@-ex.net>', BAD_SENDER],
    ['MAIL FROM:<a@x_y.net>', '250 2.1.0 Ok'], // valid_hostname() allows "_"
    ['MAIL FROM:<a@ex\u00e4mple.net>', BAD_SENDER], // UTF-8 domain without SMTPUTF8
    ['MAIL FROM:<a@ex\u00e4mple.net> SMTPUTF8', '250 2.1.0 Ok'],
  ])('%s', (line, expected) => {
    expect(converse(mxProfile, EHLO, line).firstLines().at(-1)).toBe(expected);
  });

  it('RCPT takes a UTF-8 domain only in a transaction that asked for SMTPUTF8', () => {
    expect(rcpt('bob@ex\u00e4mple.org').reply).toBe(BAD_RCPT);
    expect(rcpt('bob@ex\u00e4mple.org', 'MAIL FROM:<alice@example.net> SMTPUTF8').reply).toBe(
      '554 5.7.1 <bob@ex\u00e4mple.org>: Relay access denied',
    );
  });
});

describe('MAIL FROM: words around the address', () => {
  it.each([
    ['MAIL FROM:a@b>', '250 2.1.0 Ok'],
    ['MAIL FROM:"a b"@x.net', '250 2.1.0 Ok'], // a quoted word holds its blank
    ['MAIL FROM:<a@b.c(comment)>', '250 2.1.0 Ok'],
    ['MAIL FROM:John <a@b.net>', '555 5.5.4 Unsupported option: <a@b.net>'],
    ['MAIL FROM:<John <a@b.net>>', '250 2.1.0 Ok'],
    ['MAIL FROM:<()>', '250 2.1.0 Ok'],
    ['MAIL FROM :<a@b.net>', '501 5.5.4 Syntax: MAIL FROM:<address>'],
    ['MAIL FROM:<a@b.net>x', BAD_SENDER],
  ])('%s', (line, expected) => {
    expect(converse(mxProfile, EHLO, line).firstLines().at(-1)).toBe(expected);
  });

  it('strict_rfc821_envelopes refuses anything beside the one <address>', () => {
    const c = converse(mxHardenedProfile, EHLO, 'MAIL FROM:<a@b.c(comment)>', 'MAIL FROM:a@b.c');
    expect(c.firstLines().slice(1)).toEqual([BAD_SENDER, BAD_SENDER]);
  });
});

describe('VRFY reads its words as one sloppy address', () => {
  it.each([
    ['VRFY bob SMTPUTF8', '252 2.0.0 bob'],
    ['VRFY <bob>', '252 2.0.0 <bob>'],
    ['VRFY <bob', UNKNOWN('<bob')],
    ['VRFY a b', BAD_RCPT],
    ['VRFY <>', BAD_RCPT],
    ['VRFY "a b"', UNKNOWN('a b')],
    ['VRFY bob@[b]', BAD_RCPT],
    ['VRFY <bob@example.org> x', BAD_RCPT],
  ])('%s', (line, expected) => {
    expect(converse(mxProfile, EHLO, line).firstLines().at(-1)).toBe(expected);
  });
});

describe('the tokenizers themselves', () => {
  it('smtpd_token(): FROM: is a word of its own, <...> and "..." hold blanks and nest', () => {
    expect(smtpdTokens('FROM:<a b@c> SIZE=1').map((t) => t.text)).toEqual([
      'FROM:',
      '<a b@c>',
      'SIZE=1',
    ]);
    expect(smtpdTokens('TO:<a<b>c>')).toEqual([
      { text: 'TO:', error: false },
      { text: '<a<b>c>', error: false },
    ]);
    expect(smtpdTokens('TO:<a"b>').at(-1)).toEqual({ text: '<a"b>', error: true });
  });

  it('tok822_parse(): adjacent words are separate addresses; comments are set aside', () => {
    const addresses = (text: string) =>
      parse822(text).flatMap((t) => (t.type === 'addr' ? [internalize822(t.head)] : []));
    expect(addresses('a b@c')).toEqual(['a', 'b@c']);
    expect(addresses('"a b"@c (x)')).toEqual(['a b@c']);
    expect(addresses('John <a@b>, g: c@d, e@f;')).toEqual(['a@b', 'c@d', 'e@f']);
    expect(addresses('')).toEqual([]);
  });
});

describe('the plain-address shortcut', () => {
  const atext = fc.constantFrom(..."abcxyzABZ019!#$%&'*+/=?^_`{|}~-".split(''));
  const atom = fc.string({ unit: atext, minLength: 1, maxLength: 6 });
  const label = fc.string({
    unit: fc.constantFrom(...'abz09-'.split('')),
    minLength: 1,
    maxLength: 6,
  });
  const plain = fc
    .tuple(
      fc.array(atom, { minLength: 1, maxLength: 3 }),
      fc.array(label, { minLength: 1, maxLength: 3 }),
    )
    .map(([local, domain]) => `${local.join('.')}@${domain.join('.')}`);

  it('gives what tok822 gives, for every plain dot-atom address', () => {
    fc.assert(
      fc.property(plain, fc.boolean(), (address, strict) => {
        expect(tokenizedAddress(`<${address}>`, address, strict)).toBe(address);
        if (!strict) expect(tokenizedAddress(address, address, false)).toBe(address);
        expect(tokenizedAddress(address, address, true)).toBeNull();
      }),
      { numRuns: 2000 },
    );
  });
});
