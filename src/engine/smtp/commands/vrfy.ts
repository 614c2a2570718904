// VRFY (RFC 5321 §3.5.1): Postfix answers 252 (cannot verify, will accept) for any address
// the recipient restrictions would take, and the RCPT rejection otherwise.
import { accept, refuse, type Outcome, type SessionContext } from '../context.ts';
import type { Command } from '../command.ts';
import { parseEnvelope } from '../address.ts';
import { replies } from '../reply.ts';
import { checkRecipientInSession } from '../policy/recipient.ts';

export function vrfy(ctx: SessionContext, cmd: Command): Outcome {
  if (ctx.profile.restrictions.vrfyDisabled) return refuse(replies.vrfyDisabled); // disable_vrfy_command
  const [argument, option] = cmd.args;
  if (
    argument === undefined ||
    cmd.args.length > 2 ||
    (option !== undefined && option.toUpperCase() !== 'SMTPUTF8')
  ) {
    return refuse(replies.commandSyntax('VRFY address [SMTPUTF8]'));
  }
  const parsed = parseEnvelope(`TO:${argument}`, 'TO:', false);
  if (parsed.kind !== 'ok' || parsed.value.address === '') return refuse(replies.badRecipient);
  const rejection = checkRecipientInSession(ctx, parsed.value.address);
  return rejection ? { ...refuse(rejection), policy: true } : accept(replies.vrfyOk(argument));
}
