// What a reply line means, for the Explain pane: the basic code (RFC 5321 §4.2), the enhanced
// status code's class, subject and detail (RFC 3463 and the IANA "SMTP Enhanced Status Codes"
// registry of RFC 5248) and what a client should do about it. A few basic codes mean different
// things for different commands (454 is a relay deferral, a STARTTLS refusal or an AUTH
// failure), so the enhanced code and the text choose the explanation where they must.

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

// RFC 5321 §4.2.1: a 4yz "may be requested again"; after a 5yz the client "SHOULD NOT repeat
// the exact request (in the same sequence)", and "even some 'permanent' error conditions can be
// corrected". A 5yz is final for that command in that state, not for ever.
const CLASSES: Readonly<Record<string, string>> = {
  '2': 'Positive Completion: the command worked',
  '3': 'Positive Intermediate: go on with the next part',
  '4': 'Transient Negative Completion: refused for now; the same command may work later',
  '5': 'Permanent Negative Completion: refused; the same command gets the same answer until something changes',
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
  // RFC 4954 §6.
  432: 'A password transition is needed: log in once with PLAIN, then this mechanism works (RFC 4954)',
  450: 'Requested mail action not taken: mailbox unavailable (busy, or refused by policy for now)',
  451: 'Requested action aborted: local error in processing (or deferred by policy, e.g. greylisting)',
  452: 'Requested action not taken: insufficient system storage (or too many recipients)',
  // Three different refusals share 454; RULES below picks the one the text names.
  454: 'Temporary refusal: the text says which one (relay access denied, TLS not available, or a temporary authentication failure)',
  455: 'Server unable to accommodate parameters',
  // RFC 1985 (ETRN).
  458: 'ETRN: the server cannot start the queue for that domain now (RFC 1985)',
  459: 'ETRN refused for that domain: the server will not run its queue for it on request (RFC 1985)',
  500: 'Syntax error, command unrecognized',
  501: 'Syntax error in parameters or arguments',
  502: 'Command not implemented',
  503: 'Bad sequence of commands',
  504: 'Command parameter not implemented',
  521: 'The host does not accept mail (RFC 7504)',
  530: 'Authentication (or STARTTLS) required first (RFC 4954 §6, RFC 3207 §4)',
  534: 'Authentication mechanism is too weak (RFC 4954)',
  535: 'Authentication credentials invalid (RFC 4954)',
  538: 'Encryption required for the requested authentication mechanism (RFC 4954)',
  550: 'Requested action not taken: mailbox unavailable (not found, no access, or refused by policy)',
  551: 'User not local',
  552: 'Requested mail action aborted: exceeded storage allocation',
  553: 'Requested action not taken: mailbox name not allowed',
  554: 'Transaction failed (or, as a greeting, no SMTP service here)',
  555: 'MAIL FROM/RCPT TO parameters not recognized or not implemented',
  // RFC 7504 §1: a relay has found that the recipient's domain takes no mail (a null MX,
  // RFC 7505) and reports it to the host that gave it the message.
  556: 'Domain does not accept mail: the recipient domain takes no mail at all, for example it has a null MX (RFC 7504, RFC 7505)',
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

/** Subject.detail -> its name (RFC 3463 §3 and the IANA registry, RFC 5248 §2). The later
 * entries add a short explanation after the registry's name. */
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
  '1.9':
    'Message relayed to non-compliant mailer (RFC 3886): the address was good, but the next system does not speak this protocol, so no more is known',
  // RFC 7505 §4.1, with basic code 556 (RFC 7504).
  '1.10':
    'Recipient address has null MX (RFC 7505): the DNS of the recipient domain says that it takes no mail',
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
  '3.6':
    'Requested priority was changed (RFC 6710): the message was taken, but not at the priority asked for',
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
  '6.6':
    'Message content not available (RFC 4468): the server could not fetch the message content from the other server it was pointed to',
  '6.7': 'Non-ASCII addresses not permitted for that sender or recipient (RFC 6531)',
  '6.8':
    'UTF-8 string reply is required, but not permitted by the SMTP client (RFC 6531): the answer needs UTF-8, and the client did not ask for SMTPUTF8',
  '6.9':
    'UTF-8 header message cannot be transferred to one or more recipients (RFC 6531): the message has UTF-8 header fields that the next hop cannot take',
  '6.10': 'A duplicate of X.6.8, no longer used (RFC 6531)',
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
  '7.14':
    'Trust relationship required (RFC 5248): the submission server must have a trust set up with another server before it may fetch the message content from it',
  '7.15':
    'Priority Level is too low (RFC 6710): the server takes only messages of a higher priority, possibly only for a while',
  '7.16':
    'Message is too big for the specified priority (RFC 6710): at this priority the server takes only smaller messages, possibly only for a while',
  // RFC 7293 (RRVS): the sender gives a date; the mail is for whoever owned the address then.
  '7.17':
    'Mailbox owner has changed (RFC 7293): the mailbox has had another owner since the date the sender gave (RRVS)',
  '7.18':
    'Domain owner has changed (RFC 7293): the recipient domain has had another owner since the date the sender gave (RRVS)',
  '7.19':
    'RRVS test cannot be completed (RFC 7293): the server did not record since when the mailbox has its owner, so it cannot check the date the sender gave',
  // RFC 7372 (email authentication status codes).
  '7.20':
    'No passing DKIM signature found (RFC 7372): no DKIM signature on the message checked out',
  '7.21':
    'No acceptable DKIM signature found (RFC 7372): some DKIM signatures checked out, but none that the receiving site accepts',
  '7.22':
    'No valid author-matched DKIM signature found (RFC 7372): no valid DKIM signature is from the domain in the From: header field',
  '7.23':
    "SPF validation failed (RFC 7372): the SPF record of the sender's domain does not allow the sending host, and the receiving site refuses such mail",
  '7.24':
    'SPF validation error (RFC 7372): the SPF check itself failed, for example a broken SPF record or a DNS error',
  '7.25':
    "Reverse DNS validation failed (RFC 7372): the client's IP address did not pass the receiving site's reverse DNS check",
  '7.26':
    'Multiple authentication checks failed (RFC 7372): the message failed more than one check, such as SPF and DKIM; the server does not say which',
  // RFC 7505 §4.2, with basic code 550.
  '7.27':
    "Sender address has null MX (RFC 7505): the DNS of the sender's domain says that it takes no mail, so no bounce could reach it, and the server refuses the message",
  // IANA registers 5.7.28 with the Internet-Draft draft-levine-mailbomb-header, not an RFC.
  '7.28':
    'Mail flood detected (draft-levine-mailbomb-header): the message looks like one of a flood of similar abusive messages',
  // RFC 8617 §5.2.2.
  '7.29':
    'ARC validation failure (RFC 8617): the ARC header fields, a signed record of the checks made by earlier servers, did not verify',
  '7.30':
    'REQUIRETLS support required (RFC 8689): the sender asked for TLS on every hop, and the next server does not offer REQUIRETLS, so the message cannot go on',
};

