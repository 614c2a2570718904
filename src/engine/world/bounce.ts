// bounce(8): the non-delivery notification a sender gets when a recipient is refused for good
// or its message expires in the queue (the same failure template either way): a
// multipart/report (RFC 3462) with a delivery-status part (RFC 3464) and the returned message,
// from the null sender (RFC 5321 §4.5.5). Word for word as Postfix 3.7 wrote it in
// test/fixtures/postfix-policy/outbound-bounced-554.txt and outbound-expired.txt.
import { mailboxEntry, rfc5322Date } from '../smtp/message.ts';
import type { RelayedMessage } from '../smtp/types.ts';
import type { MailHost } from './mail-host.ts';
import type { Simulation } from './simulation.ts';

/** Why one recipient failed, as smtp(8) found out. */
export interface Failure {
  readonly recipient: string;
  /** The status line's reason: "host mx...[...] said: 554 5.7.1 ... (in reply to RCPT TO command)". */
  readonly why: string;
  /** RFC 3463 status, "5.7.1". */
  readonly status: string;
  /** The MTA that refused it, and its reply, when a server did. */
  readonly remote: { readonly mta: string; readonly reply: string } | null;
}

const two = (n: number) => String(n).padStart(2, '0');
const stamp = (d: Date) =>
  `${d.getUTCFullYear()}${two(d.getUTCMonth() + 1)}${two(d.getUTCDate())}${two(d.getUTCHours())}${two(d.getUTCMinutes())}${two(d.getUTCSeconds())}`;

/** bounce_print_wrap() (bounce/bounce_notify_util.c): line_wrap() at 79 columns, continuation
 * lines indented by 4 (and 79 columns with the indent). */
function wrap(text: string, width = 79, indent = '    '): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (candidate.length > width && line !== '') {
      lines.push(line);
      line = `${indent}${word}`;
    } else line = candidate;
  }
  lines.push(line);
  return lines;
}

/** The notification, queued on `mailHost` and delivered to the sender if it lives there. */
export function bounceMessage(
  sim: Simulation,
  mailHost: MailHost,
  message: RelayedMessage,
  failures: readonly Failure[],
  arrivedAt: Date,
): void {
  const hostname = mailHost.host.name;
  const mydomain = hostname.split('.').slice(1).join('.');
  const queueId = mailHost.nextQueueId();
  const date = sim.now();
  const boundary = `${message.queueId}.${Math.floor(date.getTime() / 1000)}/${hostname}`;
  const messageId = `<${stamp(date)}.${queueId}@${hostname}>`;
  const content = [
    `Received: by ${hostname} (Postfix)`,
    `\tid ${queueId}; ${rfc5322Date(date)}`,
    `Date: ${rfc5322Date(date)}`,
    `From: Mail Delivery System <MAILER-DAEMON@${mydomain}>`,
    'Subject: Undelivered Mail Returned to Sender',
    `To: ${message.sender}`,
    'Auto-Submitted: auto-replied',
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=delivery-status;',
    `\tboundary="${boundary}"`,
    'Content-Transfer-Encoding: 8bit',
    `Message-Id: ${messageId}`,
    '',
    'This is a MIME-encapsulated message.',
    '',
    `--${boundary}`,
    'Content-Description: Notification',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    `This is the mail system at host ${hostname}.`,
    '',
    "I'm sorry to have to inform you that your message could not",
    "be delivered to one or more recipients. It's attached below.",
    '',
    'For further assistance, please send mail to postmaster.',
    '',
    'If you do so, please include this problem report. You can',
    'delete your own text from the attached returned message.',
    '',
    '                   The mail system',
    '',
    ...failures.flatMap((f) => [...wrap(`<${f.recipient}>: ${f.why}`), '']),
    `--${boundary}`,
    'Content-Description: Delivery report',
    'Content-Type: message/delivery-status',
    '',
    `Reporting-MTA: dns; ${hostname}`,
    `X-Postfix-Queue-ID: ${message.queueId}`,
    `X-Postfix-Sender: rfc822; ${message.sender}`,
    `Arrival-Date: ${rfc5322Date(arrivedAt)}`,
    '',
    ...failures.flatMap((f) => [
      `Final-Recipient: rfc822; ${f.recipient}`,
      `Original-Recipient: rfc822;${f.recipient}`,
      'Action: failed',
      `Status: ${f.status}`,
      // Wrapped like the text above: "Diagnostic-Code: X-Postfix; connect to ...: Connection\n
      //     refused" (outbound-expired).
      ...(f.remote
        ? [
            ...wrap(`Remote-MTA: dns; ${f.remote.mta}`),
            ...wrap(`Diagnostic-Code: smtp; ${f.remote.reply}`),
          ]
        : wrap(`Diagnostic-Code: X-Postfix; ${f.why}`)),
      '',
    ]),
    `--${boundary}`,
    'Content-Description: Undelivered Message',
    'Content-Type: message/rfc822',
    'Content-Transfer-Encoding: 8bit',
    '',
    `Return-Path: <${message.sender}>`,
    ...message.content.replace(/\n$/, '').split('\n'),
    '',
    `--${boundary}--`,
    '',
  ].join('\n');
  mailHost.log('postfix/cleanup', `${queueId}: message-id=${messageId}`, mailHost.cleanupPid);
  mailHost.log(
    'postfix/bounce',
    `${message.queueId}: sender non-delivery notification: ${queueId}`,
    mailHost.nextPid(),
  );
  const local = mailHost.isLocal(message.sender);
  mailHost.queueNotification({
    queueId,
    sender: '',
    recipients: [message.sender],
    content: local ? mailboxEntry(content, '', message.sender, date) : content,
    local,
  });
}
