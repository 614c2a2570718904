// Every reply the server can give, in Postfix 3.7's exact words (shared/fidelity is the
// ground truth), and the one builder that turns a reply into wire octets.
import { printable } from './octets.ts';
import type { Reply } from './types.ts';

/** Build a reply; the enhanced code (RFC 3463) is prefixed to the first line only when given,
 * and to every line of a multi-line reply, as Postfix does. */
export function reply(code: number, enhanced: string | null, ...lines: string[]): Reply {
  return {
    code,
    enhanced,
    lines: enhanced === null ? lines : lines.map((line) => `${enhanced} ${line}`),
  };
}

/** RFC 5321 §4.2.1: "ddd-text" for every line but the last, "ddd text" for the last. */
export function formatReply(r: Reply): string {
  const last = r.lines.length - 1;
  let wire = '';
  for (let i = 0; i <= last; i++) {
    wire += `${r.code}${i === last ? ' ' : '-'}${r.lines[i]}\r\n`;
  }
  return wire;
}

/** The reply table. Functions take the parts Postfix interpolates. */
/** A restriction's reply as smtpd_check_reject() sends it: each octet that is neither printable
 * ASCII nor UTF-8 becomes a blank, so an address never carries a control octet back. */
export function restrictionReply(r: Reply): Reply {
  const lines = r.lines.map((line) => printable(line, ' '));
  return lines.every((line, i) => line === r.lines[i]) ? r : { ...r, lines };
}

