// MAIL FROM: (RFC 5321 §4.1.1.2) with the ESMTP parameters Postfix knows: SIZE (RFC 1870),
// BODY (RFC 6152), SMTPUTF8 (RFC 6531), RET/ENVID (RFC 3461), AUTH (RFC 4954).
import { accept, refuse, type Outcome, type SessionContext } from '../context.ts';
import type { Command } from '../command.ts';
import { parseEnvelope } from '../address.ts';
import { replies } from '../reply.ts';
import type { Reply } from '../types.ts';
import { illegalAddress } from './illegal-address.ts';

export function mail(ctx: SessionContext, cmd: Command): Outcome {
  const parsed = parseEnvelope(cmd.argText, 'FROM:', {
    strict: ctx.profile.restrictions.strictEnvelopes,
  });
  if (parsed.kind === 'syntax') return refuse(replies.mailSyntax);
  if (parsed.kind === 'bad-address') return illegalAddress(ctx, 'MAIL', parsed, replies.badSender);

  let declaredSize = 0;
  const seen = new Set<string>();
  for (const param of parsed.value.params) {
    const [name = '', value = ''] = splitParam(param);
    const problem = checkParam(name, value, param, seen);
    if (problem) return refuse(problem);
    if (name === 'SIZE') declaredSize = Number(value);
  }
  // message_size_limit, checked against the client's own SIZE= declaration
  const limit = ctx.profile.limits.messageSize;
  if (limit > 0 && declaredSize > limit) return refuse(replies.sizeExceedsLimit);

  return accept(replies.senderOk, 'transaction', {
    transaction: {
      sender: parsed.value.address,
      recipients: [],
      chunked: null,
      smtputf8: parsed.value.params.some((p) => p.toUpperCase() === 'SMTPUTF8'),
    },
  });
}

function splitParam(param: string): [string, string] {
  const eq = param.indexOf('=');
  return eq === -1
    ? [param.toUpperCase(), '']
    : [param.slice(0, eq).toUpperCase(), param.slice(eq + 1)];
}

function checkParam(name: string, value: string, param: string, seen: Set<string>): Reply | null {
  switch (name) {
    case 'BODY':
      return /^(7BIT|8BITMIME)$/i.test(value) ? null : replies.unsupportedOption(param);
    case 'SIZE':
      return /^\d+$/.test(value) ? null : replies.badSizeSyntax;
    case 'SMTPUTF8':
      return param.includes('=') ? replies.unsupportedOption(param) : null;
    case 'RET':
    case 'ENVID': {
      // smtpd.c: a second RET or ENVID is reported as bad syntax, like a bad value.
      const valid =
        !seen.has(name) && (name === 'RET' ? /^(FULL|HDRS)$/i.test(value) : isXtext(value));
      seen.add(name);
      return valid ? null : replies.badMailParameter(name);
    }
    case 'AUTH':
      return null; // RFC 4954 §5: accepted and ignored from unauthenticated clients
    default:
      return replies.unsupportedOption(param);
  }
}

/** RFC 3461 §4 xtext as Postfix's xtext_unquote() takes it: printable ASCII, where a "+"
 * must start a "+XX" hex escape. */
export function isXtext(value: string): boolean {
  return value.length > 0 && /^(?:[!-*,-~]|\+[0-9A-F]{2})+$/.test(value);
}
