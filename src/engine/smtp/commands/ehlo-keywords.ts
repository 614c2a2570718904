// The EHLO keyword list in Postfix 3.7's order. STARTTLS disappears once TLS is up
// (RFC 3207 §4.2); AUTH appears only where it may be used (smtpd_tls_auth_only).
import type { SessionContext } from '../context.ts';

export function ehloKeywords(ctx: SessionContext): string[] {
  const { profile } = ctx;
  const secure = ctx.tls !== null;
  const keywords = ['PIPELINING'];
  const size = profile.limits.messageSize;
  keywords.push(size > 0 ? `SIZE ${size}` : 'SIZE');
  if (!profile.restrictions.vrfyDisabled) keywords.push('VRFY');
  keywords.push('ETRN');
  if (profile.tls.offered && !secure) keywords.push('STARTTLS');
  if (profile.auth.enabled && (secure || !profile.auth.tlsOnly)) {
    keywords.push(`AUTH ${profile.auth.mechanisms.join(' ')}`);
  }
  keywords.push('ENHANCEDSTATUSCODES', '8BITMIME', 'DSN', 'SMTPUTF8', 'CHUNKING');
  return keywords;
}
