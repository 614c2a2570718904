// Recipient restrictions, evaluated as smtpd_check_rcpt() does with smtpd_delay_reject=yes:
// client, HELO and sender restrictions, relay, recipient restrictions, then
// reject_unlisted_recipient.
import { debianPostgrey, postgrey, type PolicyAnswer } from './postgrey.ts';
import { splitAddress } from '../address.ts';
import { replies } from '../reply.ts';
import type { ServerProfile } from '../profile.ts';
import type { ClientEndpoint, Reply } from '../types.ts';
import type { SessionContext } from '../context.ts';
import { heloRejection } from './helo.ts';
import { senderLoginRejection } from './sender.ts';

export interface RecipientCheckInput {
  /** check_policy_service: the policy server's answer for this recipient (postgrey's);
   * absent: no policy service. */
  readonly policy?: (recipient: string) => PolicyAnswer;
  readonly profile: ServerProfile;
  readonly client: ClientEndpoint;
  readonly heloName: string | null;
  readonly authenticated: boolean;
  /** The SASL login (smtpd's sasl_username), when the client has logged in. */
  readonly login?: string | null;
  /** The transaction's envelope sender (MAIL FROM), if any: the sender restrictions, delayed
   * to RCPT, look at it. */
  readonly sender?: string | null;
  /** Addresses of the server itself, for "user@[address]" literals (inet_interfaces). */
  readonly serverAddresses: readonly string[];
}

export interface RecipientVerdict {
  /** null: the recipient is accepted. */
  readonly rejection: Reply | null;
  /** Headers a policy answered PREPEND with: they go into the message (smtpd's
   * state->prepend) even when a later restriction refuses this recipient. */
  readonly prepend: readonly string[];
}

export function checkRecipient(input: RecipientCheckInput, address: string): RecipientVerdict {
  const restricted = restrictionsBeforePolicy(input, address);
  if (restricted) return { rejection: restricted, prepend: [] };
  // ... check_policy_service (postgrey). DEFER_IF_PERMIT defers only if the restrictions end
  // in a permit: none after the policy rejects here. Postfix makes it the deferral before
  // the implicit smtpd_reject_unlisted_recipient check, so an unknown user is greylisted
  // first (shared/fidelity-extended x475).
  const answer = input.policy?.(address);
  if (answer?.action === 'DEFER_IF_PERMIT') {
    return { rejection: replies.policyDeferIfPermit(address, answer.text), prepend: [] };
  }
  const prepend = answer?.action === 'PREPEND' ? [answer.header] : [];
  // smtpd_reject_unlisted_recipient
  const { profile } = input;
  const unlisted =
    profile.restrictions.rejectUnlistedRecipient &&
    isLocalDestination(input, address) &&
    !hasMailbox(profile, address);
  return { rejection: unlisted ? replies.unknownUser(address) : null, prepend };
}

/** Client, HELO and relay restrictions, then the recipient restrictions up to the policy. */
function restrictionsBeforePolicy(input: RecipientCheckInput, address: string): Reply | null {
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
  // smtpd_sender_restrictions = reject_sender_login_mismatch (smtpd_check_mail(), called from
  // smtpd_check_rcpt() because smtpd_delay_reject = yes)
  const sender = senderLoginRejection(profile, input.sender ?? null, input.login ?? null);
  if (sender) return sender;
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

/** The recipient check for the session's current facts (RCPT and VRFY share it). The policy
 * service is asked in the RCPT state only: a VRFY is never greylisted here. */
export function checkRecipientInSession(
  ctx: SessionContext,
  address: string,
  state: 'RCPT' | 'VRFY' = 'VRFY',
): RecipientVerdict {
  const delay = ctx.profile.restrictions.greylistDelayMs;
  const transaction = ctx.transaction;
  const policy =
    delay === null || state !== 'RCPT'
      ? undefined
      : (recipient: string) =>
          postgrey(
            ctx.policy.memory,
            // --delay is the scenario's knob; the rest is Debian's postgrey, --hostname the MX.
            debianPostgrey(Math.round(delay / 1000), ctx.profile.hostname),
            {
              clientAddress: ctx.client.address,
              sender: transaction?.sender ?? '',
              recipient,
              instanceHasHeader: (transaction?.prepend?.length ?? 0) > 0,
            },
            ctx.policy.now(),
          );
  return checkRecipient(
    {
      profile: ctx.profile,
      client: ctx.client,
      heloName: ctx.helo?.name ?? null,
      authenticated: ctx.authenticatedAs !== null,
      login: ctx.authenticatedAs,
      sender: transaction?.sender ?? null,
      serverAddresses: ctx.serverAddresses,
      policy,
    },
    address,
  );
}
