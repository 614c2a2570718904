// Every log line the server writes, in Postfix smtpd's words (shared/fidelity/server-log),
// without the syslog prefix the host adds. `client` is "hostname[address]".
import { externalAddress } from './address.ts';
import type { TlsInfo } from './types.ts';

const LETTER_ESCAPES: Readonly<Record<number, string>> = {
  7: '\\a',
  8: '\\b',
  9: '\\t',
  10: '\\n',
  11: '\\v',
  12: '\\f',
  13: '\\r',
};

/** Postfix's escape() (util/unescape.c): a backslash doubled, C escapes for \a \b \t \n \v
 * \f \r, three-digit octal for every other octet that is not printable ASCII. */
export function escapeOctets(octets: string): string {
  return octets.replace(/[^\x20-\x5b\x5d-\x7e]/g, (c) => {
    const code = c.charCodeAt(0);
    if (code === 0x5c) return '\\\\';
    return LETTER_ESCAPES[code] ?? `\\${code.toString(8).padStart(3, '0')}`;
  });
}

export interface RejectFacts {
  readonly verb: string;
  readonly client: string;
  readonly replyLine: string;
  readonly sender: string | null;
  readonly recipient: string;
  readonly helo: { readonly name: string; readonly esmtp: boolean } | null;
}

export const smtpdLog = {
  connect: (client: string) => `connect from ${client}`,
  disconnect: (client: string, counters: string) => `disconnect from ${client}${counters}`,
  connectionRateExceeded: (count: number, client: string, service: string) =>
    `warning: Connection rate limit exceeded: ${count} from ${client} for service ${service}`,
  lostConnection: (where: string, client: string) =>
    `lost connection after ${where} from ${client}`,
  timeout: (where: string, client: string) => `timeout after ${where} from ${client}`,
  tooManyErrors: (where: string, client: string) => `too many errors after ${where} from ${client}`,
  /** tls_log_summary(): TLS 1.2 stops after the cipher; TLS 1.3 adds what was negotiated. */
  tlsEstablished: (client: string, tls: TlsInfo) =>
    `Anonymous TLS connection established from ${client}: ${tls.protocol} with cipher ${tls.cipher} (${tls.bits}/${tls.bits} bits)${
      tls.keyExchange === undefined ? '' : ` key-exchange ${tls.keyExchange}`
    }${
      tls.serverSignature === undefined
        ? ''
        : ` server-signature ${tls.serverSignature.algorithm} (${tls.serverSignature.bits} bits) server-digest ${tls.serverSignature.digest}`
    }`,
  /** `detail`: "lost connection", "-1" (OpenSSL's reason follows) or "Connection timed out". */
  sslAcceptError: (client: string, detail: string) => `SSL_accept error from ${client}: ${detail}`,
  tlsLibraryProblem: (reason: string) => `warning: TLS library problem: ${reason}`,
  requestTooLong: (client: string, limit: number, line: string) =>
    `warning: ${client}: request longer than ${limit}: ${line.slice(0, 30)}...`,
  nonSmtpCommand: (client: string, line: string) =>
    `warning: non-SMTP command from ${client}: ${escapeOctets(line.slice(0, 100))}`,
  improperPipelining: (after: string, client: string, pending: string) =>
    `improper command pipelining after ${after} from ${client}: ${escapeOctets(pending.slice(0, 100))}`,
  /** smtpd.c extract_addr(): an address it could not make sense of. */
  illegalAddress: (client: string, verb: string, token: string) =>
    `warning: Illegal address syntax from ${client} in ${verb} command: ${token}`,
  reject: (r: RejectFacts) =>
    `NOQUEUE: reject: ${r.verb} from ${r.client}: ${r.replyLine};${r.sender === null ? '' : ` from=<${externalAddress(r.sender)}>`} to=<${externalAddress(r.recipient)}> proto=${r.helo?.esmtp ? 'ESMTP' : 'SMTP'}${r.helo ? ` helo=<${r.helo.name}>` : ''}`,
  /** receive_data_message(): the message passed message_size_limit (then 552 5.3.4 Error:
   * message file too big; recorded: test/fixtures/postfix-policy/message-size-swaks-attach.txt). */
  queueFileTooBig: (queueId: string) => `warning: ${queueId}: queue file size limit exceeded`,
  /** cleanup(8) when smtpd gives up on the queue file it was writing. */
  cleanupCloseError: 'warning: mail_stream_cleanup: close error',
  /** cleanup(8) names the client, and the SASL login, of every queued message. */
  queued: (queueId: string, client: string, sasl: { method: string; user: string } | null) =>
    `${queueId}: client=${client}${sasl ? `, sasl_method=${sasl.method}, sasl_username=${sasl.user}` : ''}`,
};
