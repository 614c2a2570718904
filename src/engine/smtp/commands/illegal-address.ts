// An envelope address smtpd's extract_addr() refuses: the 501 reply, and for the addresses it
// could parse but not accept (no brackets under strict_rfc821_envelopes, a bad domain, an
// empty recipient) the "Illegal address syntax" warning before it.
import { refuse, type Outcome, type SessionContext } from '../context.ts';
import { smtpdLog } from '../smtpd-log.ts';
import type { Reply } from '../types.ts';

export function illegalAddress(
  ctx: SessionContext,
  verb: 'MAIL' | 'RCPT' | 'VRFY',
  parsed: { readonly illegal: boolean; readonly token: string },
  reply: Reply,
): Outcome {
  if (!parsed.illegal) return refuse(reply);
  const client = `${ctx.client.hostname}[${ctx.client.address}]`;
  return { ...refuse(reply), logs: [smtpdLog.illegalAddress(client, verb, parsed.token)] };
}
