// One Postfix log line as maillog_file (postlogd) or syslog writes it:
//   "Nov 27 18:15:23 mx postfix/smtpd[2799]: connect from localhost[127.0.0.1]"
// (shared/fidelity/server-log/postfix.log).
import { MONTHS } from '../months.ts';

const two = (n: number) => String(n).padStart(2, '0');

/** "%b %d %H:%M:%S" in the machine's local time, or UTC for the simulated world's servers. */
export function syslogTimestamp(date: Date, utc = false): string {
  return utc
    ? `${MONTHS[date.getUTCMonth()]} ${two(date.getUTCDate())} ${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())}`
    : `${MONTHS[date.getMonth()]} ${two(date.getDate())} ${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
}

export interface LogLine {
  readonly date: Date;
  /** The machine's short name ("mx" for mx.example.org). */
  readonly host: string;
  /** syslog_name/program: "postfix/smtpd", "postfix/submission/smtpd", "postfix/qmgr". */
  readonly program: string;
  readonly pid: number;
  readonly message: string;
  readonly utc?: boolean;
}

export const formatLogLine = (l: LogLine): string =>
  `${syslogTimestamp(l.date, l.utc)} ${l.host} ${l.program}[${l.pid}]: ${l.message}`;