export const replies = {
  banner: (banner: string) => reply(220, null, banner),
  bye: reply(221, '2.0.0', 'Bye'),
  ok: reply(250, '2.0.0', 'Ok'),
  senderOk: reply(250, '2.1.0', 'Ok'),
  recipientOk: reply(250, '2.1.5', 'Ok'),
  helo: (hostname: string) => reply(250, null, hostname),
  ehlo: (hostname: string, keywords: readonly string[]) => reply(250, null, hostname, ...keywords),
  heloSyntax: reply(501, null, 'Syntax: HELO hostname'),
  ehloSyntax: reply(501, null, 'Syntax: EHLO hostname'),
  startData: reply(354, null, 'End data with <CR><LF>.<CR><LF>'),
  queued: (queueId: string) => reply(250, '2.0.0', `Ok: queued as ${queueId}`),
  /** cleanup_strerror(CLEANUP_STAT_WRITE): the queue file could not be written. */
  queueWriteError: reply(451, '4.3.0', 'Error: queue file write error'),
  chunkOk: (bytes: number) => reply(250, '2.0.0', `Ok: ${bytes} bytes`),
  chunkQueued: (bytes: number, queueId: string) =>
    reply(250, '2.0.0', `Ok: ${bytes} bytes queued as ${queueId}`),

  // smtpd main loop
  badSyntax: reply(500, '5.5.2', 'Error: bad syntax'),
  badUtf8: reply(500, '5.5.2', 'Error: bad UTF-8 syntax'),
  unknownCommand: reply(500, '5.5.2', 'Error: command not recognized'),
  forbiddenCommand: reply(221, '2.7.0', 'Error: I can break rules, too. Goodbye.'),
  mustStartTls: reply(530, '5.7.0', 'Must issue a STARTTLS command first'),
  tooManyErrors: (hostname: string) => reply(421, '4.7.0', `${hostname} Error: too many errors`),
  timeout: (hostname: string) => reply(421, '4.4.2', `${hostname} Error: timeout exceeded`),
  pipeliningSync: reply(554, '5.5.0', 'Error: SMTP protocol synchronization'),
  bareLf: (hostname: string) => reply(550, '5.5.2', `${hostname} Error: bare <LF> received`),

  // sequence errors
  needHelo: reply(503, '5.5.1', 'Error: send HELO/EHLO first'),
  needMail: reply(503, '5.5.1', 'Error: need MAIL command'),
  needRcpt: reply(503, '5.5.1', 'Error: need RCPT command'),
  nestedMail: reply(503, '5.5.1', 'Error: nested MAIL command'),
  noValidRecipients: reply(554, '5.5.1', 'Error: no valid recipients'),
  transactionInProgress: reply(503, '5.5.1', 'Error: MAIL transaction in progress'),

  // envelope syntax
  mailSyntax: reply(501, '5.5.4', 'Syntax: MAIL FROM:<address>'),
  rcptSyntax: reply(501, '5.5.4', 'Syntax: RCPT TO:<address>'),
  badSender: reply(501, '5.1.7', 'Bad sender address syntax'),
  badRecipient: reply(501, '5.1.3', 'Bad recipient address syntax'),
  unsupportedOption: (option: string) => reply(555, '5.5.4', `Unsupported option: ${option}`),
  badSizeSyntax: reply(501, '5.5.4', 'Bad message size syntax'),
  /** MAIL's RET and ENVID; a repeated one is "bad" too. */
  badMailParameter: (name: string) => reply(501, '5.5.4', `Bad ${name} parameter syntax`),
  /** RCPT's NOTIFY and ORCPT: the same words with "Error: " in front. */
  badRcptParameter: (name: string) => reply(501, '5.5.4', `Error: Bad ${name} parameter syntax`),
  bdatSyntax: reply(521, '5.5.4', 'Syntax: BDAT count [LAST]'),
  discardedAfterError: (bytes: number) =>
    reply(551, '5.0.0', `Discarded ${bytes} bytes after earlier error`),
  sizeExceedsLimit: reply(552, '5.3.4', 'Message size exceeds fixed limit'),
  messageTooBig: reply(552, '5.3.4', 'Error: message file too big'),
  chunkTooBig: reply(552, '5.3.4', 'Chunk exceeds message size limit'),
  tooManyRecipients: reply(452, '4.5.3', 'Error: too many recipients'),
  commandSyntax: (usage: string) => reply(501, '5.5.4', `Syntax: ${usage}`),

  // recipient policy (smtpd_check.c)
  relayDenied: (code: 454 | 554, address: string) =>
    reply(code, code === 454 ? '4.7.1' : '5.7.1', `<${address}>: Relay access denied`),
  unknownUser: (address: string) =>
    reply(
      550,
      '5.1.1',
      `<${address}>: Recipient address rejected: User unknown in local recipient table`,
    ),
  /** reject_sender_login_mismatch (smtpd_check.c): a logged-in client's sender it does not
   * own, and a listed sender from a client that has not logged in. */
  senderNotOwned: (sender: string, login: string) =>
    reply(553, '5.7.1', `<${sender}>: Sender address rejected: not owned by user ${login}`),
  senderNotLoggedIn: (sender: string) =>
    reply(553, '5.7.1', `<${sender}>: Sender address rejected: not logged in`),
  recipientAccessDenied: (address: string) =>
    reply(554, '5.7.1', `<${address}>: Recipient address rejected: Access denied`),
  heloNotFqdn: (helo: string) =>
    reply(504, '5.5.2', `<${helo}>: Helo command rejected: need fully-qualified hostname`),
  heloInvalidAddress: (helo: string) =>
    reply(501, '5.5.2', `<${helo}>: Helo command rejected: invalid ip address`),
  heloInvalid: (helo: string) =>
    reply(501, '5.5.2', `<${helo}>: Helo command rejected: Invalid name`),
  /** reject_rbl_client: maps_rbl_reject_code 554, the listing's TXT record appended. */
  dnsblRejected: (address: string, zone: string, reason: string | null) =>
    reply(
      554,
      '5.7.1',
      `Service unavailable; Client host [${address}] blocked using ${zone}${reason === null ? '' : `; ${reason}`}`,
    ),
  /** A policy service's "DEFER_IF_PERMIT text" for a recipient (smtpd_check.c
   * check_table_result()): access_map_defer_code 450, the DSN the text starts with (else
   * 4.7.1), then the text. postgrey's greylisting: "450 4.2.0 <bob@example.org>: Recipient
   * address rejected: Greylisted, see http://postgrey.schweikert.ch/help/example.org.html". */
  policyDeferIfPermit: (address: string, text: string) => {
    const dsn = /^([245]\.\d{1,3}\.\d{1,3})(?:\s+|$)/.exec(text);
    const rest = dsn ? text.slice(dsn[0].length) : text;
    return reply(
      450,
      dsn ? `4${dsn[1]!.slice(1)}` : '4.7.1',
      `<${address}>: Recipient address rejected: ${rest === '' ? 'Service unavailable' : rest}`,
    );
  },
  /** smtpd_client_connection_rate_limit exceeded: instead of the banner, then hang up. */
  tooManyConnections: (hostname: string, address: string) =>
    reply(421, '4.7.0', `${hostname} Error: too many connections from ${address}`),
  clientRejected: (client: string) =>
    reply(554, '5.7.1', `<${client}>: Client host rejected: Access denied`),

  // VRFY, ETRN, XCLIENT
  vrfyOk: (argument: string) => reply(252, '2.0.0', argument),
  vrfyDisabled: reply(502, '5.5.1', 'VRFY command is disabled'),
  etrnSyntax: reply(500, null, 'Syntax: ETRN domain'),
  etrnUnavailable: (domain: string) => reply(459, null, `<${domain}>: service unavailable`),
  etrnNeedHelo: reply(503, null, 'Error: send HELO/EHLO first'),
  etrnInTransaction: reply(503, null, 'Error: MAIL transaction in progress'),
  etrnBadDomain: reply(501, null, 'Error: invalid parameter syntax'),
  insufficientAuthorization: reply(550, '5.7.0', 'Error: insufficient authorization'),

  // STARTTLS (RFC 3207)
  readyToStartTls: reply(220, '2.0.0', 'Ready to start TLS'),
  tlsAlreadyActive: reply(554, '5.5.1', 'Error: TLS already active'),
  tlsNotImplemented: reply(502, '5.5.1', 'Error: command not implemented'),

  // AUTH (RFC 4954), with Dovecot's failure reasons
  authNotEnabled: reply(503, '5.5.1', 'Error: authentication not enabled'),
  alreadyAuthenticated: reply(503, '5.5.1', 'Error: already authenticated'),
  authSyntax: reply(501, '5.5.4', 'Syntax: AUTH mechanism'),
  authAborted: reply(501, '5.7.0', 'Authentication aborted'),
  authEncryptionRequired: reply(
    538,
    '5.7.11',
    'Encryption required for requested authentication mechanism',
  ),
  authChallenge: (base64: string) => reply(334, null, base64),
  authSucceeded: reply(235, '2.7.0', 'Authentication successful'),
  authFailed: (reason: string) => reply(535, '5.7.8', `Error: authentication failed: ${reason}`),
} as const;
