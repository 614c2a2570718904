// smtpd_sender_restrictions = reject_sender_login_mismatch, with smtpd_sender_login_maps
// (Postfix 3.7 smtpd_check.c reject_auth_sender_login_mismatch() and
// reject_unauth_sender_login_mismatch(), recorded in test/fixtures/postfix-policy/sender-login-*):
// - a logged-in client must own the envelope sender: the map gives the sender's owners and the
//   SASL login must be one of them (strcasecmp_utf8); a sender the map does not list is refused
//   too (FORBID_UNKNOWN_SENDER): "553 5.7.1 <carol@example.com>: Sender address rejected: not
//   owned by user alice@example.net";
// - a client that has not logged in may not use a sender the map lists: "553 5.7.1
//   <alice@example.net>: Sender address rejected: not logged in";
// - the null sender <> is never checked ("if (state->sender && *state->sender)").
// With smtpd_delay_reject = yes (the default) the sender restrictions run at RCPT, after the
// client and HELO restrictions and before the relay and recipient ones (smtpd_check_rcpt()):
// MAIL FROM gets 250 and every RCPT gets the 553.
import { splitAddress } from '../address.ts';
import { replies } from '../reply.ts';
import type { ServerProfile } from '../profile.ts';
import type { Reply } from '../types.ts';

/** mail_addr_find() with MA_FIND_DEFAULT: the address, its local part alone when the domain
 * is local, then "@domain"; the first key the map has wins. An address without a domain is
 * looked up as smtpd_resolve_addr() rewrites it: local part@$myorigin. */
function owners(profile: ServerProfile, sender: string): readonly string[] | null {
  const map = profile.restrictions.senderLoginMaps!;
  const { local, domain: given } = splitAddress(sender);
  // append_at_myorigin: myorigin = $mydomain, the first of mydestination here.
  const domain = (given === '' ? (profile.localDomains[0] ?? profile.hostname) : given)
    .toLowerCase()
    .replace(/\.$/, '');
  const isLocal = profile.localDomains.some((d) => d.toLowerCase() === domain);
  const keys = [`${local}@${domain}`.toLowerCase(), ...(isLocal ? [local.toLowerCase()] : [])];
  keys.push(`@${domain}`);
  for (const key of keys) if (Object.hasOwn(map, key)) return map[key]!;
  return null;
}

/** The sender restriction's verdict for `sender` (as the client gave it), from a client
 * logged in as `login` (null: not logged in). null: no objection. */
export function senderLoginRejection(
  profile: ServerProfile,
  sender: string | null,
  login: string | null,
): Reply | null {
  if (profile.restrictions.senderLoginMaps === null || sender === null || sender === '')
    return null;
  const found = owners(profile, sender);
  if (login === null) return found === null ? null : replies.senderNotLoggedIn(sender);
  const owned = found?.some((owner) => owner.toLowerCase() === login.toLowerCase()) ?? false;
  return owned ? null : replies.senderNotOwned(sender, login);
}
