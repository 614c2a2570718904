// What openssl s_client (OpenSSL 3.0.22, Debian 12) prints about a TLS connection, line for
// line as recorded in shared/fidelity/tools/openssl-*.txt: the verify callback, the
// certificate and connection report (or -brief's summary), the session a TLSv1.3 ticket
// brings, the lines of its error queue, and the byte counts of the handshake.
import { TLS_SESSION } from '../world/connection.ts';
import { CERTIFICATES, NOT_AFTER, NOT_BEFORE } from './openssl-certificates.ts';
import { own } from '../own.ts';
import { certificateFor, certificateMatches } from '../world/certificate.ts';

/** Entries of OpenSSL's error queue, after "<thread id>:error:". */
export const SSL_ERRORS = {
  wrongVersion:
    '0A00010B:SSL routines:ssl3_get_record:wrong version number:../ssl/record/ssl3_record.c:350:',
  unexpectedEof:
    '0A000126:SSL routines:ssl3_read_n:unexpected eof while reading:../ssl/record/rec_layer_s3.c:318:',
  cannotRenegotiate:
    '0A00010A:SSL routines:can_renegotiate:wrong ssl version:../ssl/ssl_lib.c:2287:',
  /** getaddrinfo() failed; its gai_strerror() follows. */
  lookup: '10080002:BIO routines:BIO_lookup_ex:system lib:../crypto/bio/bio_addr.c:746:',
} as const;

export function errorLine(threadId: string, entry: string): string {
  return `${threadId}:error:${entry}`;
}

/** Bytes that look random but are the same for the same seed: tests compare whole outputs. */
function bytesFrom(seed: string, count: number): number[] {
  let state = 2166136261; // FNV-1a of the seed, then mulberry32
  for (const c of seed) state = Math.imul(state ^ c.charCodeAt(0), 16777619);
  const bytes: number[] = [];
  for (let i = 0; i < count; i++) {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    bytes.push((t ^ (t >>> 14)) & 0xff);
  }
  return bytes;
}

const hex = (bytes: readonly number[]) =>
  bytes.map((b) => b.toString(16).padStart(2, '0')).join('');

/** The thread id each error line starts with ("40A79F16CC7F0000"): a pointer that changes
 * from run to run; here it comes from the process id. */
export function threadId(pid: number): string {
  return `40${hex(bytesFrom(`thread ${pid}`, 4)).toUpperCase()}7F0000`;
}

export interface Certificate {
  readonly cn: string;
  readonly pemLines: readonly string[];
  /** Its DER encoding's size: what the handshake carries. */
  readonly derBytes: number;
}

/** The certificate `host` presents. A host outside the reference world presents the recorded
 * certificate's body under its own name. */
export function certificateOf(host: string): Certificate {
  const pem = (own(CERTIFICATES, host) ?? CERTIFICATES['mx.example.org']!).trim();
  const base64 = pem.replace(/\s/g, '');
  const padding = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0;
  return { cn: host, pemLines: pem.split('\n'), derBytes: (base64.length / 4) * 3 - padding };
}

/** Handshake sizes as OpenSSL counts them ("SSL handshake has read ... and written ..."),
 * measured against the recorded server: 1374 bytes read with its 818-byte certificate, 377
 * written. */
export const HANDSHAKE_BYTES = {
  /** The ClientHello: 297 bytes, and the server_name extension when it names the server
   * (RFC 6066 §3: 9 bytes of framing, then the name). */
  clientHello: (sni: string | null) => 297 + (sni === null ? 0 : 9 + sni.length),
  /** Then ChangeCipherSpec (6 bytes, RFC 8446 §D.4 middlebox compatibility) and Finished (74). */
  client: (sni: string | null) => HANDSHAKE_BYTES.clientHello(sni) + 80,
  /** ServerHello, EncryptedExtensions, Certificate, CertificateVerify, Finished. */
  server: (certificate: Certificate) => 556 + certificate.derBytes,
  /** A failed handshake reads one record header: five bytes of whatever came instead. */
  recordHeader: 5,
} as const;