const ADVICE: Readonly<Record<string, string>> = {
  '2': 'Carry on with the next command.',
  '3': 'Send what the server asked for: the message lines after 354, the next SASL response after 334.',
  // RFC 5321 §4.5.4.1: retry after at least 30 minutes, give up after at least 4-5 days.
  '4': 'Temporary: a mail server keeps the message in its queue and tries again later (RFC 5321 §4.5.4.1: at least 30 minutes apart, giving up after 4 to 5 days; Postfix first retries after minimal_backoff_time, 300 s). By hand, wait and repeat.',
  // RFC 5321 §4.2.1 for the client; §6.1 for a relay that already took the message.
  '5': 'Permanent for this command as it was sent: the same command in the same state gets the same answer (RFC 5321 §4.2.1). Change what the text points at (address, syntax, TLS, login) and send it again. A relaying mail server does not retry: it bounces the message to its sender (RFC 5321 §6.1).',
};

/** A refinement for one basic code, chosen by the enhanced code and text of the reply. */
interface Rule {
  readonly codes: readonly number[];
  /** Tried on the text after the basic code, enhanced code included; without it, every reply
   * with one of the codes matches. */
  readonly text?: RegExp;
  readonly meaning?: string;
  readonly advice: string;
  readonly references?: readonly string[];
}

