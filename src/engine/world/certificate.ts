// The certificate each server shows in its TLS handshake. Every server of the world is set up
// like the recorded Postfix (shared/fidelity/config/tls-cert-info.txt): a self-signed
// RSA-2048 certificate for its own name (subject CN, issuer CN and one subjectAltName), made
// on the recording's day, valid ten years.
import type { Host } from './world.ts';

export interface Certificate {
  readonly subject: string;
  readonly issuer: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly selfSigned: boolean;
  /** Octets of its DER encoding (what a TLS Certificate message carries). */
  readonly derLength: number;
}

const NOT_BEFORE = new Date('2026-11-27T17:36:44Z');
const NOT_AFTER = new Date('2036-11-24T17:36:44Z');

/** The recorded certificate for mx.example.org is 818 octets; a name's length counts three
 * times (subject, issuer, subjectAltName). */
const derLengthFor = (name: string) => 818 + 3 * (name.length - 'mx.example.org'.length);

export function certificateOf(host: Host): Certificate {
  return {
    subject: `CN=${host.name}`,
    issuer: `CN=${host.name}`,
    notBefore: NOT_BEFORE,
    notAfter: NOT_AFTER,
    selfSigned: true,
    derLength: derLengthFor(host.name),
  };
}
