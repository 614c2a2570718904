// The greylisting policy server behind check_policy_service: Debian's postgrey 1.37 with the
// package's defaults, as recorded in shared/fidelity-extended (config/postgrey.txt, case x475)
// and as its manual page describes it. It answers one smtpd_access_policy request per RCPT.
import { remember, type PolicyMemory, type TripletSighting } from './memory.ts';

export const POSTGREY_VERSION = '1.37';

const DAY = 24 * 3600;
/** --auto-whitelist-clients: "Only one attempt per hour counts". */
const AWL_COUNT_INTERVAL = 3600;

export interface PostgreySettings {
  /** --delay (seconds): how long a new triplet is deferred. Debian's default is 300. */
  readonly delay: number;
  /** --retry-window (seconds): a first retry later than this counts as a new first sighting. */
  readonly retryWindow: number;
  /** --max-age (seconds): entries not seen for longer are dropped by the maintenance. */
  readonly maxAge: number;
  /** --auto-whitelist-clients: after this many greylisted deliveries passed, a client
   * address is no longer greylisted (0: off). */
  readonly autoWhitelistClients: number;
  /** --lookup-by-subnet (the default) with --ipv4cidr and --ipv6cidr: the part of the client
   * address that goes into the triplet. */
  readonly ipv4Cidr: number;
  readonly ipv6Cidr: number;
  /** --hostname: the server named in the X-Greylist header. */
  readonly hostname: string;
  /** /etc/postgrey/whitelist_recipients, in its access(5)-like syntax: "user@domain",
   * "user@" (any domain) or "domain" (and its subdomains). */
  readonly whitelistRecipients: readonly string[];
  /** --greylist-action: what Postfix is told to do with a greylisted recipient (Debian's
   * default DEFER_IF_PERMIT: defer, unless a later restriction rejects it anyway). */
  readonly greylistAction: 'DEFER_IF_PERMIT';
  /** --greylist-text: %s is the seconds still to wait, %r the recipient's domain. */
  readonly greylistText: string;
  /** --x-greylist-header: %t seconds delayed, %v version, %h hostname, %d date. */
  readonly xGreylistHeader: string;
}

/** postgrey as the Debian package runs it (postgrey 1.37-2): the built-in defaults and the
 * packaged /etc/postgrey/whitelist_recipients. Debian's whitelist_clients names big mail
 * providers only (none of them is in the lab's world), so no client is whitelisted by name. */
export function debianPostgrey(delaySeconds: number, hostname: string): PostgreySettings {
  return {
    delay: delaySeconds,
    retryWindow: 2 * DAY, // --retry-window=2
    maxAge: 35 * DAY, // --max-age=35
    autoWhitelistClients: 5, // --auto-whitelist-clients=5
    ipv4Cidr: 24, // --ipv4cidr=24
    ipv6Cidr: 64, // --ipv6cidr=64
    hostname,
    whitelistRecipients: ['postmaster@', 'abuse@'],
    greylistAction: 'DEFER_IF_PERMIT',
    greylistText: 'Greylisted, see http://postgrey.schweikert.ch/help/%r.html',
    xGreylistHeader: 'X-Greylist: delayed %t seconds by postgrey-%v at %h; %d',
  };
}

/** The attributes of Postfix's policy request that postgrey reads. */
export interface PolicyRequest {
  /** client_address */
  readonly clientAddress: string;
  /** sender: the envelope sender, "" for the null sender */
  readonly sender: string;
  /** recipient: the RCPT address as the client gave it */
  readonly recipient: string;
  /** Whether postgrey already prepended its header for this request's "instance" (Postfix
   * sends one instance per mail transaction; postgrey adds one X-Greylist per instance). */
  readonly instanceHasHeader: boolean;
}

