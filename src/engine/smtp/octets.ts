// Octet strings: one char per byte (0-255), the engine's wire representation (see types.ts).

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: false });
const strictDecoder = new TextDecoder('utf-8', { fatal: true });

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
