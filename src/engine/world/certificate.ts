// The certificate each server shows in its TLS handshake. Every server of the world is set up
// like the recorded Postfix (shared/fidelity/config/tls-cert-info.txt): a self-signed
// RSA-2048 certificate (subject CN, issuer CN and one subjectAltName), made on the
// recording's day, valid ten years. It is issued for the host's own name unless a scenario
// gives the server one for another name (smtpd_tls_cert_file, profile.tls.certificateName).
import type { Host } from './world.ts';

export interface Certificate {
  readonly subject: string;
  readonly issuer: string;
  /** The one subjectAltName (DNS), the same name as the CN. */
  readonly name: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly selfSigned: boolean;
  /** Octets of its DER encoding (what a TLS Certificate message carries). */
  readonly derLength: number;
}

const NOT_BEFORE = new Date('2026-11-27T17:36:44Z');
const NOT_AFTER = new Date('2036-11-24T17:36:44Z');

/** The recorded certificate for mx.example.org is 818 octets; a name's length counts three
 * times (subject, issuer, subjectAltName): mail.example.net's, made the same way, is 824
 * (test/fixtures/postfix-policy/certificate-name-openssl.txt). */
const derLengthFor = (name: string) => 818 + 3 * (name.length - 'mx.example.org'.length);

/** The name the certificate of `host`'s service on `port` is issued for. */
export function certificateNameOf(host: Host, port: number): string {
  return host.services[port]?.tls.certificateName ?? host.name;
}

export function certificateFor(name: string): Certificate {
  return {
    subject: `CN=${name}`,
    issuer: `CN=${name}`,
    name,
    notBefore: NOT_BEFORE,
    notAfter: NOT_AFTER,
    selfSigned: true,
    derLength: derLengthFor(name),
  };
}

/** The certificate `host` presents on `port`. */
export function certificateOf(host: Host, port: number): Certificate {
  return certificateFor(certificateNameOf(host, port));
}

/** X509_check_host() (OpenSSL 3.0, the name check of openssl s_client -verify_hostname and
 * of curl): the certificate's subjectAltName DNS name against the name the client expects,
 * without regard to case; a "*" left-most label stands for exactly one label (RFC 6125
 * §6.4.3). With a subjectAltName present, the CN is not looked at. */
export function certificateMatches(certificate: Certificate, expected: string): boolean {
  const want = expected.toLowerCase().replace(/\.$/, '');
  const have = certificate.name.toLowerCase();
  if (!have.startsWith('*.')) return have === want;
  const dot = want.indexOf('.');
  return dot > 0 && want.slice(dot) === have.slice(1) && have.split('.').length > 2;
}
