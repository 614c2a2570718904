// RCPT TO: (RFC 5321 §4.1.1.3), with DSN parameters (RFC 3461) and the recipient
// restrictions of policy/recipient.ts.
import { accept, refuse, type Outcome, type SessionContext } from '../context.ts';
import type { Command } from '../command.ts';
import { parseEnvelope } from '../address.ts';
import { replies } from '../reply.ts';
import { checkRecipientInSession } from '../policy/recipient.ts';
import { isXtext } from './mail.ts';
import { illegalAddress } from './illegal-address.ts';

const NOTIFY = /^(NEVER|(SUCCESS|FAILURE|DELAY)(,(SUCCESS|FAILURE|DELAY))*)$/i;

export function rcpt(ctx: SessionContext, cmd: Command): Outcome {
  const transaction = ctx.transaction!;
  const parsed = parseEnvelope(cmd.argText, 'TO:', {
    strict: ctx.profile.restrictions.strictEnvelopes,
    smtputf8: transaction.smtputf8 === true,
  });
  if (parsed.kind === 'syntax') return refuse(replies.rcptSyntax);
  // smtpd_recipient_limit
  if (transaction.recipients.length >= ctx.profile.limits.recipients)
    return refuse(replies.tooManyRecipients);
  if (parsed.kind === 'bad-address')
    return illegalAddress(ctx, 'RCPT', parsed, replies.badRecipient);
  // REJECT_EMPTY_ADDR: "RCPT TO:<>" is an illegal address too.
  if (parsed.value.address === '')
    return illegalAddress(ctx, 'RCPT', { illegal: true, ...parsed.value }, replies.badRecipient);

  for (const param of parsed.value.params) {
    const eq = param.indexOf('=');
    const name = (eq === -1 ? param : param.slice(0, eq)).toUpperCase();
    const value = eq === -1 ? '' : param.slice(eq + 1);
    if (name === 'NOTIFY') {
      if (!NOTIFY.test(value)) return refuse(replies.badRcptParameter('NOTIFY'));
    } else if (name === 'ORCPT') {
      if (!/^[^;]+;/.test(value) || !isXtext(value.slice(value.indexOf(';') + 1))) {
        return refuse(replies.badRcptParameter('ORCPT'));
      }
    } else {
      return refuse(replies.unsupportedOption(param));
    }
  }

  const address = parsed.value.address;
  const { rejection, prepend } = checkRecipientInSession(ctx, address, 'RCPT');
  // A policy's PREPEND stays with the transaction even if this recipient is then refused.
  const kept =
    prepend.length === 0
      ? transaction
      : { ...transaction, prepend: [...(transaction.prepend ?? []), ...prepend] };
  if (rejection) {
    const update = kept === transaction ? undefined : { transaction: kept };
    return { ...refuse(rejection, update), policy: true };
  }
  return accept(replies.recipientOk, 'recipient', {
    transaction: { ...kept, recipients: [...kept.recipients, address] },
  });
}