/** postgrey's "action=..." answer. */
export type PolicyAnswer =
  | { readonly action: 'DUNNO' }
  | { readonly action: 'PREPEND'; readonly header: string }
  /** greylisted: --greylist-action and its text, as Postfix receives them. */
  | { readonly action: 'DEFER_IF_PERMIT'; readonly text: string };

const DUNNO: PolicyAnswer = { action: 'DUNNO' };

/** Decide one request at `nowMs`, updating postgrey's databases in `memory`. */
export function postgrey(
  memory: PolicyMemory,
  settings: PostgreySettings,
  request: PolicyRequest,
  nowMs: number,
): PolicyAnswer {
  const now = Math.floor(nowMs / 1000); // postgrey counts in whole seconds (time())
  const { recipient } = request;

  // whitelist_recipients: postmaster@ and abuse@ always pass.
  if (settings.whitelistRecipients.some((entry) => recipientMatches(entry, recipient))) {
    return DUNNO;
  }

  // --auto-whitelist-clients: the client address (not its subnet) is counted.
  const awlOn = settings.autoWhitelistClients > 0;
  const clientKey = request.clientAddress.toLowerCase();
  const awlExpired = (e: { last: number }) => now - e.last > settings.maxAge;
  const awlSeen = awlOn ? memory.autoWhitelist.get(clientKey) : undefined;
  const awl = awlSeen && !awlExpired(awlSeen) ? awlSeen : undefined;
  if (awl && awl.count >= settings.autoWhitelistClients) {
    // Whitelisted: the count goes on (for statistics) at most once an hour.
    if (now >= awl.last + AWL_COUNT_INTERVAL || awl.last > now) {
      remember(memory.autoWhitelist, clientKey, { count: awl.count + 1, last: now }, awlExpired);
    }
    return DUNNO;
  }

  // The triplet: client subnet / sender without its VERP parts / recipient, lower-cased.
  const subnet = clientSubnet(request.clientAddress, settings);
  const key = `${subnet}/${senderSubstitutions(request.sender)}/${recipient}`.toLowerCase();
  const seen = memory.greylist.get(key);
  // The maintenance drops what passed --max-age; a triplet never let through is dropped
  // once its last sighting is beyond --retry-window (it would start again anyway).
  const tripletExpired = (e: TripletSighting) =>
    now - e.last > settings.maxAge ||
    (e.last - e.first < settings.delay && now - e.last > settings.retryWindow);
  const known = seen && !(now - seen.last > settings.maxAge) ? seen : undefined;
  let first = now;
  let lastWasSuccessful = false;
  if (known) {
    first = known.first;
    if (known.last - known.first >= settings.delay) lastWasSuccessful = true;
    // --retry-window: a first retry that comes too late is a new first sighting.
    else if (now - first > settings.retryWindow) first = now;
    if (first > now) first = now; // a first sighting in the future is corrected
  }
  remember(memory.greylist, key, { first, last: now }, tripletExpired);

  const missing = settings.delay - (now - first);
  // A greylisted triplet let through for the first time counts once an hour for its client.
  if (awlOn && missing <= 0 && !lastWasSuccessful) {
    if (awl === undefined || now >= awl.last + AWL_COUNT_INTERVAL) {
      const count = (awl?.count ?? 0) + 1;
      remember(memory.autoWhitelist, clientKey, { count, last: now }, awlExpired);
    }
  }

  if (missing > 0) {
    // Postfix (2.3 and later) always sends etrn_domain: postgrey then puts DSN 4.2.0 in
    // front of a text without its own code (its workaround for an Exchange bug).
    let text = settings.greylistText;
    if (!/^\d/.test(text)) text = `4.2.0 ${text}`;
    const domain = recipient.replace(/^.*@/, '');
    text = text.replace('%s', () => String(missing)).replace('%r', () => domain);
    return { action: settings.greylistAction, text };
  }

  // The first delivery after greylisting says how long it waited, once per message.
  if (!lastWasSuccessful && !request.instanceHasHeader) {
    const header = settings.xGreylistHeader
      .replace('%t', () => String(now - first))
      .replace('%v', () => POSTGREY_VERSION)
      .replace('%d', () => postgreyDate(now))
      .replace('%h', () => settings.hostname);
    return { action: 'PREPEND', header };
  }
  return DUNNO;
}