/** An X509_V_ERR_* the verification found: its number and X509_verify_cert_error_string(). */
export interface VerifyError {
  readonly num: number;
  readonly text: string;
}

/** What X509_verify_cert() finds, in its order: the chain first (build_chain(): the
 * self-signed leaf, 18), then the name (check_id(), 62) when -verify_hostname asked for one.
 * s_client's callback reports each and goes on (no -verify_return_error), so both are
 * printed, and the last one is the result it reports (recorded: test/fixtures/postfix-policy/
 * certificate-name-openssl.txt). Without -verify_hostname no name is checked at all. */
export function verifyErrors(
  certificate: Certificate,
  verifyHostname: string | null,
): VerifyError[] {
  const errors: VerifyError[] = [{ num: 18, text: 'self-signed certificate' }];
  if (
    verifyHostname !== null &&
    !certificateMatches(certificateFor(certificate.cn), verifyHostname)
  )
    errors.push({ num: 62, text: 'hostname mismatch' });
  return errors;
}

/** The verify callback's lines: each error at depth 0, then the final call for it; -brief and
 * -verify_quiet keep only the errors. */
export function verifyLines(
  certificate: Certificate,
  errors: readonly VerifyError[],
  quiet: boolean,
): string[] {
  const depth = `depth=0 CN = ${certificate.cn}`;
  const lines = errors.flatMap(({ num, text }) => [
    depth,
    `verify error:num=${num}:${text}`,
    ...(quiet ? [] : ['verify return:1']),
  ]);
  return quiet ? lines : [...lines, depth, 'verify return:1'];
}

/** SSL_get_verify_result(): the last error the callback was told of, or 0. */
const verifyResult = (errors: readonly VerifyError[]): VerifyError =>
  errors.at(-1) ?? { num: 0, text: 'ok' };

/** "Verification error: ..." (print_verify_detail()), or "Verification: OK". */
const verification = (errors: readonly VerifyError[]) =>
  errors.length === 0 ? 'Verification: OK' : `Verification error: ${verifyResult(errors).text}`;

const verifyReturnCode = (errors: readonly VerifyError[]) => {
  const { num, text } = verifyResult(errors);
  return `Verify return code: ${num} (${text})`;
};

/** What every connection report ends with (TLS 1.3 has no renegotiation or compression). */
const PROTOCOL_FACTS = [
  'Secure Renegotiation IS NOT supported',
  'Compression: NONE',
  'Expansion: NONE',
  'No ALPN negotiated',
  'Early data was not sent',
];

/** print_stuff() after the handshake; -showcerts puts the PEM in the chain instead. */
export function connectionReport(
  certificate: Certificate,
  o: {
    readonly showcerts: boolean;
    readonly read: number;
    readonly written: number;
    readonly errors: readonly VerifyError[];
  },
): string[] {
  const { cn } = certificate;
  const pem = ['-----BEGIN CERTIFICATE-----', ...certificate.pemLines, '-----END CERTIFICATE-----'];
  return [
    '---',
    'Certificate chain',
    ` 0 s:CN = ${cn}`,
    `   i:CN = ${cn}`,
    '   a:PKEY: rsaEncryption, 2048 (bit); sigalg: RSA-SHA256',
    `   v:NotBefore: ${NOT_BEFORE}; NotAfter: ${NOT_AFTER}`,
    ...(o.showcerts ? pem : []),
    '---',
    'Server certificate',
    ...(o.showcerts ? [] : pem),
    `subject=CN = ${cn}`,
    `issuer=CN = ${cn}`,
    '---',
    'No client certificate CA names sent',
    'Peer signing digest: SHA256',
    'Peer signature type: RSA-PSS',
    'Server Temp Key: X25519, 253 bits',
    '---',
    `SSL handshake has read ${o.read} bytes and written ${o.written} bytes`,
    verification(o.errors),
    '---',
    `New, ${TLS_SESSION.protocol}, Cipher is ${TLS_SESSION.cipher}`,
    'Server public key is 2048 bit',
    ...PROTOCOL_FACTS,
    verifyReturnCode(o.errors),
    '---',
  ];
}

