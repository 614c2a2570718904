// The two Python notations capture.py relies on: bytes literals in @RAW/@SEND lines
// (ast.literal_eval) and bytes.decode('utf-8', 'backslashreplace') for what it records.

const SIMPLE_ESCAPES: Record<string, number> = {
  '\\': 0x5c,
  "'": 0x27,
  '"': 0x22,
  a: 0x07,
  b: 0x08,
  f: 0x0c,
  n: 0x0a,
  r: 0x0d,
  t: 0x09,
  v: 0x0b,
};

/** b'...' or b"..." (no raw or triple-quoted forms) to the bytes it denotes. */
export function parseBytesLiteral(literal: string): Buffer {
  const m = /^[bB](['"])(.*)\1$/s.exec(literal.trim());
  if (!m) throw new Error(`not a Python bytes literal: ${literal}`);
  const body = m[2];
  const out: number[] = [];
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch !== '\\') {
      const code = ch.charCodeAt(0);
      if (code > 0x7f) throw new Error(`bytes literal with a non-ASCII character: ${literal}`);
      out.push(code);
      continue;
    }
    const next = body[++i];
    if (next === 'x') {
      const hex = body.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) throw new Error(`bad \\x escape in ${literal}`);
      out.push(parseInt(hex, 16));
      i += 2;
    } else if (next !== undefined && /[0-7]/.test(next)) {
      const oct = /^[0-7]{1,3}/.exec(body.slice(i))![0];
      out.push(parseInt(oct, 8) & 0xff);
      i += oct.length - 1;
    } else if (next === '\n') {
      // line continuation: nothing
    } else if (next !== undefined && next in SIMPLE_ESCAPES) {
      out.push(SIMPLE_ESCAPES[next]);
    } else {
      out.push(0x5c); // Python keeps unknown escapes as they are
      if (next !== undefined) out.push(next.charCodeAt(0));
    }
  }
  return Buffer.from(out);
}

/** Python's bytes.decode('utf-8', 'backslashreplace'): invalid bytes become "\xNN". */
export function decodeUtf8Backslash(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    let out = '';
    let i = 0;
    while (i < bytes.length) {
      const n = utf8SequenceLength(bytes, i);
      if (n > 0) {
        out += Buffer.from(bytes.subarray(i, i + n)).toString('utf8');
        i += n;
      } else {
        out += `\\x${bytes[i].toString(16).padStart(2, '0')}`;
        i += 1;
      }
    }
    return out;
  }
}

/** Length of the well-formed UTF-8 sequence at `i` (Unicode Table 3-7), or 0. */
function utf8SequenceLength(b: Uint8Array, i: number): number {
  const c0 = b[i];
  const cont = (k: number, lo = 0x80, hi = 0xbf) =>
    i + k < b.length && b[i + k] >= lo && b[i + k] <= hi;
  if (c0 <= 0x7f) return 1;
  if (c0 >= 0xc2 && c0 <= 0xdf) return cont(1) ? 2 : 0;
  if (c0 === 0xe0) return cont(1, 0xa0) && cont(2) ? 3 : 0;
  if (c0 === 0xed) return cont(1, 0x80, 0x9f) && cont(2) ? 3 : 0;
  if (c0 >= 0xe1 && c0 <= 0xef) return cont(1) && cont(2) ? 3 : 0;
  if (c0 === 0xf0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (c0 === 0xf4) return cont(1, 0x80, 0x8f) && cont(2) && cont(3) ? 4 : 0;
  if (c0 >= 0xf1 && c0 <= 0xf3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}
