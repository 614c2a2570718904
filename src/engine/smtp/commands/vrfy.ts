// VRFY (RFC 5321 §3.5.1): Postfix answers 252 (cannot verify, will accept) for any address
// the recipient restrictions would take, and the RCPT rejection otherwise.
import { accept, refuse, type Outcome, type SessionContext } from '../context.ts';
import type { Command } from '../command.ts';
import { hasBadDomain, parseEnvelope } from '../address.ts';
import { replies } from '../reply.ts';
import { checkRecipientInSession } from '../policy/recipient.ts';
import { illegalAddress } from './illegal-address.ts';

export function vrfy(ctx: SessionContext, cmd: Command): Outcome {
  if (ctx.profile.restrictions.vrfyDisabled) return refuse(replies.vrfyDisabled); // disable_vrfy_command
  if (cmd.args.length === 0) return refuse(replies.commandSyntax('VRFY address [SMTPUTF8]'));
  const smtputf8 = cmd.args.length === 2 && cmd.args[1]!.toUpperCase() === 'SMTPUTF8';
  const argument = smtputf8 ? cmd.args[0]! : cmd.args.join(' ');
  const address = vrfyAddress(argument);
  if (address === null)
    return illegalAddress(ctx, 'VRFY', { illegal: true, token: argument }, replies.badRecipient);
  const rejection = checkRecipientInSession(ctx, address);
  return rejection ? { ...refuse(rejection), policy: true } : accept(replies.vrfyOk(argument));
}

/** VRFY takes its argument sloppily: "<addr>" loses its brackets, anything else without a
 * blank is taken as it is (even "<bob"), an empty address or a blank is bad syntax. */
function vrfyAddress(argument: string): string | null {
  if (argument.startsWith('<') && argument.endsWith('>')) {
    const parsed = parseEnvelope(`TO:${argument}`, 'TO:', false);
    return parsed.kind === 'ok' && parsed.value.address !== '' && parsed.value.params.length === 0
      ? parsed.value.address
      : null;
  }
  return /[ \t]/.test(argument) || hasBadDomain(argument) ? null : argument;
}
