// bounce(8): the non-delivery notification a sender gets when a recipient is refused for good
// (RFC 3464 delivery status notification, sent from the null sender, RFC 5321 §4.5.5).
import type { RelayedMessage } from '../smtp/types.ts';
import { rfc5322Date } from '../smtp/message.ts';
import type { MailHost } from './mail-host.ts';
import type { Simulation } from './simulation.ts';

/** Where the sender lives: the bounce goes to its mailbox if this host keeps it. */
export function bounceMessage(
  sim: Simulation,
  mailHost: MailHost,
  message: RelayedMessage,
  recipients: readonly string[],
  why: string,
): void {
  const hostname = mailHost.host.name;
  const queueId = mailHost.nextQueueId();
  const date = sim.now();
  const lines = [
    `From: MAILER-DAEMON@${hostname} (Mail Delivery System)`,
    'Subject: Undelivered Mail Returned to Sender',
    `To: ${message.sender}`,
    `Date: ${rfc5322Date(date)}`,
    `Message-Id: <${queueId}@${hostname}>`,
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
    ...recipients.map((r) => `<${r}>: ${why}`),
    '',
  ];
  mailHost.log(
    'postfix/bounce',
    `${message.queueId}: sender non-delivery notification: ${queueId}`,
    mailHost.nextPid(),
  );
  mailHost.storeLocally({
    queueId,
    sender: '',
    recipients: [message.sender],
    content: `${lines.join('\n')}\n`,
  });
}
