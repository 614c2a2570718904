// VRFY (RFC 5321 §3.5.1): Postfix answers 252 (cannot verify, will accept) for any address
// the recipient restrictions would take, and the RCPT rejection otherwise. The argument is
// read sloppily (extract_addr() without strict_rfc821_envelopes): "<bob" is the address "<bob".
import { accept, refuse, type Outcome, type SessionContext } from '../context.ts';
import type { Command } from '../command.ts';
import { addressInWord } from '../address.ts';
import { smtpdTokens } from '../smtpd-token.ts';
import { replies } from '../reply.ts';
import { checkRecipientInSession } from '../policy/recipient.ts';
import { illegalAddress } from './illegal-address.ts';

export function vrfy(ctx: SessionContext, cmd: Command): Outcome {
  if (ctx.profile.restrictions.vrfyDisabled) return refuse(replies.vrfyDisabled); // disable_vrfy_command
  const words = smtpdTokens(cmd.argText).map((w) => w.text);
  if (words.length === 0) return refuse(replies.commandSyntax('VRFY address [SMTPUTF8]'));
  const smtputf8 = words.length > 1 && words.at(-1)!.toUpperCase() === 'SMTPUTF8';
  // collapse_args(): the words (but a last SMTPUTF8) are one address, blanks and all.
  const argument = (smtputf8 ? words.slice(0, -1) : words).join(' ');
  const address = addressInWord(argument, { strict: false, smtputf8 });
  if (address === null || address === '')
    return illegalAddress(ctx, 'VRFY', { illegal: true, token: argument }, replies.badRecipient);
  const { rejection } = checkRecipientInSession(ctx, address);
  return rejection ? { ...refuse(rejection), policy: true } : accept(replies.vrfyOk(argument));
}