/** whitelist_recipients: "user@domain" (user+extension@domain too), "user@" (any domain),
 * "domain" (and its subdomains); case does not matter. */
function recipientMatches(entry: string, recipient: string): boolean {
  const r = recipient.toLowerCase();
  const e = entry.toLowerCase();
  const at = e.indexOf('@');
  if (at === -1) return r.endsWith(`@${e}`) || r.endsWith(`.${e}`);
  const user = e.slice(0, at);
  const domain = e.slice(at + 1);
  const rAt = r.indexOf('@');
  if (rAt === -1) return false;
  const local = r.slice(0, rAt);
  const userMatches =
    local === user || (local.startsWith(`${user}+`) && local.length > user.length + 1);
  return userMatches && (domain === '' || r.slice(rAt + 1) === domain);
}

/** postgrey's sender substitutions: BATV "prvs=tag=user" becomes the user, an "+extension"
 * goes, and every number standing alone in the local part becomes "#" (VERP senders would
 * otherwise make a new triplet per message). */
export function senderSubstitutions(sender: string): string {
  const at = sender.indexOf('@');
  if (at === -1) return sender;
  let user = sender.slice(0, at);
  const domain = sender.slice(at + 1);
  if (user.startsWith('prvs=')) {
    const parts = user.split('=');
    while (parts.length > 0 && parts.at(-1) === '') parts.pop();
    if (parts.length === 3) {
      const tag = /^[0-9a-z]{10}/;
      const [, a, b] = parts as [string, string, string];
      user = tag.test(a) && !tag.test(b) ? b : tag.test(b) && !tag.test(a) ? a : b;
    }
  }
  user = user.replace(/\+.*/, '').replace(/\b\d+\b/g, '#');
  return `${user}@${domain}`;
}

/** --lookup-by-subnet: the network of the client address (/24 for IPv4, /64 for IPv6). */
export function clientSubnet(address: string, settings: PostgreySettings): string {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(address);
  if (v4) {
    const octets = v4.slice(1).map(Number);
    return masked(octets, 8, settings.ipv4Cidr).join('.');
  }
  const groups = ipv6Groups(address);
  if (groups === null) return address;
  return masked(groups, 16, settings.ipv6Cidr)
    .map((g) => g.toString(16))
    .join(':');
}

/** Keep the first `prefix` bits of `parts` (each `width` bits wide), zero the rest. */
function masked(parts: number[], width: number, prefix: number): number[] {
  return parts.map((part, i) => {
    const keep = Math.max(0, Math.min(width, prefix - i * width));
    return keep === 0 ? 0 : part & (((1 << keep) - 1) << (width - keep));
  });
}

/** The eight 16-bit groups of an IPv6 address ("::" expanded, a dotted IPv4 tail read). */
function ipv6Groups(address: string): number[] | null {
  let text = address
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/^ipv6:/, '');
  const tail = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (tail) {
    const [a, b, c, d] = tail.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, tail.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(':') : [];
  const rest = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const fill = halves.length === 2 ? 8 - head.length - rest.length : 0;
  const all = [...head, ...Array<string>(Math.max(fill, 0)).fill('0'), ...rest];
  if (all.length !== 8 || all.some((g) => !/^[0-9a-f]{1,4}$/.test(g))) return null;
  return all.map((g) => Number.parseInt(g, 16));
}

/** strftime("%a, %d %b %Y %T %Z", localtime) in the C locale, on a server whose zone is UTC
 * like the lab's: "Wed, 02 Dec 2026 15:52:15 UTC". */
export function postgreyDate(epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toUTCString().replace(/GMT$/, 'UTC');
}