const SUBMIT_THEN_RETRY = 'STARTTLS, EHLO again, AUTH';

// First match wins.
const RULES: readonly Rule[] = [
  // RFC 3207 §4: the 220 that answers STARTTLS is not a greeting.
  {
    codes: [220],
    text: /Ready to start TLS/i,
    meaning: 'STARTTLS accepted: the TLS handshake starts now (RFC 3207 §4)',
    advice:
      'Start the TLS handshake at once, then send EHLO again inside TLS: what the server said before no longer counts (RFC 3207 §4.2).',
    references: ['RFC 3207 §4 (STARTTLS)'],
  },
  // Postfix smtpd_forbidden_commands: an HTTP request or a control character where a command
  // should be (shared fidelity case m050b); Postfix hangs up.
  {
    codes: [221],
    text: /I can break rules/i,
    meaning:
      'Postfix hangs up: the client sent something that is not SMTP, such as an HTTP request (GET, POST, CONNECT) or a command with a control character',
    advice: 'Connect again and send SMTP commands.',
  },
  // RFC 5321 §4.2.2: 221 closes the transmission channel.
  {
    codes: [221],
    advice: 'The server closes the connection: nothing more to send.',
  },
  // Postfix's built-in smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated,
  // defer_unauth_destination: a relay refusal there is 454 4.7.1 (shared fidelity case h301).
  {
    codes: [454],
    text: /Relay access denied/i,
    meaning:
      'Relay access denied, for now: this server is not the destination for that address and does not pass mail on for you (Postfix defer_unauth_destination, part of its built-in default smtpd_relay_restrictions)',
    advice: `The 4 in 454 does not mean that the problem goes away by itself: a sending mail server keeps the message and tries again (RFC 5321 §4.5.4.1), gets the same answer until this server's settings change, and bounces the message when its queue time runs out. By hand: send to the MX of the recipient's domain, or log in first (${SUBMIT_THEN_RETRY} on port 587) and send RCPT TO again.`,
    references: ['Postfix postconf(5): smtpd_relay_restrictions, defer_unauth_destination'],
  },
  // RFC 3207 §4: "454 TLS not available due to temporary reason"; Postfix words it "454 4.7.0
  // TLS not available due to local problem" when it cannot load its certificate or key.
  {
    codes: [454],
    text: /\bTLS\b/,
    meaning:
      'STARTTLS refused for now: the server cannot start TLS at the moment (RFC 3207 §4); the connection is still not encrypted',
    advice:
      'A client that requires TLS stops here and tries again later. A client that only prefers TLS may go on in plain text, but then it should not send a password. By hand, try STARTTLS again later.',
    references: ['RFC 3207 §4 (STARTTLS)'],
  },
  // RFC 4954 §6: "454 4.7.0 Temporary authentication failure ... The client SHOULD NOT prompt
  // the user for another password".
  {
    codes: [454],
    text: /authentication/i,
    meaning:
      'Temporary authentication failure: AUTH failed because of a problem on the server, for example its password service did not answer, not because of the password (RFC 4954 §6)',
    advice: 'Do not change the password. Try AUTH again later.',
    references: ['RFC 4954 §6 (AUTH status codes)'],
  },
  // RFC 3207 §4: a server that requires TLS answers 530 to commands before STARTTLS.
  {
    codes: [530],
    text: /STARTTLS/i,
    meaning:
      'This server wants an encrypted connection before this command: send STARTTLS first (RFC 3207 §4)',
    advice:
      'Not final: a 5xx holds for this command in the present state, and STARTTLS changes the state. Send STARTTLS, then EHLO again, then AUTH if the server offers it, and send the command again.',
    references: ['RFC 3207 §4 (STARTTLS)'],
  },
  // RFC 4954 §6: "530 5.7.0 Authentication required".
  {
    codes: [530],
    meaning:
      "Authentication required: the server's policy needs you to log in before this command (RFC 4954 §6)",
    advice: `Not final: log in and send the command again (${SUBMIT_THEN_RETRY} on a submission port).`,
    references: ['RFC 4954 §6 (AUTH status codes)'],
  },
  // Postfix smtpd: AUTH while SASL is off on this port, or before STARTTLS with
  // smtpd_tls_auth_only = yes (shared fidelity cases x439 on port 25, x483 on a submission port).
  {
    codes: [503],
    text: /authentication not enabled/i,
    meaning:
      'AUTH is not offered here, or not yet: Postfix says this when this port does not take logins, or takes them only after STARTTLS (smtpd_tls_auth_only)',
    advice:
      'Look at the EHLO reply. If it has no AUTH line, send STARTTLS, then EHLO again, and look again. If AUTH still does not appear, this port takes no logins: an MX on port 25 is for mail to its own domains; to log in, use the submission port (587 or 465).',
  },
  // RFC 4954 §4: "After a successful AUTH command completes, a server MUST reject any further
  // AUTH commands with a 503 reply."
  {
    codes: [503],
    text: /already authenticated/i,
    meaning: 'You have logged in already: only one successful AUTH per session (RFC 4954 §4)',
    advice: 'Do not send AUTH again; go on with MAIL FROM.',
    references: ['RFC 4954 §4 (the AUTH command)'],
  },
  // RFC 5321 §4.1.4: commands out of order get 503 "and the SMTP server MUST stay in the same
  // state".
  {
    codes: [503],
    meaning:
      'Bad sequence of commands: this command cannot come yet, or not again (RFC 5321 §4.1.4)',
    advice:
      'Not final: the server stays in the same state. Send the command that must come first (the text names it: HELO/EHLO, MAIL, RCPT), or RSET to end the open transaction, then send this command again.',
    references: ['RFC 5321 §4.1.4 (order of commands)'],
  },
  // RFC 1985: 459 "Node <x> not allowed". Postfix answers "459 <domain>: service unavailable"
  // when the domain is not one it may flush (fast_flush_domains, by default $relay_domains).
  {
    codes: [459],
    advice:
      'Nothing to wait for: the server does not run its queue for that domain on request, so the same ETRN gets the same answer.',
  },
  // Postfix reject_invalid_helo_hostname and reject_non_fqdn_helo_hostname: checked at RCPT time.
  {
    codes: [501, 504],
    text: /Helo command rejected/i,
    meaning: 'The server refuses the name given in HELO/EHLO (the text says why)',
    advice:
      "Not final: send EHLO again with the client's full host name (for example client.example.net), then MAIL FROM and RCPT TO again.",
  },
  // RFC 4954 §4: a "*" in answer to a 334 cancels AUTH, and the server answers 501.
  {
    codes: [501],
    text: /Authentication aborted/i,
    meaning: 'AUTH cancelled: the client answered a 334 challenge with "*" (RFC 4954 §4)',
    advice: 'Send AUTH again when you are ready.',
    references: ['RFC 4954 §4 (the AUTH command)'],
  },
  // Postfix: a BDAT whose chunk size it cannot read; it cannot find the end of the chunk, so it
  // closes the connection. Not the 521 "does not accept mail" of RFC 7504.
  {
    codes: [521],
    text: /Syntax: BDAT/i,
    meaning:
      'BDAT without a chunk size the server can read: it cannot tell where the chunk ends, so it closes the connection (BDAT: RFC 3030)',
    advice:
      'Connect again and send BDAT with the size of the chunk in octets, then LAST on the final chunk.',
  },
  // Postfix: once a command in a BDAT transaction has failed, it reads and drops the chunks.
  {
    codes: [551],
    text: /after earlier error/i,
    meaning:
      'The server read this BDAT chunk and threw it away, because an earlier command in this transaction failed',
    advice: 'Send RSET, fix the command that failed first, then send the message again.',
  },
  // RFC 4954 §6: after 535 "the client SHOULD ask the user to supply new credentials".
  {
    codes: [535],
    advice: 'Check the user name and password, then send AUTH again.',
    references: ['RFC 4954 §6 (AUTH status codes)'],
  },
  // RFC 4954 §6: the mechanism "may only be used when the underlying SMTP connection is
  // encrypted".
  {
    codes: [538],
    advice: 'Not final: send STARTTLS, EHLO again, then this AUTH again.',
    references: ['RFC 4954 §6 (AUTH status codes)'],
  },
  // Postfix: XCLIENT or XFORWARD from a client not in smtpd_authorized_xclient_hosts (or
  // smtpd_authorized_xforward_hosts); shared fidelity case m065.
  {
    codes: [550],
    text: /insufficient authorization/i,
    meaning:
      'XCLIENT or XFORWARD from a client this server does not trust for it (Postfix smtpd_authorized_xclient_hosts, smtpd_authorized_xforward_hosts)',
    advice: 'An ordinary client does not need these commands; go on without them.',
  },
  // Postfix on a submission port: smtpd_recipient_restrictions = permit_sasl_authenticated,
  // reject (shared fidelity cases s120, x483).
  {
    codes: [554],
    text: /Recipient address rejected: Access denied/i,
    meaning:
      "The server's policy refuses this recipient for this client. On a submission port (587, 465) Postfix answers this to every RCPT TO before AUTH: the port takes mail only from users who have logged in",
    advice: `On a submission port it is not final: ${SUBMIT_THEN_RETRY}, then send MAIL FROM and RCPT TO again. On port 25 it is the site's policy for this recipient: ask its postmaster.`,
  },
  // Postfix message_size_limit (shared fidelity-extended case x481, recorded with swaks and
  // curl in test/fixtures/postfix-policy/message-size-*.txt).
  {
    codes: [552],
    text: /Message size exceeds fixed limit/i,
    meaning:
      'The size the client declared with MAIL FROM ... SIZE= (RFC 1870) is more than this server takes (Postfix message_size_limit, shown after SIZE in its EHLO reply); nothing of the message was sent',
    advice:
      'Send a smaller message (a link instead of the attachment), or through a server with a higher limit. The EHLO reply says the limit: 250-SIZE <octets>.',
    references: ['RFC 1870 (SIZE)', 'Postfix postconf(5): message_size_limit'],
  },
  {
    codes: [552],
    text: /message file too big/i,
    meaning:
      'The message grew past what this server takes (Postfix message_size_limit) while it was sent; the server read it to the end and threw it away. Attachments count about a third more than their files: base64 turns 3 octets into 4, plus a line end every 76 characters',
    advice:
      'Send a smaller message, or through a server with a higher limit (the SIZE in its EHLO reply). A client that declares SIZE= at MAIL FROM learns it before sending anything.',
    references: [
      'RFC 1870 (SIZE)',
      'RFC 2045 §6.8 (base64)',
      'Postfix postconf(5): message_size_limit',
    ],
  },
  // Postfix reject_sender_login_mismatch with smtpd_sender_login_maps (recorded:
  // test/fixtures/postfix-policy/sender-login-*); given at RCPT (smtpd_delay_reject = yes).
  {
    codes: [553],
    text: /Sender address rejected: not owned by user/i,
    meaning:
      'The envelope sender (MAIL FROM) is not an address this login may use: the server keeps a list of which login owns which sender address (Postfix smtpd_sender_login_maps, reject_sender_login_mismatch), so a user cannot send in the name of someone else',
    advice:
      'Send RSET, then MAIL FROM with an address your login owns (usually the login itself) and RCPT TO again; or log in as the owner of that address.',
    references: ['Postfix postconf(5): smtpd_sender_login_maps, reject_sender_login_mismatch'],
  },
  {
    codes: [553],
    text: /Sender address rejected: not logged in/i,
    meaning:
      'The envelope sender (MAIL FROM) belongs to a user of this server, and only that user, logged in, may send with it (Postfix smtpd_sender_login_maps, reject_sender_login_mismatch)',
    advice: `Not final: RSET, ${SUBMIT_THEN_RETRY} as the owner of the address, then MAIL FROM and RCPT TO again.`,
    references: ['Postfix postconf(5): smtpd_sender_login_maps, reject_sender_login_mismatch'],
  },
  {
    codes: [554],
    text: /Relay access denied/i,
    meaning:
      'Relay access denied: this server is not the destination for that address, and it passes mail on only for clients it trusts (its own networks, or users who have logged in)',
    advice: `Send to the MX of the recipient's domain instead, or log in (${SUBMIT_THEN_RETRY} on port 587) and send RCPT TO again. A relaying mail server bounces the message to its sender (RFC 5321 §6.1).`,
  },
  {
    codes: [554],
    text: /blocked using/i,
    meaning:
      "The client's IP address is on a DNS block list that the server checks (the list is named in the text)",
    advice:
      "The same address gets the same answer. Have the address taken off that list, or send through your provider's submission server (port 587 with AUTH).",
  },
  {
    codes: [554],
    text: /Client host rejected/i,
    meaning: "The server's policy refuses connections from the client's address or name",
    advice:
      "The same client gets the same answer: send from another host, or ask the site's postmaster.",
  },
  // RFC 3207 §4.2: after the TLS handshake the server no longer offers STARTTLS.
  {
    codes: [554],
    text: /TLS already active/i,
    meaning: 'STARTTLS inside TLS: this connection is already encrypted (RFC 3207 §4.2)',
    advice: 'Do not send STARTTLS again; go on with EHLO, AUTH or MAIL FROM.',
    references: ['RFC 3207 §4.2 (after the TLS handshake)'],
  },
  // RFC 5321 §3.3: DATA when all RCPT commands were rejected may get "no valid recipients" (554).
  {
    codes: [554],
    text: /no valid recipients/i,
    meaning:
      'DATA without an accepted recipient: every RCPT TO was refused, so there is no one to deliver to (RFC 5321 §3.3)',
    advice:
      'Not final: read the replies to your RCPT TO lines, send a RCPT TO the server accepts (250), then DATA again.',
    references: ['RFC 5321 §3.3 (mail transactions)'],
  },
  // RFC 5321 §4.3.1: without an extension such as PIPELINING the client "MUST wait for this
  // response before sending further commands". Postfix then hangs up (shared fidelity case h305).
  {
    codes: [554],
    text: /protocol synchronization/i,
    meaning:
      'The client sent commands before the server had answered, where the server does not allow it (RFC 5321 §4.3.1); Postfix closes the connection',
    advice:
      'Connect again and wait for the greeting and for each reply before the next command, unless the EHLO reply lists PIPELINING.',
    references: ['RFC 5321 §4.3.1 (sequencing)'],
  },
  // RFC 5321 §2.3.8: lines end with CRLF; Postfix smtpd_forbid_bare_newline refuses a bare LF.
  {
    codes: [550],
    text: /bare <LF>/i,
    meaning:
      'A line ended with LF alone; SMTP lines end with CR LF (RFC 5321 §2.3.8), and this server refuses the difference',
    advice:
      'Connect again with a client that ends lines with CR LF (telnet does; use nc -C, not plain nc).',
    references: ['RFC 5321 §2.3.8 (lines)'],
  },
];

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
  const rule = RULES.find(
    (r) => r.codes.includes(code) && (r.text === undefined || r.text.test(text)),
  );
  return {
    code,
    codeClass: CLASSES[first]!,
    meaning: rule?.meaning ?? CODES[code] ?? null,
    enhanced,
    advice: rule?.advice ?? ADVICE[first]!,
    references: [
      'RFC 5321 §4.2 (reply codes)',
      ...(enhanced ? ['RFC 3463 (enhanced status codes)'] : []),
      ...(code === 235 || code === 334 || (code >= 530 && code <= 538) ? ['RFC 4954 (AUTH)'] : []),
      ...(code === 458 || code === 459 ? ['RFC 1985 (ETRN)'] : []),
      ...((code === 521 && !rule) || code === 556 ? ['RFC 7504 (521 and 556)'] : []),
      ...(rule?.references ?? []),
    ],
  };
}
