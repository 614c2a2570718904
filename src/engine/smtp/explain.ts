// What a reply line means, for the Explain pane: the basic code (RFC 5321 §4.2), the enhanced
// status code's class, subject and detail (RFC 3463, with the later registry entries of
// RFC 4954, RFC 5248, RFC 6531) and what a client should do about it.

export interface ReplyExplanation {
  readonly code: number;
  /** "Positive Completion" ... RFC 5321 §4.2.1. */
  readonly codeClass: string;
  /** The meaning of this particular code (RFC 5321 §4.2.2, §4.2.3, RFC 4954 §6). */
  readonly meaning: string | null;
  readonly enhanced: {
    readonly code: string;
    readonly subject: string;
    readonly detail: string | null;
  } | null;
  /** What a client does next. */
  readonly advice: string;
  /** Where it is defined. */
  readonly references: readonly string[];
}

const CLASSES: Readonly<Record<string, string>> = {
  '2': 'Positive Completion: the command worked',
  '3': 'Positive Intermediate: go on with the next part',
  '4': 'Transient Negative Completion: not now, try again later',
  '5': 'Permanent Negative Completion: no, and asking again will not help',
};

const CODES: Readonly<Record<number, string>> = {
  211: 'System status, or system help reply',
  214: 'Help message',
  220: 'Service ready: the server greets you',
  221: 'Service closing transmission channel',
  235: 'Authentication succeeded (RFC 4954)',
  250: 'Requested mail action okay, completed',
  251: 'User not local; will forward',
  252: 'Cannot VRFY user, but will accept message and attempt delivery',
  334: 'A SASL challenge: send the next part of the authentication (RFC 4954)',
  354: 'Start mail input; end with <CRLF>.<CRLF>',
  421: 'Service not available, closing transmission channel',
  450: 'Requested mail action not taken: mailbox unavailable (busy, or refused by policy for now)',
  451: 'Requested action aborted: local error in processing (or deferred by policy, e.g. greylisting)',
  452: 'Requested action not taken: insufficient system storage (or too many recipients)',
  454: 'Temporary failure: TLS not available now, or a temporary authentication failure',
  455: 'Server unable to accommodate parameters',
  500: 'Syntax error, command unrecognized',
  501: 'Syntax error in parameters or arguments',
  502: 'Command not implemented',
  503: 'Bad sequence of commands',
  504: 'Command parameter not implemented',
  521: 'The host does not accept mail (RFC 7504)',
  530: 'Authentication (or STARTTLS) required first (RFC 4954)',
  534: 'Authentication mechanism is too weak (RFC 4954)',
  535: 'Authentication credentials invalid (RFC 4954)',
  538: 'Encryption required for the requested authentication mechanism (RFC 4954)',
  550: 'Requested action not taken: mailbox unavailable (not found, no access, or refused by policy)',
  551: 'User not local',
  552: 'Requested mail action aborted: exceeded storage allocation',
  553: 'Requested action not taken: mailbox name not allowed',
  554: 'Transaction failed (or, as a greeting, no SMTP service here)',
  555: 'MAIL FROM/RCPT TO parameters not recognized or not implemented',
};

const SUBJECTS: Readonly<Record<string, string>> = {
  '0': 'Other or Undefined Status',
  '1': 'Addressing Status',
  '2': 'Mailbox Status',
  '3': 'Mail System Status',
  '4': 'Network and Routing Status',
  '5': 'Mail Delivery Protocol Status',
  '6': 'Message Content or Media Status',
  '7': 'Security or Policy Status',
};