/** print_stuff() when the handshake failed. */
export function failedHandshakeReport(read: number, written: number): string[] {
  return [
    '---',
    'no peer certificate available',
    '---',
    'No client certificate CA names sent',
    '---',
    `SSL handshake has read ${read} bytes and written ${written} bytes`,
    'Verification: OK',
    '---',
    'New, (NONE), Cipher is (NONE)',
    ...PROTOCOL_FACTS,
    'Verify return code: 0 (ok)',
    '---',
  ];
}

/** -brief's summary instead of the report. */
export function briefReport(certificate: Certificate, errors: readonly VerifyError[]): string[] {
  return [
    'CONNECTION ESTABLISHED',
    `Protocol version: ${TLS_SESSION.protocol}`,
    `Ciphersuite: ${TLS_SESSION.cipher}`,
    `Peer certificate: CN = ${certificate.cn}`,
    'Hash used: SHA256',
    'Signature type: RSA-PSS',
    verification(errors),
    'Server Temp Key: X25519, 253 bits',
  ];
}

/** The name of the key the recorded Postfix sealed its tickets with: every ticket starts
 * with it. Other servers get their own. */
const TICKET_KEY_NAMES: Readonly<Record<string, string>> = {
  'mx.example.org': '69c92774f7ab4c81e9c8c52833ae11ad',
};

/** The session the server's NewSessionTicket brings, which s_client prints on arrival
 * (SSL_SESSION_print). Secrets and ticket differ on every connection (a fresh handshake);
 * here they come from the host and the connection number. `startTime`: Unix seconds. */
export function newSessionTicketReport(
  host: string,
  conn: number,
  startTime: number,
  errors: readonly VerifyError[],
): string[] {
  const random = bytesFrom(`${host} #${conn}`, 32 + 48 + 192);
  const keyName = own(TICKET_KEY_NAMES, host) ?? hex(bytesFrom(`ticket key ${host}`, 16));
  const keyNameBytes = keyName.match(/../g)!.map((b) => parseInt(b, 16));
  return [
    '---',
    'Post-Handshake New Session Ticket arrived:',
    'SSL-Session:',
    `    Protocol  : ${TLS_SESSION.protocol}`,
    `    Cipher    : ${TLS_SESSION.cipher}`,
    `    Session-ID: ${hex(random.slice(0, 32)).toUpperCase()}`,
    '    Session-ID-ctx: ',
    `    Resumption PSK: ${hex(random.slice(32, 80)).toUpperCase()}`,
    '    PSK identity: None',
    '    PSK identity hint: None',
    '    SRP username: None',
    '    TLS session ticket lifetime hint: 7200 (seconds)',
    '    TLS session ticket:',
    ...hexDump([...keyNameBytes, ...random.slice(80)], '    '),
    '',
    `    Start Time: ${startTime}`,
    '    Timeout   : 7200 (sec)',
    `    ${verifyReturnCode(errors)}`,
    '    Extended master secret: no',
    '    Max Early Data: 0',
    '---',
  ];
}

/** BIO_dump_indent(): offset, sixteen bytes in hex (a dash after the eighth), the printable
 * ones as text. */
function hexDump(bytes: readonly number[], indent: string): string[] {
  const lines: string[] = [];
  for (let offset = 0; offset < bytes.length; offset += 16) {
    const row = bytes.slice(offset, offset + 16);
    const cells = Array.from({ length: 16 }, (_, i) =>
      i < row.length ? `${hex([row[i]!])}${i === 7 ? '-' : ' '}` : '   ',
    ).join('');
    const text = row.map((b) => (b >= 0x20 && b <= 0x7e ? String.fromCharCode(b) : '.')).join('');
    lines.push(`${indent}${offset.toString(16).padStart(4, '0')} - ${cells}  ${text}`);
  }
  return lines;
}
