// Every log line the server writes, in Postfix smtpd's words (shared/fidelity/server-log),
// without the syslog prefix the host adds. `client` is "hostname[address]".
import type { TlsInfo } from './types.ts';

/** Postfix's printable(): other bytes as three-digit octal escapes ("\026"). */
const printable = (octets: string) =>
  octets.replace(/[^\x20-\x7e]/g, (c) => `\\${c.charCodeAt(0).toString(8).padStart(3, '0')}`);

/** Pending input as Postfix logs it: CR and LF escaped, at most 100 characters. */
const escapeInput = (octets: string) =>
  octets.slice(0, 100).replace(/\r/g, '\\r').replace(/\n/g, '\\n');

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
  tlsEstablished: (client: string, tls: TlsInfo) =>
    `Anonymous TLS connection established from ${client}: ${tls.protocol} with cipher ${tls.cipher} (${tls.bits}/${tls.bits} bits) key-exchange X25519 server-signature RSA-PSS (2048 bits) server-digest SHA256`,
  sslAcceptError: (client: string, reason: string | undefined) =>
    `SSL_accept error from ${client}: ${reason === undefined ? 'lost connection' : -1}`,
  tlsLibraryProblem: (reason: string) => `warning: TLS library problem: ${reason}`,
  requestTooLong: (client: string, limit: number, line: string) =>
    `warning: ${client}: request longer than ${limit}: ${line.slice(0, 30)}...`,
  nonSmtpCommand: (client: string, line: string) =>
    `warning: non-SMTP command from ${client}: ${printable(line.slice(0, 100))}`,
  improperPipelining: (after: string, client: string, pending: string) =>
    `improper command pipelining after ${after} from ${client}: ${escapeInput(pending)}`,
  reject: (r: RejectFacts) =>
    `NOQUEUE: reject: ${r.verb} from ${r.client}: ${r.replyLine};${r.sender === null ? '' : ` from=<${r.sender}>`} to=<${r.recipient}> proto=${r.helo?.esmtp ? 'ESMTP' : 'SMTP'}${r.helo ? ` helo=<${r.helo.name}>` : ''}`,
  /** cleanup(8) names the client, and the SASL login, of every queued message. */
  queued: (queueId: string, client: string, sasl: { method: string; user: string } | null) =>
    `${queueId}: client=${client}${sasl ? `, sasl_method=${sasl.method}, sasl_username=${sasl.user}` : ''}`,
};
