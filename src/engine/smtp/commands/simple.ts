// The short verbs: DATA (once a recipient is in), RSET, NOOP, QUIT (RFC 5321 §4.1.1.4-10),
// ETRN (RFC 1985) and XCLIENT/XFORWARD (Postfix extensions, never authorised here).
import { accept, refuse, type Outcome, type SessionContext } from '../context.ts';
import type { Command } from '../command.ts';
import { replies } from '../reply.ts';

export function data(_ctx: SessionContext, cmd: Command): Outcome {
  if (cmd.args.length > 0) return refuse(replies.commandSyntax('DATA'));
  return accept(replies.startData, 'data');
}

export function rset(_ctx: SessionContext, cmd: Command): Outcome {
  if (cmd.args.length > 0) return refuse(replies.commandSyntax('RSET'));
  return accept(replies.ok, 'reset', { transaction: null });
}

/** NOOP takes and ignores any argument. */
export function noop(): Outcome {
  return accept(replies.ok);
}

/** QUIT takes and ignores any argument. */
export function quit(): Outcome {
  return accept(replies.bye, 'quit');
}

export function etrn(ctx: SessionContext, cmd: Command): Outcome {
  if (ctx.profile.restrictions.heloRequired && ctx.helo === null)
    return refuse(replies.etrnNeedHelo);
  if (ctx.transaction !== null) return refuse(replies.etrnInTransaction);
  if (cmd.args.length !== 1) return refuse(replies.etrnSyntax);
  const domain = cmd.args[0]!.replace(/^[@#]/, '');
  if (!/^[a-z0-9.-]+$/i.test(domain)) return refuse(replies.etrnBadDomain);
  // No fast_flush_domains here: the flush service refuses every site.
  return refuse(replies.etrnUnavailable(domain));
}

/** smtpd_authorized_xclient_hosts / smtpd_authorized_xforward_hosts are empty. */
export function xclient(): Outcome {
  return refuse(replies.insufficientAuthorization);
}
