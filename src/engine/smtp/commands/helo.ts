// HELO / EHLO (RFC 5321 §4.1.1.1). Any argument is accepted here; smtpd_helo_restrictions
// judge it later, at RCPT. A greeting always resets the mail transaction.
import { accept, refuse, type Outcome, type SessionContext } from '../context.ts';
import type { Command } from '../command.ts';
import { replies } from '../reply.ts';
import { ehloKeywords } from './ehlo-keywords.ts';

export function helo(ctx: SessionContext, cmd: Command): Outcome {
  if (cmd.args.length === 0) return refuse(replies.heloSyntax);
  return accept(replies.helo(ctx.profile.hostname), 'hello', {
    helo: { name: cmd.args.join(' '), esmtp: false },
    transaction: null,
  });
}

export function ehlo(ctx: SessionContext, cmd: Command): Outcome {
  if (cmd.args.length === 0) return refuse(replies.ehloSyntax);
  return accept(replies.ehlo(ctx.profile.hostname, ehloKeywords(ctx)), 'hello', {
    helo: { name: cmd.args.join(' '), esmtp: true },
    transaction: null,
  });
}
