// Envelope arguments of MAIL FROM: / RCPT TO: (RFC 5321 §4.1.1.2-3), parsed as Postfix's
// extract_addr() does: lenient by default, angle brackets required with
// strict_rfc821_envelopes=yes.

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

/** `argText` is what follows the verb, e.g. "FROM:<alice@example.net> SIZE=100". */
export function parseEnvelope(
  argText: string,
  keyword: 'FROM:' | 'TO:',
  strict: boolean,
): EnvelopeParse {
  if (argText.slice(0, keyword.length).toUpperCase() !== keyword) return { kind: 'syntax' };
  // RFC 5321 forbids a space after the colon; Postfix tolerates it even in strict mode.
  const rest = argText.slice(keyword.length).replace(/^[ \t\r\v\f]+/, '');
  if (rest === '') return { kind: 'syntax' };

  const token = rest.startsWith('<') ? bracketedToken(rest) : rest.split(/[ \t\r\v\f]+/, 1)[0]!;
  const params = rest
    .slice(token.length)
    .split(/[ \t\r\v\f]+/)
    .filter(Boolean);
  if (token.startsWith('<') && !token.endsWith('>'))
    return { kind: 'bad-address', illegal: false, token };
  const address = addressOf(token, strict);
  return address === null
    ? { kind: 'bad-address', illegal: true, token }
    : { kind: 'ok', value: { address, params, token } };
}

/** A control octet (or a CR between words) in the domain: trivial-rewrite's resolve finds no
 * valid hostname there (RESOLVE_FLAG_ERROR), so the address is bad syntax. */
export function hasBadDomain(address: string): boolean {
  return /[\x00-\x1f\x7f]/.test(splitAddress(address).domain);
}

/** "<...>" up to the matching ">" outside quotes; the whole rest when it never closes. */
function bracketedToken(text: string): string {
  let quoted = false;
  for (let i = 1; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '"') quoted = !quoted;
    else if (c === '>' && !quoted) {
      const end = text.slice(i + 1).search(/[ \t\r\v\f]|$/);
      return text.slice(0, i + 1 + end);
    }
  }
  return text;
}

function addressOf(token: string, strict: boolean): string | null {
  let inner: string;
  if (token.startsWith('<')) {
    if (!token.endsWith('>')) return null;
    inner = token.slice(1, -1);
  } else {
    if (strict) return null; // strict_rfc821_envelopes: "Illegal address syntax"
    if (token.includes('<') || token.includes('>')) return null;
    inner = token;
  }
  // Unquoted blanks are ignored, as RFC 822 tokenizing does ("<alice @example.net>").
  inner = inner.replace(
    /("(?:[^"\\]|\\.)*")|[ \t]+/g,
    (_, quoted: string | undefined) => quoted ?? '',
  );
  // RFC 5321 §4.1.1.3 / appendix C: a source route "@a,@b:user@domain" is dropped.
  const route = /^@[^:]*:/.exec(inner);
  if (route) inner = inner.slice(route[0].length);
  if (inner.includes('<') || inner.includes('>')) return null;
  const { domain } = splitAddress(inner);
  if (domain.startsWith('[') && !isAddressLiteral(domain)) return null;
  if (hasBadDomain(inner)) return null;
  // The internal form drops the quotes of a quoted local part ("a b"@x -> a b@x).
  return inner.replace(/"((?:[^"\\]|\\.)*)"/g, (_, quoted: string) =>
    quoted.replace(/\\(.)/g, '$1'),
  );
}

/** RFC 5321 §4.1.3: [192.0.2.1] or [IPv6:...]. */
function isAddressLiteral(domain: string): boolean {
  const v4 = /^\[(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\]$/.exec(domain);
  if (v4) return v4.slice(1).every((octet) => Number(octet) <= 255);
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
