// STARTTLS (RFC 3207 §4): the reply is 220, then the TLS handshake; the session is reset
// once the handshake is done (§4.2).
import { accept, refuse, type Outcome, type SessionContext } from '../context.ts';
import type { Command } from '../command.ts';
import { replies } from '../reply.ts';

export function starttls(ctx: SessionContext, cmd: Command): Outcome {
  if (cmd.args.length > 0) return refuse(replies.commandSyntax('STARTTLS'));
  if (ctx.tls !== null) return refuse(replies.tlsAlreadyActive);
  if (!ctx.profile.tls.offered) return refuse(replies.tlsNotImplemented); // smtpd_tls_security_level=none
  return accept(replies.readyToStartTls, 'tls');
}
