// Envelope arguments of MAIL FROM: / RCPT TO: (RFC 5321 §4.1.1.2-3), parsed as Postfix's
// extract_addr() does: lenient by default, angle brackets required with
// strict_rfc821_envelopes=yes.
import { smtpdTokens } from './smtpd-token.ts';
import { internalize822, parse822 } from './rfc822-parse.ts';
import { isValidUtf8, octetsToText } from './octets.ts';

export interface EnvelopeArgument {
  /** The address without angle brackets or source route; "" for the null sender <>. */
  readonly address: string;
  /** ESMTP parameters after the address ("SIZE=1000", "NOTIFY=NEVER"). */
  readonly params: readonly string[];
  /** The address as the client wrote it ("<alice@example.net>"), for log lines. */
  readonly token: string;
}

export type EnvelopeParse =
  | { readonly kind: 'ok'; readonly value: EnvelopeArgument }
  | { readonly kind: 'syntax' } // no "FROM:"/"TO:", or nothing after it
  /** `illegal`: extract_addr() refused it and logs "Illegal address syntax" (not so for a
   * "<" that never closes, which smtpd_token() already marks as an error). */
  | { readonly kind: 'bad-address'; readonly illegal: boolean; readonly token: string };

export interface EnvelopeOptions {
  /** strict_rfc821_envelopes: the address must be in "<...>", with nothing else there. */
  readonly strict: boolean;
  /** SMTPUTF8 was requested (MAIL FROM's own parameter counts): without it, a domain that
   * is not ASCII is bad syntax (smtpd_check_addr()). */
  readonly smtputf8?: boolean;
}

/** `argText` is what follows the verb, e.g. "FROM:<alice@example.net> SIZE=100", cut into
 * words as smtpd_token() cuts it and read as extract_addr() reads the address word. */
export function parseEnvelope(
  argText: string,
  keyword: 'FROM:' | 'TO:',
  options: EnvelopeOptions,
): EnvelopeParse {
  const words = smtpdTokens(argText);
  if (words.length < 2 || words[0]!.text.toUpperCase() !== keyword) return { kind: 'syntax' };
  const word = words[1]!;
  const token = word.text;
  const params = words.slice(2).map((w) => w.text);
  if (word.error) return { kind: 'bad-address', illegal: false, token };
  const smtputf8 =
    options.smtputf8 === true ||
    (keyword === 'FROM:' && params.some((p) => p.toUpperCase() === 'SMTPUTF8'));
  const address = addressInWord(token, { ...options, smtputf8 });
  return address === null
    ? { kind: 'bad-address', illegal: true, token }
    : { kind: 'ok', value: { address, params, token } };
}

/** extract_addr() and smtpd_check_addr() on one word: its address in internal form, or null
 * for "Illegal address syntax". "" is the null sender, which only MAIL FROM accepts. */
export function addressInWord(word: string, options: EnvelopeOptions): string | null {
  const address = extractAddress(word, options.strict);
  return address !== null && resolvable(address, options.smtputf8 === true) ? address : null;
}

/** extract_addr(): the one address in the word, in internal form; null for "Illegal address
 * syntax" (two addresses, or anything but one "<address>" when strict). */
function extractAddress(word: string, strict: boolean): string | null {
  const text = word.startsWith('<') && word.endsWith('>') ? word.slice(1, -1) : word;
  // Nearly every address is a plain dot-atom "local@domain": tok822 would give back the
  // same text, so it is spared the parse (test/unit/envelope-address.test.ts checks both
  // ways agree).
  if (PLAIN_ADDRESS.test(text)) return strict && !word.startsWith('<') ? null : text;
  return tokenizedAddress(word, text, strict);
}

/** RFC 5322 §3.2.3 atext, dot-atoms on both sides of one "@". */
const PLAIN_ADDRESS =
  /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*$/;

/** extract_addr() the long way, through tok822_parse(). Exported for the test that holds
 * the plain-address shortcut to it. */