/** Subject.detail -> its name (RFC 3463 §3 and the IANA registry). */
const DETAILS: Readonly<Record<string, string>> = {
  '0.0': 'Other undefined status',
  '1.0': 'Other address status',
  '1.1': 'Bad destination mailbox address',
  '1.2': 'Bad destination system address',
  '1.3': 'Bad destination mailbox address syntax',
  '1.4': 'Destination mailbox address ambiguous',
  '1.5': 'Destination address valid',
  '1.6': 'Destination mailbox has moved, no forwarding address',
  '1.7': "Bad sender's mailbox address syntax",
  '1.8': "Bad sender's system address",
  '2.0': 'Other or undefined mailbox status',
  '2.1': 'Mailbox disabled, not accepting messages',
  '2.2': 'Mailbox full',
  '2.3': 'Message length exceeds administrative limit',
  '2.4': 'Mailing list expansion problem',
  '3.0': 'Other or undefined mail system status',
  '3.1': 'Mail system full',
  '3.2': 'System not accepting network messages',
  '3.3': 'System not capable of selected features',
  '3.4': 'Message too big for system',
  '3.5': 'System incorrectly configured',
  '4.0': 'Other or undefined network or routing status',
  '4.1': 'No answer from host',
  '4.2': 'Bad connection',
  '4.3': 'Directory server failure',
  '4.4': 'Unable to route',
  '4.5': 'Mail system congestion',
  '4.6': 'Routing loop detected',
  '4.7': 'Delivery time expired',
  '5.0': 'Other or undefined protocol status',
  '5.1': 'Invalid command',
  '5.2': 'Syntax error',
  '5.3': 'Too many recipients',
  '5.4': 'Invalid command arguments',
  '5.5': 'Wrong protocol version',
  '5.6': 'Authentication exchange line is too long (RFC 4954)',
  '6.0': 'Other or undefined media error',
  '6.1': 'Media not supported',
  '6.2': 'Conversion required and prohibited',
  '6.3': 'Conversion required but not supported',
  '6.4': 'Conversion with loss performed',
  '6.5': 'Conversion failed',
  '6.7': 'Non-ASCII addresses not permitted for that sender or recipient (RFC 6531)',
  '7.0': 'Other or undefined security status',
  '7.1': 'Delivery not authorized, message refused',
  '7.2': 'Mailing list expansion prohibited',
  '7.3': 'Security conversion required but not possible',
  '7.4': 'Security features not supported',
  '7.5': 'Cryptographic failure',
  '7.6': 'Cryptographic algorithm not supported',
  '7.7': 'Message integrity failure',
  '7.8': 'Authentication credentials invalid (RFC 4954)',
  '7.9': 'Authentication mechanism is too weak (RFC 4954)',
  '7.10': 'Encryption needed (RFC 5248)',
  '7.11': 'Encryption required for requested authentication mechanism (RFC 4954)',
  '7.12': 'A password transition is needed (RFC 4954)',
  '7.13': 'User account disabled (RFC 5248)',
};

const ADVICE: Readonly<Record<string, string>> = {
  '2': 'Carry on with the next command.',
  '3': 'Send what the server asked for: the message lines after 354, the next SASL response after 334.',
  '4': 'Temporary: a mail server keeps the message in its queue and tries again later (RFC 5321 §4.2.5; Postfix starts after minimal_backoff_time, 300 s). By hand, wait and repeat.',
  '5': 'Permanent: do not repeat it unchanged. A relaying mail server gives up on this recipient and bounces the message to its sender (RFC 5321 §6.1); by hand, fix what the text says (address, relay, TLS, login) first.',
};

/** The explanation of a reply line ("554 5.7.1 <carol@example.com>: Relay access denied",
 * "250-PIPELINING"), or null for a line that is not a reply. Tool markers in front ("<-  ",
 * "<** ", "< ", "S: ") are skipped. */
export function explainReply(line: string): ReplyExplanation | null {
  const m = /^(?:<[-~*]{1,2} ?\s?|< |S: )?([2-5]\d\d)(?:[ -](.*))?$/.exec(line.trimEnd());
  if (!m) return null;
  const code = Number(m[1]);
  const text = m[2] ?? '';
  const first = m[1]![0]!;
  const esc = /^([245])\.(\d{1,3})\.(\d{1,3})\b/.exec(text);
  const enhanced = esc
    ? {
        code: `${esc[1]}.${esc[2]}.${esc[3]}`,
        subject: SUBJECTS[esc[2]!] ?? 'Unknown subject',
        detail: DETAILS[`${esc[2]}.${esc[3]}`] ?? null,
      }
    : null;
  return {
    code,
    codeClass: CLASSES[first]!,
    meaning: CODES[code] ?? null,
    enhanced,
    advice: ADVICE[first]!,
    references: [
      'RFC 5321 §4.2 (reply codes)',
      ...(enhanced ? ['RFC 3463 (enhanced status codes)'] : []),
      ...(code === 235 || code === 334 || (code >= 530 && code <= 538) ? ['RFC 4954 (AUTH)'] : []),
    ],
  };
}
