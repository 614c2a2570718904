// Octet strings: one char per byte (0-255), the engine's wire representation (see types.ts).

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: false });
const strictDecoder = new TextDecoder('utf-8', { fatal: true });

/** The length of text in UTF-8 octets (ASCII without encoding it). */
export function utf8Length(text: string): number {
  if (!/[^\x00-\x7f]/.test(text)) return text.length;
  return encoder.encode(text).length;
}

/** How many times `char` occurs in `text` (counted without splitting it). */
export function countOf(text: string, char: string): number {
  let count = 0;
  for (let at = text.indexOf(char); at !== -1; at = text.indexOf(char, at + 1)) count++;
  return count;
}

/** Readable text -> its UTF-8 bytes as an octet string. */
export function textToOctets(text: string): string {
  // Fast path: pure ASCII needs no conversion.
  if (!/[^\x00-\x7f]/.test(text)) return text;
  return bytesToOctets(encoder.encode(text));
}

/** Octet string -> readable text (invalid UTF-8 becomes U+FFFD). */
export function octetsToText(octets: string): string {
  if (!/[^\x00-\x7f]/.test(octets)) return octets;
  return decoder.decode(octetsToBytes(octets));
}

function bytesToOctets(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    out += String.fromCharCode(...bytes.subarray(i, i + 8192));
  }
  return out;
}

export function octetsToBytes(octets: string): Uint8Array {
  const bytes = new Uint8Array(octets.length);
  for (let i = 0; i < octets.length; i++) bytes[i] = octets.charCodeAt(i) & 0xff;
  return bytes;
}

/** Postfix valid_utf8_stringz(): the command up to its first NUL must be valid UTF-8. */
export function isValidUtf8(octets: string): boolean {
  const nul = octets.indexOf('\0');
  const checked = nul === -1 ? octets : octets.slice(0, nul);
  if (!/[^\x00-\x7f]/.test(checked)) return true;
  try {
    strictDecoder.decode(octetsToBytes(checked));
    return true;
  } catch {
    return false;
  }
}

/** Postfix's printable() with smtputf8_enable: printable ASCII and UTF-8 sequences stay, every
 * other octet becomes `replacement` (log lines use '?', restriction replies ' '). */
export function printable(octets: string, replacement: string): string {
  if (!/[^\x20-\x7e]/.test(octets)) return octets;
  let out = '';
  for (let i = 0; i < octets.length; i++) {
    const c = octets.charCodeAt(i);
    if (c >= 0x20 && c <= 0x7e) {
      out += octets[i];
    } else if (c >= 194 && c <= 254 && isContinuation(octets.charCodeAt(i + 1))) {
      // A UTF-8 lead octet: it and the continuation octets after it stay as they are.
      let end = i + 1;
      while (isContinuation(octets.charCodeAt(end))) end++;
      out += octets.slice(i, end);
      i = end - 1;
    } else {
      out += replacement;
    }
  }
  return out;
}

const isContinuation = (c: number) => c >= 128 && c < 192;
