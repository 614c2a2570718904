// TLS for STARTTLS (RFC 3207) and implicit TLS (RFC 8314, port 465) from the committed,
// clearly labelled test certificate (test-certificate/README.md). It protects nothing.
import { readFileSync } from 'node:fs';
import { createSecureContext, type SecureContext, type TLSSocket } from 'node:tls';
import type { TlsInfo } from '../../engine/smtp/types.ts';

const CERT_DIR = new URL('./test-certificate/', import.meta.url);

let cached: SecureContext | undefined;

export function testSecureContext(): SecureContext {
  cached ??= createSecureContext({
    cert: readFileSync(new URL('cert.pem', CERT_DIR)),
    key: readFileSync(new URL('key.pem', CERT_DIR)),
  });
  return cached;
}

/** What Postfix logs for an established session: "TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)". */
export function tlsInfoOf(socket: TLSSocket): TlsInfo {
  const cipher = socket.getCipher()?.standardName ?? socket.getCipher()?.name ?? 'unknown';
  return { protocol: socket.getProtocol() ?? 'unknown', cipher, bits: cipherBits(cipher) };
}

/** Symmetric key size from the cipher name: AES_128/AES_256/CHACHA20 (always 256 bits). */
function cipherBits(cipher: string): number {
  const aes = /AES[_-]?(128|256)/i.exec(cipher);
  if (aes) return Number(aes[1]);
  return /CHACHA20/i.test(cipher) ? 256 : 0;
}
