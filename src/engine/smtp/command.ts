// A command line split the way Postfix's smtpd_token() does: words separated by blanks,
// the verb matched case-insensitively (RFC 5321 §2.4).

export interface Command {
  /** The verb in upper case: "MAIL", "EHLO", "BOGUS1". */
  readonly verb: string;
  /** The words after the verb. */
  readonly args: readonly string[];
  /** Everything after the verb and its separating blanks, as typed. */
  readonly argText: string;
  /** The whole line without its line end (octets). */
  readonly line: string;
}

/** smtpd_token() splits on isspace(): blank, tab, and the rarer CR, VT and FF. */
const SPACE = '[ \\t\\r\\v\\f]';
const BLANKS = new RegExp(`${SPACE}+`);
const EDGES = new RegExp(`^${SPACE}+|${SPACE}+$`, 'g');
const LEADING = new RegExp(`^${SPACE}+`);

/** Returns null for an empty or all-blank line (Postfix: "500 5.5.2 Error: bad syntax"). */
export function parseCommand(line: string): Command | null {
  // smtpd reads a C string: a NUL ends the command.
  const nul = line.indexOf('\0');
  const text = nul === -1 ? line : line.slice(0, nul);
  const trimmed = text.replace(EDGES, '');
  if (trimmed === '') return null;
  const words = trimmed.split(BLANKS);
  const verb = words[0]!;
  return {
    verb: verb.toUpperCase(),
    args: words.slice(1),
    argText: trimmed.slice(verb.length).replace(LEADING, ''),
    line,
  };
}

/** The verbs this server knows, in Postfix's smtpd_cmd_table order (the order of the
 * counters on its "disconnect from" log line). */
export const KNOWN_VERBS = [
  'HELO',
  'EHLO',
  'XCLIENT',
  'XFORWARD',
  'STARTTLS',
  'AUTH',
  'MAIL',
  'RCPT',
  'DATA',
  'BDAT',
  'RSET',
  'NOOP',
  'VRFY',
  'ETRN',
  'QUIT',
] as const;
export type Verb = (typeof KNOWN_VERBS)[number];

const known = new Set<string>(KNOWN_VERBS);
export function isKnownVerb(verb: string): verb is Verb {
  return known.has(verb);
}

/** SMTPD_CMD_FLAG_PRE_TLS: allowed before STARTTLS when TLS is required. */
export const PRE_TLS_VERBS: ReadonlySet<string> = new Set([
  'HELO',
  'EHLO',
  'XCLIENT',
  'STARTTLS',
  'NOOP',
  'QUIT',
]);

/** SMTPD_CMD_FLAG_LAST: RFC 2920 §3.1 commands that must end a pipelined group. STARTTLS is
 * not among them: smtpd discards what follows it instead (CVE-2011-0411). */
export const LAST_IN_GROUP_VERBS: ReadonlySet<string> = new Set([
  'HELO',
  'EHLO',
  'DATA',
  'NOOP',
  'VRFY',
]);

/** smtpd_forbidden_commands = CONNECT GET POST regexp:{{/^[^A-Z]/ Bogus}}: a browser or
 * proxy talking to the SMTP port, or a first byte that is not a letter. Postfix also hangs
 * up on a "Label:" that looks like a message header (an HTTP request's "Host:"). */
export function isForbiddenCommand(verb: string): boolean {
  return (
    verb === 'CONNECT' ||
    verb === 'GET' ||
    verb === 'POST' ||
    !/^[A-Z]/i.test(verb) ||
    /^[!-9;-~]+:/.test(verb)
  );
}
