// The end of a message: the final "." after DATA (RFC 5321 §4.1.1.4) or the last BDAT
// chunk (RFC 3030 §2). The message is queued with a Received: header and handed to
// local delivery for each local mailbox; other recipients are queued for the next hop.
import { accept, refuse, type Outcome, type SessionContext, type Transaction } from '../context.ts';
import type { Command } from '../command.ts';
import { replies } from '../reply.ts';
import { mailboxEntry, receivedHeader, withMissingHeaders } from '../message.ts';
import { hasMailbox, isLocalDestination } from '../policy/recipient.ts';

export interface ReceivedMessage {
  /** DATA: the unstuffed lines joined with LF. BDAT: the chunk's octets as sent. */
  readonly content: string;
  /** Octets on the wire, for message_size_limit. */
  readonly size: number;
  /** A line ended in a bare LF (smtpd_forbid_bare_newline). */
  readonly bareLf: boolean;
  /** BDAT ... LAST */
  readonly last: boolean;
  readonly queueId: string;
  readonly receivedAt: Date;
  /** BDAT: the chunk was read and dropped because it would pass message_size_limit. */
  readonly oversized?: boolean;
}

export function finishMessage(ctx: SessionContext, message: ReceivedMessage): Outcome {
  const transaction = ctx.transaction!;
  const { profile } = ctx;
  if (profile.limits.messageSize > 0 && message.size > profile.limits.messageSize) {
    return refuse(replies.messageTooBig, { transaction: null });
  }
  if (message.bareLf && profile.restrictions.bareNewline === 'reject') {
    return refuse(replies.bareLf(profile.hostname), { transaction: null });
  }
  const delivered = deliver(ctx, transaction, message);
  // smtpd asks cleanup(8) for the status once the queue file is written: a write error is
  // 451 4.3.0 and the client may try again later (RFC 5321 §4.2.5); nothing was taken.
  if (ctx.writeQueueFile?.(delivered.deliveries ?? []) != null) {
    return refuse(replies.queueWriteError, { transaction: null });
  }
  return {
    ...accept(replies.queued(message.queueId), 'reset', { transaction: null }),
    ...delivered,
    forgiven: true,
  };
}

/** BDAT <size> [LAST]; `message` is null when the command itself was malformed. */
export function bdat(ctx: SessionContext, _cmd: Command, message: ReceivedMessage | null): Outcome {
  // A malformed BDAT leaves the chunk's length unknown: 521 and hang up (smtpd.c bdat_cmd).
  if (message === null) return { ...refuse(replies.bdatSyntax), intent: 'hangup' };
  const transaction = ctx.transaction;
  if (transaction === null) return refuse(replies.needRcpt);
  if (transaction.recipients.length === 0) return refuse(replies.noValidRecipients);
  // After a refused chunk, the rest of the message is discarded up to its last chunk.
  const ended = message.last ? { transaction: null } : undefined;
  const endIntent = message.last ? ('reset' as const) : undefined;
  if (transaction.chunkFailed) {
    return { ...refuse(replies.discardedAfterError(message.size), ended), intent: endIntent };
  }
  // smtpd.c bdat_cmd() "Block too large chunks": the chunk was skipped unread.
  if (message.oversized) {
    const failed = ended ?? { transaction: { ...transaction, chunked: null, chunkFailed: true } };
    return { ...refuse(replies.chunkTooBig, failed), intent: endIntent };
  }
  if (ctx.profile.restrictions.bareNewline === 'reject' && /(^|[^\r])\n/.test(message.content)) {
    const failed = ended ?? { transaction: { ...transaction, chunked: null, chunkFailed: true } };
    return { ...refuse(replies.bareLf(ctx.profile.hostname), failed), intent: endIntent };
  }
  const chunked = (transaction.chunked ?? '') + message.content;
  if (!message.last) {
    return accept(replies.chunkOk(message.size), undefined, {
      transaction: { ...transaction, chunked },
    });
  }
  const content = toLines(chunked);
  const size = content.length + content.split('\n').length - 1; // every line ends in CRLF
  const whole = { ...message, content, size };
  const outcome = finishMessage({ ...ctx, transaction }, whole);
  return outcome.failed
    ? outcome
    : { ...outcome, reply: replies.chunkQueued(size, message.queueId) };
}

/** BDAT content as lines ending in LF: CRLF or a bare LF ends a line, and a last line
 * without either gets one (Postfix stores, and counts, every line with its CRLF). */
function toLines(octets: string): string {
  const text = octets.replace(/\r\n/g, '\n');
  return text === '' || text.endsWith('\n') ? text : `${text}\n`;
}

/** Local recipients get their mailbox entry; the rest go to the next hop as one queued copy. */
function deliver(
  ctx: SessionContext,
  transaction: Transaction,
  message: ReceivedMessage,
): Pick<Outcome, 'deliveries' | 'relay'> {
  const { profile } = ctx;
  const received = receivedHeader({
    heloName: ctx.helo?.name ?? null,
    esmtp: ctx.helo?.esmtp ?? false,
    client: ctx.client,
    hostname: profile.hostname,
    queueId: message.queueId,
    recipients: transaction.recipients,
    tls: ctx.tls,
    authenticatedAs: ctx.authenticatedAs,
    date: message.receivedAt,
  });
  // Octets end to end (issue 11): an 8-bit body is stored byte for byte, as local(8) does.
  const body = withMissingHeaders(
    message.content,
    transaction.sender,
    message.queueId,
    profile.hostname,
    message.receivedAt,
  );
  // smtpd writes a policy's PREPEND headers (postgrey's X-Greylist) before its Received:
  // header (test/fixtures/postfix-policy/greylist-retry-prepend.txt).
  const prepended = (transaction.prepend ?? []).map((header) => `${header}\n`).join('');
  const content = `${prepended}${received}\n${body}`;
  const check = {
    profile,
    client: ctx.client,
    heloName: null,
    authenticated: true,
    serverAddresses: ctx.serverAddresses,
  };
  const local = transaction.recipients.filter((r) => isLocalDestination(check, r));
  const remote = transaction.recipients.filter((r) => !local.includes(r));
  const deliveries = local
    // Unknown local users were refused at RCPT unless local_recipient_maps is off.
    .filter((recipient) => hasMailbox(profile, recipient))
    .map((recipient) => ({
      queueId: message.queueId,
      sender: transaction.sender,
      recipients: [recipient],
      content: mailboxEntry(content, transaction.sender, recipient, message.receivedAt),
    }));
  if (remote.length === 0) return { deliveries };
  const relay = {
    queueId: message.queueId,
    sender: transaction.sender,
    recipients: remote,
    content,
  };
  return { deliveries, relay };
}
