// Postfix log lines on stderr, shaped like the recorded server-log/postfix.log:
//   "Nov 27 18:15:23 mx postfix/smtpd[2799]: connect from localhost[127.0.0.1]"
import type { DeliveredMessage } from '../../engine/smtp/types.ts';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export interface LogSource {
  /** The machine's short name (the recorded log says "mx" for mx.example.org). */
  readonly host: string;
  /** Postfix syslog_name, e.g. "postfix/submission". */
  readonly syslogName: string;
  readonly pid: number;
}

export type LogWriter = (line: string) => void;

/** Timestamp as maillog_file (postlogd) writes it: "%b %d %H:%M:%S", local time. */
function timestamp(date: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${MONTHS[date.getMonth()]} ${two(date.getDate())} ${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
}

export function smtpdLogLine(source: LogSource, message: string, date = new Date()): string {
  // A daemon's tag is syslog_name/program ("postfix/submission/smtpd"), see master.cf -o syslog_name.
  return `${timestamp(date)} ${source.host} ${source.syslogName}/smtpd[${source.pid}]: ${message}`;
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
