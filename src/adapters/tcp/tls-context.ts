// TLS for STARTTLS (RFC 3207) and implicit TLS (RFC 8314, port 465) from the committed,
// clearly labelled test certificate (test-certificate/README.md). It protects nothing.
import { readFileSync } from 'node:fs';
import { createSecureContext, type SecureContext, type TLSSocket } from 'node:tls';
import type { TlsInfo } from '../../engine/smtp/types.ts';
import { keyExchangeOf, rsaPssDigestOf, type ClientHelloOffer } from './client-hello.ts';

const CERT_DIR = new URL('./test-certificate/', import.meta.url);

let cached: SecureContext | undefined;

export function testSecureContext(): SecureContext {
  cached ??= createSecureContext({
    cert: readFileSync(new URL('cert.pem', CERT_DIR)),
    key: readFileSync(new URL('key.pem', CERT_DIR)),
  });
  return cached;
}

/** What Postfix logs for an established session, in OpenSSL's names: "TLSv1.2 with cipher
 * ECDHE-RSA-AES256-GCM-SHA384 (256/256 bits)"; for TLS 1.3 also the key exchange and the
 * server's signature ("key-exchange X25519 server-signature RSA-PSS (2048 bits) server-digest
 * SHA256"), derived from the client's offer as OpenSSL chooses (client-hello.ts). */
export function tlsInfoOf(socket: TLSSocket, offer: ClientHelloOffer | null): TlsInfo {
  const cipher = socket.getCipher()?.name ?? 'unknown';
  const protocol = socket.getProtocol() ?? 'unknown';
  const info: TlsInfo = { protocol, cipher, bits: cipherBits(cipher) };
  if (protocol !== 'TLSv1.3' || offer === null) return info;
  const keyExchange = keyExchangeOf(offer);
  if (keyExchange === null) return info;
  const bits = (socket.getCertificate() as { bits?: number } | null)?.bits ?? 2048;
  return {
    ...info,
    keyExchange,
    serverSignature: { algorithm: 'RSA-PSS', bits, digest: rsaPssDigestOf(offer) },
  };
}

/** Symmetric key size from the cipher name: AES_128/AES_256/CHACHA20 (always 256 bits). */
function cipherBits(cipher: string): number {
  const aes = /AES[_-]?(128|256)/i.exec(cipher);
  if (aes) return Number(aes[1]);
  return /CHACHA20/i.test(cipher) ? 256 : 0;
}
