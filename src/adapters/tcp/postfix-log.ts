// Postfix log lines on stderr, shaped like the recorded server-log/postfix.log:
//   "Nov 27 18:15:23 mx postfix/smtpd[2799]: connect from localhost[127.0.0.1]"
import { formatLogLine, syslogTimestamp } from '../../engine/smtp/log-line.ts';
import type { DeliveredMessage } from '../../engine/smtp/types.ts';

export interface LogSource {
  /** The machine's short name (the recorded log says "mx" for mx.example.org). */
  readonly host: string;
  /** Postfix syslog_name, e.g. "postfix/submission". */
  readonly syslogName: string;
  readonly pid: number;
}

export type LogWriter = (line: string) => void;

const timestamp = (date: Date) => syslogTimestamp(date);

export function smtpdLogLine(source: LogSource, message: string, date = new Date()): string {
  // A daemon's tag is syslog_name/program ("postfix/submission/smtpd"), see master.cf -o syslog_name.
  return formatLogLine({
    date,
    host: source.host,
    program: `${source.syslogName}/smtpd`,
    pid: source.pid,
    message,
  });
}

/** A line of cleanup(8), which writes the queue file; it logs under the main syslog_name. */
export function cleanupLogLine(source: LogSource, message: string, date = new Date()): string {
  return formatLogLine({
    date,
    host: source.host,
    program: 'postfix/cleanup',
    pid: source.pid,
    message,
  });
}

/** What the delivery agents log per recipient: local(8) for our domains, and discard(8) for the
 * rest, as the recorded server does (remote mail is never sent anywhere). */
export function deliveryLogLines(
  source: LogSource,
  message: DeliveredMessage,
  isLocal: (recipient: string) => boolean,
  date = new Date(),
): string[] {
  // Delivery agents log under the main syslog_name ("postfix"), not the smtpd service's.
  return message.recipients.map((rcpt) => {
    const [agent, relay, status] = isLocal(rcpt)
      ? ['local', 'local', 'delivered to mailbox']
      : ['discard', 'none', 'remote-delivery-disabled'];
    return `${timestamp(date)} ${source.host} postfix/${agent}[${source.pid}]: ${message.queueId}: to=<${rcpt}>, relay=${relay}, delay=0, delays=0/0/0/0, dsn=2.0.0, status=sent (${status})`;
  });
}
