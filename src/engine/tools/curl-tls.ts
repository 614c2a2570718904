// What curl -v shows of TLS (curl 7.88.1 with OpenSSL 3.0.22, as recorded in
// shared/fidelity/tools/curl-587-starttls-auth.txt): each handshake message with its size, the
// session, the server's certificate; then a 5-octet record header before whatever goes either
// way inside TLS. The sizes are those of Postfix's TLS 1.3 handshake; the Certificate message
// is the certificate's DER and 13 octets of framing.
import { TLS_SESSION } from '../world/connection.ts';
import type { Certificate } from '../world/certificate.ts';
import type { CurlOutput } from './curl-output.ts';
import { MONTHS } from '../months.ts';

/** A TLS record's header: what the trace shows of every record inside TLS. */
export const RECORD_HEADER = 5;

/** OpenSSL's version, as curl prefixes its errors. */
export const OPENSSL = 'OpenSSL/3.0.22';

export const SELF_SIGNED = 'SSL certificate problem: self-signed certificate';

/** The lines curl -S adds after "curl: (60) ..." (src/tool_operate.c, CURL_CA_CERT_ERRORMSG). */
export const CA_CERT_ERROR = [
  'More details here: https://curl.se/docs/sslcerts.html',
  '',
  'curl failed to verify the legitimacy of the server and therefore could not',
  'establish a secure connection to it. To learn more about this situation and',
  'how to fix it, please visit the web page mentioned above.',
];

const handshake = (direction: 'IN' | 'OUT', message: string) =>
  `TLSv1.3 (${direction}), TLS handshake, ${message}:`;

/** ASN1_TIME_print(): "Nov 27 17:36:44 2026 GMT". */
function certificateDate(d: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  const time = `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
  return `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2)} ${time} ${d.getUTCFullYear()} GMT`;
}

export type HandshakeOutcome = 'up' | 'not-tls' | 'untrusted';

/** The handshake as far as it went: up, the server's answer not TLS at all ("wrong version
 * number"), or its certificate refused (curl without -k). curl's error follows, from its
 * caller. */
export function traceHandshake(
  out: CurlOutput,
  certificate: Certificate,
  options: { verify: boolean; outcome: HandshakeOutcome },
): void {
  out.data('out', RECORD_HEADER);
  out.note(handshake('OUT', 'Client hello (1)'));
  out.data('out', 512);
  if (options.verify) {
    out.note(' CAfile: /etc/ssl/certs/ca-certificates.crt');
    out.note(' CApath: /etc/ssl/certs');
  }
  out.data('in', RECORD_HEADER);
  if (options.outcome === 'not-tls') return;
  out.note(handshake('IN', 'Server hello (2)'));
  out.data('in', 122);
  out.note(handshake('IN', 'Encrypted Extensions (8)'));
  out.data('in', 6);
  out.note(handshake('IN', 'Certificate (11)'));
  out.data('in', certificate.derLength + 13);
  if (options.outcome === 'untrusted') {
    out.note('TLSv1.3 (OUT), TLS alert, unknown CA (560):');
    out.data('out', 2);
    return;
  }
  out.note(handshake('IN', 'CERT verify (15)'));
  out.data('in', 264);
  out.note(handshake('IN', 'Finished (20)'));
  out.data('in', 52);
  out.note('TLSv1.3 (OUT), TLS change cipher, Change cipher spec (1):');
  out.data('out', 1);
  out.note(handshake('OUT', 'Finished (20)'));
  out.data('out', 52);
  out.note(`SSL connection using ${TLS_SESSION.protocol} / ${TLS_SESSION.cipher}`);
  out.note('Server certificate:');
  out.note(` subject: ${certificate.subject}`);
  out.note(` start date: ${certificateDate(certificate.notBefore)}`);
  out.note(` expire date: ${certificateDate(certificate.notAfter)}`);
  out.note(` issuer: ${certificate.issuer}`);
  out.note(
    certificate.selfSigned
      ? ' SSL certificate verify result: self-signed certificate (18), continuing anyway.'
      : ' SSL certificate verify ok.',
  );
}

/** The session ticket the server sends once the handshake is over, read with the next
 * reply (Postfix sends one). */
export function traceSessionTicket(out: CurlOutput): void {
  out.data('in', RECORD_HEADER);
  out.note(handshake('IN', 'Newsession Ticket (4)'));
  out.data('in', 233);
}

/** curl closes TLS: the server's close_notify first when it already sent one (after 221). */
export function traceCloseNotify(out: CurlOutput, serverClosedFirst: boolean): void {
  const alert = (direction: 'IN' | 'OUT') =>
    `TLSv1.3 (${direction}), TLS alert, close notify (256):`;
  if (serverClosedFirst) {
    out.data('in', RECORD_HEADER);
    out.note(alert('IN'));
    out.data('in', 2);
  }
  out.data('out', RECORD_HEADER);
  out.note(alert('OUT'));
  out.data('out', 2);
}
