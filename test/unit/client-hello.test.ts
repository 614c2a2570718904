// The ClientHello reader of the socket adapter: what a real client offers, and any octets.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  keyExchangeOf,
  readClientHello,
  rsaPssDigestOf,
} from '../../src/adapters/tcp/client-hello.ts';

/** A minimal ClientHello record with the given extensions (type, body). */
function hello(extensions: Array<[number, number[]]>): Uint8Array {
  const u16 = (n: number) => [n >> 8, n & 0xff];
  const ext = extensions.flatMap(([type, body]) => [...u16(type), ...u16(body.length), ...body]);
  const body = [
    0x03,
    0x03,
    ...new Array(32).fill(7),
    0,
    ...u16(2),
    0x13,
    0x02,
    1,
    0,
    ...u16(ext.length),
    ...ext,
  ];
  const handshake = [1, 0, body.length >> 8, body.length & 0xff, ...body];
  return Uint8Array.from([22, 3, 1, ...u16(handshake.length), ...handshake]);
}
const list16 = (items: number[]) => {
  const bytes = items.flatMap((n) => [n >> 8, n & 0xff]);
  return [bytes.length >> 8, bytes.length & 0xff, ...bytes];
};
const shares = (groups: number[]) => {
  const entries = groups.flatMap((g) => [g >> 8, g & 0xff, 0, 2, 9, 9]);
  return [entries.length >> 8, entries.length & 0xff, ...entries];
};

describe('readClientHello', () => {
  it('finds the key shares, groups and signature schemes, and OpenSSL’s choice from them', () => {
    const offer = readClientHello(
      hello([
        [10, list16([0x0018, 0x001d, 0x0017])],
        [13, list16([0x0403, 0x0806, 0x0804])],
        [51, shares([0x0018, 0x001d])],
      ]),
    )!;
    expect(offer.keyShareGroups).toEqual([0x0018, 0x001d]);
    expect(keyExchangeOf(offer)).toBe('ECDHE (secp384r1)'); // the client's first share
    expect(rsaPssDigestOf(offer)).toBe('SHA512'); // its first rsa_pss_rsae scheme
  });

  it('without a usable share, the first common group (a HelloRetryRequest)', () => {
    const offer = readClientHello(
      hello([
        [10, list16([0x0100, 0x001e])],
        [51, shares([0x0100])],
      ]),
    )!;
    expect(keyExchangeOf(offer)).toBe('X448');
    expect(rsaPssDigestOf(offer)).toBe('SHA256');
  });

  it('is null for what is not a whole ClientHello, and never throws', () => {
    expect(readClientHello(Uint8Array.from([0x45, 0x48, 0x4c, 0x4f]))).toBeNull();
    expect(readClientHello(hello([]).subarray(0, 20))).toBeNull();
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        readClientHello(Uint8Array.from([22, 3, 1, ...bytes]));
      }),
    );
  });
});
