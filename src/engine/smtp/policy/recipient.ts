// Recipient restrictions, evaluated as smtpd_check_rcpt() does with smtpd_delay_reject=yes:
// client, HELO, relay, recipient restrictions, then reject_unlisted_recipient.
import { greylisted } from './memory.ts';
import { splitAddress } from '../address.ts';
import { replies } from '../reply.ts';
import type { ServerProfile } from '../profile.ts';
import type { ClientEndpoint, Reply } from '../types.ts';
import type { SessionContext } from '../context.ts';
import { heloRejection } from './helo.ts';

export interface RecipientCheckInput {
  /** The greylisting policy's verdict for this recipient (true: defer); absent: no policy. */
  readonly greylist?: (recipient: string) => boolean;
  readonly profile: ServerProfile;
  readonly client: ClientEndpoint;
  readonly heloName: string | null;
  readonly authenticated: boolean;
  /** Addresses of the server itself, for "user@[address]" literals (inet_interfaces). */
  readonly serverAddresses: readonly string[];
}

/** null: the recipient is accepted. */
export function checkRecipient(input: RecipientCheckInput, address: string): Reply | null {
  const { profile, client } = input;
  const r = profile.restrictions;

  // smtpd_client_restrictions = check_client_access (a blocklist)
  if (r.blockedClients.includes(client.address)) {
    return replies.clientRejected(`${client.hostname}[${client.address}]`);
  }
  // smtpd_helo_restrictions
  if (input.heloName !== null) {
    const helo = heloRejection(profile, input.heloName);
    if (helo) return helo;
  }
  const local = isLocalDestination(input, address);
  // smtpd_relay_restrictions = permit_sasl_authenticated, reject_unauth_destination
  const trusted = input.authenticated || r.mynetworks.includes(client.address);
  if (!r.recipientsNeedAuth && !trusted && !local) {
    return replies.relayDenied(r.unauthDestination === 'defer' ? 454 : 554, address);
  }
  // smtpd_recipient_restrictions = permit_sasl_authenticated, reject (submission ports)
  if (r.recipientsNeedAuth && !input.authenticated) return replies.recipientAccessDenied(address);
  // ... reject_rbl_client <zone> (the relay check above comes first: a listed client sending
  // to another domain still hears "Relay access denied", test/fixtures/postfix-policy).
  if (r.dnsbl !== null && !input.authenticated && Object.hasOwn(r.dnsbl.listed, client.address)) {
    return replies.dnsblRejected(client.address, r.dnsbl.zone, r.dnsbl.listed[client.address]!);
  }
  // ... check_policy_service (a greylisting policy)
  if (input.greylist?.(address)) return replies.greylisted(address);
  // smtpd_reject_unlisted_recipient
  if (r.rejectUnlistedRecipient && local && !hasMailbox(profile, address)) {
    return replies.unknownUser(address);
  }
  return null;
}

/** resolve(8): does the address end here? Percent-hack, bang and "@" in the local part make
 * it routed elsewhere, so it is not local even at a local domain. */
export function isLocalDestination(input: RecipientCheckInput, address: string): boolean {
  const { local, domain } = splitAddress(address);
  if (/[%!@]/.test(local)) return false;
  if (domain === '') return true; // append_at_myorigin: a bare user is local
  const d = domain.toLowerCase().replace(/\.$/, ''); // "example.org." is example.org
  if (d.startsWith('[') && d.endsWith(']')) {
    const literal = d.slice(1, -1).replace(/^ipv6:/, '');
    return input.serverAddresses.includes(literal);
  }
  return input.profile.localDomains.some((name) => name.toLowerCase() === d);
}

export function hasMailbox(profile: ServerProfile, address: string): boolean {
  const user = splitAddress(address).local.toLowerCase();
  return profile.mailboxes.some((box) => box.toLowerCase() === user);
}

/** The recipient check for the session's current facts (RCPT and VRFY share it; the
 * greylisting policy answers only in the RCPT state, as postgrey does). */
export function checkRecipientInSession(
  ctx: SessionContext,
  address: string,
  state: 'RCPT' | 'VRFY' = 'VRFY',
): Reply | null {
  const delay = ctx.profile.restrictions.greylistDelayMs;
  const sender = ctx.transaction?.sender ?? '';
  const greylist =
    delay === null || state !== 'RCPT'
      ? undefined
      : (recipient: string) =>
          greylisted(
            ctx.policy.memory,
            { client: ctx.client.address, sender, recipient },
            delay,
            ctx.policy.now(),
          );
  return checkRecipient(
    {
      profile: ctx.profile,
      client: ctx.client,
      heloName: ctx.helo?.name ?? null,
      authenticated: ctx.authenticatedAs !== null,
      serverAddresses: ctx.serverAddresses,
      greylist,
    },
    address,
  );
}
