// The TLSA records the world publishes are computed from the certificates its servers present:
// checked here against Node's own SHA-256 and X.509 parser (OpenSSL underneath).
import { createHash, X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CERTIFICATES } from '../../src/engine/tools/openssl-certificates.ts';
import { sha256, tlsaFor } from '../../src/engine/world/tlsa.ts';

describe('sha256', () => {
  it.each(['', 'abc', 'x'.repeat(55), 'x'.repeat(56), 'x'.repeat(64), 'é'.repeat(1000)])(
    'hashes %j as FIPS 180-4 does',
    (text) => {
      const ours = Buffer.from(sha256(new TextEncoder().encode(text))).toString('hex');
      expect(ours).toBe(createHash('sha256').update(text).digest('hex'));
    },
  );
});

describe('tlsaFor', () => {
  it.each(Object.keys(CERTIFICATES))('pins the key of the certificate for %s', (name) => {
    const pem = `-----BEGIN CERTIFICATE-----\n${CERTIFICATES[name]!.trim()}\n-----END CERTIFICATE-----\n`;
    const spki = new X509Certificate(pem).publicKey.export({ type: 'spki', format: 'der' });
    const expected = createHash('sha256').update(spki).digest('hex').toUpperCase();
    const [usage, selector, matching, ...words] = tlsaFor(name)!.split(' ');
    expect([usage, selector, matching]).toEqual(['3', '1', '1']);
    expect(words.join('')).toBe(expected);
    expect(words.slice(0, -1).every((w) => w.length === 56)).toBe(true);
  });

  it('has nothing for a name without a certificate', () => {
    expect(tlsaFor('nowhere.example.org')).toBeNull();
  });
});