export function tokenizedAddress(
  word: string,
  unbracketed: string,
  strict: boolean,
): string | null {
  let text = unbracketed;
  // RFC 5321 §4.1.1.3 / appendix C: a source route "@a,@b:user@domain" is dropped.
  if (text.startsWith('@') && text.includes(':')) text = text.slice(text.indexOf(':') + 1);
  let addresses = 0;
  let others = 0;
  let address = '';
  for (const t of parse822(text)) {
    if (t.type === 'addr') {
      addresses++;
      address = internalize822(t.head);
    } else if (t.type !== '<' && t.type !== '>') others++;
  }
  if (addresses > 1 || (strict && (others > 0 || !word.startsWith('<')))) return null;
  if (strict && address.startsWith('@')) return null;
  return address;
}

/** smtpd_check_addr() through trivial-rewrite's resolve_addr(): the domain after the last
 * "@" (this host's name when there is none) must be a valid hostname or address literal;
 * numeric domains are refused (resolve_numeric_domain = no). Not modelled: stripping a
 * local domain first and checking the one routed to inside the local part. */
function resolvable(address: string, smtputf8: boolean): boolean {
  if (address === '') return true; // the null sender; RCPT refuses it itself
  const at = address.lastIndexOf('@');
  if (at === -1) return true; // resolved as user@$myhostname
  // "Strip trailing dot at end of domain, but not dot-dot or at-dot."
  let domain = address.slice(at + 1);
  if (domain.endsWith('.') && !domain.endsWith('..') && domain !== '.')
    domain = domain.slice(0, -1);
  if (domain.startsWith('[')) return isAddressLiteral(domain);
  if (!isValidUtf8(address)) return false; // smtputf8_enable = yes
  // Without SMTPUTF8, Postfix behaves as before 3.0: no non-ASCII domains.
  if (!smtputf8 && /[^\x00-\x7f]/.test(domain)) return false;
  return isValidHostname(octetsToText(domain));
}

/** valid_hostname(): letters, digits, "_" and inner hyphens in labels of at most 63, dots
 * between labels, at most 255 in all, not all digits. A UTF-8 name (decoded here) counts its
 * letters, digits and marks as letters: its A-label is what Postfix checks. */
function isValidHostname(name: string): boolean {
  if (name === '' || name.length > 255 || /^[\d.]*$/.test(name)) return false;
  if (ASCII_HOSTNAME.test(name)) return true;
  return name
    .split('.')
    .every(
      (label) =>
        label.length > 0 &&
        label.length <= 63 &&
        /^[\p{L}\p{N}\p{M}_](?:[\p{L}\p{N}\p{M}_-]*[\p{L}\p{N}\p{M}_])?$/u.test(label),
    );
}

/** The ASCII names valid_hostname() takes (the usual case, without Unicode classes). */
const ASCII_HOSTNAME =
  /^[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*$/;

/** valid_mailhost_literal(), RFC 5321 §4.1.3: [192.0.2.1] or [IPv6:...], nothing after. */
function isAddressLiteral(domain: string): boolean {
  const v4 = /^\[(\d+)\.(\d+)\.(\d+)\.(\d+)\]$/.exec(domain);
  if (v4) {
    const octets = v4.slice(1).map(Number);
    // valid_ipv4_hostaddr(): "Allow 0.0.0.0 but not 0.1.2.3"
    return octets.every((o) => o <= 255) && (octets[0] !== 0 || octets.every((o) => o === 0));
  }
  return /^\[ipv6:[0-9a-f:.]+\]$/i.test(domain);
}

/** An address in its external form, as Postfix logs it (info_log_address_format = external,
 * quote_822_local()): a local part that is not a plain dot-string is quoted, with a backslash
 * before '"', '\\' and CR ('a b@x' is '"a b"@x'). */
export function externalAddress(address: string): string {
  const at = address.lastIndexOf('@');
  const local = at === -1 ? address : address.slice(0, at);
  if (local === '' || isDotString(local)) return address;
  const quoted = `"${local.replace(/["\\\r]/g, '\\$&')}"`;
  return at === -1 ? quoted : `${quoted}${address.slice(at)}`;
}

/** RFC 822 atoms separated by single dots (8-bit octets are left alone, as Postfix does). */
const isDotString = (local: string) => !/^\.|\.$|\.\.|[\x00-\x20\x7f()<>@,;:\\"[\]]/.test(local);

/** Splits "user@domain" at the last "@" outside quotes; domain "" when there is none. */
export function splitAddress(address: string): { local: string; domain: string } {
  const at = address.lastIndexOf('@');
  if (at === -1) return { local: address, domain: '' };
  return { local: address.slice(0, at), domain: address.slice(at + 1) };
}
