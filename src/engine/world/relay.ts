// smtp(8): a queued message for other domains goes to each domain's MX (RFC 5321 §5.1), with
// TLS when offered (smtp_tls_security_level = may). qmgr(8) runs the message through delivery
// (a "queue run"), then decides what comes next, as qmgr_active_done() does
// (qmgr/qmgr_active.c): recipients refused with 5xx go back to the sender in one notification;
// if some were deferred (4xx), a message older than maximal_queue_lifetime is "expired, returned
// to sender", any other goes to the deferred queue until a deferred queue scan (every
// queue_run_delay) finds it due, and qmgr reads it again: "(queue active)". When no recipient
// is left, "removed" (RFC 5321 §4.2.5, §4.5.4.1).
import type { ServerProfile } from '../smtp/profile.ts';
import type { RelayedMessage } from '../smtp/types.ts';
import { runAutomaticClient } from './automatic-client.ts';
import { dialFrom } from './connection.ts';
import { mxLookup } from './dns.ts';
import type { MailHost } from './mail-host.ts';
import { bounceMessage, type Failure } from './bounce.ts';
import type { Simulation } from './simulation.ts';
import { resolve } from './world.ts';

/** minimal_backoff_time, maximal_backoff_time, queue_run_delay, maximal_queue_lifetime and
 * bounce_queue_lifetime (Postfix defaults). */
export const MINIMAL_BACKOFF_MS = 300_000;
export const MAXIMAL_BACKOFF_MS = 4_000_000;
export const QUEUE_RUN_DELAY_MS = 300_000;
export const QUEUE_LIFETIME_MS = 5 * 24 * 3_600_000;
export const BOUNCE_QUEUE_LIFETIME_MS = 5 * 24 * 3_600_000;
/** From the queue manager reading the message to the smtp(8) attempt. */
const HAND_OVER_MS = 400;
/** smtp_helo_timeout, smtp_mail_timeout... are 300 s. */
const REPLY_TIMEOUT_MS = 300_000;

/** A message in the queue, as qmgr holds it between queue runs. */
interface Queued {
  readonly message: RelayedMessage;
  /** When it was queued: the queue file's create_time, which delay= and the lifetime count from. */
  readonly queuedAt: number;
}

/** What one smtp(8) delivery to one domain left to do. */
interface Outcome {
  /** Recipients to try again in a later queue run, with their status line's reason. */
  readonly deferred: readonly Failure[];
  /** Recipients refused for good (5xx, or no such domain). */
  readonly bounced: readonly Failure[];
}

/** Queue `message` for its next hops; qmgr hands it to smtp(8) at once. */
export function relayOnward(
  sim: Simulation,
  mailHost: MailHost,
  profile: ServerProfile,
  message: RelayedMessage,
): void {
  const queued = { message, queuedAt: sim.elapsed };
  sim.schedule(HAND_OVER_MS, () => queueRun(sim, mailHost, profile, queued, message.recipients));
}

/** One queue run: smtp(8) for each recipient domain, then qmgr_active_done(). */
function queueRun(
  sim: Simulation,
  mailHost: MailHost,
  profile: ServerProfile,
  queued: Queued,
  recipients: readonly string[],
): void {
  const { message, queuedAt } = queued;
  const byDomain = new Map<string, string[]>();
  for (const recipient of recipients) {
    const domain = recipient.slice(recipient.lastIndexOf('@') + 1).toLowerCase();
    byDomain.set(domain, [...(byDomain.get(domain) ?? []), recipient]);
  }
  const deferred: Failure[] = [];
  const bounced: Failure[] = [];
  for (const [domain, to] of byDomain) {
    const outcome = deliver(sim, mailHost, profile, queued, domain, to);
    deferred.push(...outcome.deferred);
    bounced.push(...outcome.bounced);
  }
  // qmgr_active_done(): the bounce log first (abounce_flush), whatever else happens.
  if (bounced.length > 0) bounce(sim, mailHost, queued, bounced);
  if (deferred.length === 0) return mailHost.removed(message.queueId);

  const lifetime = message.sender === '' ? BOUNCE_QUEUE_LIFETIME_MS : QUEUE_LIFETIME_MS;
  if (sim.elapsed - queuedAt >= lifetime) {
    // qmgr_active_done_25_generic(): the defer log of this run goes back to the sender
    // (adefer_flush), each recipient with the reason of its last attempt (the defer log is
    // reset at every queue run, qmgr_message_alloc() in qmgr/qmgr_message.c).
    mailHost.expired(message.queueId);
    bounce(sim, mailHost, queued, deferred);
    return mailHost.removed(message.queueId);
  }
  // qmgr_active_done_3_generic(): the queue file's time stamp moves into the future by the time
  // the message has spent in the queue, at least minimal_backoff_time, at most
  // maximal_backoff_time.
  const backoff = Math.min(
    Math.max(sim.elapsed - queuedAt, MINIMAL_BACKOFF_MS),
    MAXIMAL_BACKOFF_MS,
  );
  const scan = nextDeferredScan(sim.elapsed + backoff);
  sim.trace({
    type: 'mail.deferred',
    host: mailHost.host.name,
    queueId: message.queueId,
    to: deferred.map((d) => d.recipient),
    reason: deferred[0]!.why,
    retryInMs: scan + HAND_OVER_MS - sim.elapsed,
  });
  const later = deferred.map((d) => d.recipient);
  sim.schedule(scan - sim.elapsed, () => {
    mailHost.reactivated(message.queueId);
    sim.schedule(HAND_OVER_MS, () => queueRun(sim, mailHost, profile, queued, later));
  });
}

/** qmgr scans the deferred queue every queue_run_delay (qmgr_deferred_run_event() in
 * qmgr/qmgr.c; the host's qmgr started with the world) and takes a file whose time stamp is at
 * most 1 s in the future (qmgr_active_feed() in qmgr/qmgr_active.c): the first scan for a
 * message due at `wakeup`. */
function nextDeferredScan(wakeup: number): number {
  return Math.ceil((wakeup - 1000) / QUEUE_RUN_DELAY_MS) * QUEUE_RUN_DELAY_MS;
}

/** One smtp(8) delivery attempt of `recipients` at `domain`'s MX. */
function deliver(
  sim: Simulation,
  mailHost: MailHost,
  profile: ServerProfile,
  queued: Queued,
  domain: string,
  recipients: readonly string[],
): Outcome {
  const { message, queuedAt } = queued;
  const pid = mailHost.nextPid();
  const started = sim.elapsed;
  /** One status line per recipient, as smtp(8) logs it. */
  const status = (
    relay: string,
    to: readonly string[],
    dsn: string,
    state: string,
    why: string,
  ) => {
    const delay = seconds(sim.elapsed - queuedAt);
    const delays = `${seconds(started - queuedAt)}/0/0/${seconds(sim.elapsed - started)}`;
    for (const recipient of to) {
      mailHost.log(
        'postfix/smtp',
        `${message.queueId}: to=<${recipient}>, relay=${relay}, delay=${delay}, delays=${delays}, dsn=${dsn}, status=${state} (${why})`,
        pid,
      );
    }
  };
  const failed = (to: readonly string[], why: string, dsn: string, remote: Failure['remote']) =>
    to.map((recipient) => ({ recipient, why, status: dsn, remote }));

  const exchangers = mxLookup(sim, mailHost.host.name, domain);
  const mx = exchangers.map((name) => resolve(sim.world, name)).find((h) => h !== undefined);
  if (mx === undefined) {
    const why = `Host or domain name not found. Name service error for name=${domain} type=MX: Host not found`;
    status('none', recipients, '5.4.4', 'bounced', why);
    return { deferred: [], bounced: failed(recipients, why, '5.4.4', null) };
  }
  const where = `${mx.name}[${mx.address}]:25`;
  const dialled = dialFrom(sim, { kind: 'server', host: mailHost.host }, mx, 25);
  const failure = connectFailure(dialled.verdict.kind);
  if (failure !== null) {
    const why = `connect to ${where}: ${failure}`;
    // smtp_connect.c: a failed connection is logged on its own ("The reason already includes
    // the IP address and TCP port"), before the status line (outbound-connection-refused).
    mailHost.log('postfix/smtp', why, pid);
    status('none', recipients, '4.4.1', 'deferred', why);
    return { deferred: failed(recipients, why, '4.4.1', null), bounced: [] };
  }
  const tls = { used: false };
  const result = runAutomaticClient(sim, dialled, mx, 25, {
    plan: {
      helo: profile.hostname,
      from: message.sender,
      to: recipients,
      tls: 'optional',
      auth: null,
      pipelining: true,
      declareSize: true,
      orcpt: true,
      resetAfterRefusal: true,
      quitAfter: null,
      quitWhenDone: true,
      message: message.content.replace(/\n$/, '').split('\n'),
    },
    endpoint: { hostname: mailHost.host.name, address: mailHost.host.address },
    replyTimeoutMs: REPLY_TIMEOUT_MS,
    wait: () => {},
    observe: (emitted) => {
      if (emitted.type !== 'send' || emitted.what !== 'helo-after-tls' || tls.used) return;
      tls.used = true;
      // smtp_tls_loglevel = 1; the MX's certificate is self-signed, so "Untrusted".
      mailHost.log(
        'postfix/smtp',
        `Untrusted TLS connection established to ${where}: TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)`,
        pid,
      );
    },
  });

  const sent = result.ok ? result.accepted : [];
  if (sent.length > 0) {
    for (const recipient of sent) {
      status(where, [recipient], '2.0.0', 'sent', `250 2.0.0 Ok: queued as ${result.queueId}`);
    }
    sim.trace({
      type: 'mail.relayed',
      host: mailHost.host.name,
      queueId: message.queueId,
      to: sent,
      relay: mx.name,
      tls: tls.used,
    });
  }
  // Each refused recipient with its own reply; a failure before RCPT applies to them all.
  const refusals = result.ok
    ? result.rejected
    : result.stage === 'rcpt'
      ? result.rejected
      : recipients.map((recipient) => ({ recipient, reply: result.reply }));
  const deferred: Failure[] = [];
  const bounced: Failure[] = [];
  for (const { recipient, reply } of refusals) {
    if (reply === null) {
      const why = `lost connection with ${mx.name}[${mx.address}] while ${WHILE[result.stage] ?? 'sending QUIT'}`;
      status(where, [recipient], '4.4.2', 'deferred', why);
      deferred.push(...failed([recipient], why, '4.4.2', null));
      continue;
    }
    const stage = result.ok || result.stage === 'rcpt' ? 'rcpt' : result.stage;
    const text = reply.lines.map((line) => line.slice(4)).join(' ');
    const why = `host ${mx.name}[${mx.address}] said: ${reply.code} ${text} (in reply to ${IN_REPLY_TO[stage] ?? 'QUIT command'})`;
    const dsn =
      /^[245]\.\d{1,3}\.\d{1,3}/.exec(text)?.[0] ?? (reply.code >= 500 ? '5.0.0' : '4.0.0');
    const remote = { mta: mx.name, reply: `${reply.code} ${text}` };
    if (reply.code >= 500) {
      status(where, [recipient], dsn, 'bounced', why);
      bounced.push(...failed([recipient], why, dsn, remote));
    } else {
      status(where, [recipient], dsn, 'deferred', why);
      deferred.push(...failed([recipient], why, dsn, remote));
    }
  }
  return { deferred, bounced };
}

/** Postfix's "delay=" numbers: two significant digits under 10 s, whole seconds above. */
function seconds(ms: number): string {
  const s = ms / 1000;
  if (s < 0.005) return '0';
  return s < 10 ? String(Number(s.toPrecision(2))) : String(Math.round(s));
}

function connectFailure(verdict: string): string | null {
  switch (verdict) {
    case 'accepted':
    case 'silent':
      return null;
    case 'reset':
      return 'Connection refused';
    case 'icmp':
      return 'No route to host';
    default:
      return 'Connection timed out';
  }
}

/** Which SMTP command a failed stage's reply answered, as smtp(8) says "(in reply to ...)". */
const IN_REPLY_TO: Readonly<Record<string, string>> = {
  banner: 'initial server greeting',
  helo: 'EHLO command',
  'helo-after-tls': 'EHLO command',
  tls: 'STARTTLS command',
  mail: 'MAIL FROM command',
  rcpt: 'RCPT TO command',
  data: 'DATA command',
  body: 'end of DATA command',
};

/** What smtp(8) was doing when the connection went away ("lost connection with ... while"). */
const WHILE: Readonly<Record<string, string>> = {
  banner: 'receiving the initial server greeting',
  helo: 'performing the EHLO handshake',
  'helo-after-tls': 'performing the EHLO handshake',
  tls: 'performing the STARTTLS handshake',
  mail: 'sending MAIL FROM',
  rcpt: 'sending RCPT TO',
  data: 'sending DATA',
  body: 'sending message body',
};

/** A non-delivery notification to the sender (bounce(8)), delivered where the sender lives. */
function bounce(sim: Simulation, mailHost: MailHost, queued: Queued, failures: Failure[]): void {
  const { message, queuedAt } = queued;
  sim.trace({
    type: 'mail.bounced',
    host: mailHost.host.name,
    queueId: message.queueId,
    to: failures.map((f) => f.recipient),
    reason: failures[0]?.why ?? '',
  });
  // RFC 5321 §4.5.5: no bounce for a bounce (the null sender); bounce(8) would send one to the
  // postmaster only if notify_classes had "bounce" or "2bounce" (bounce_notify_service.c).
  if (message.sender === '') return;
  bounceMessage(sim, mailHost, message, failures, new Date(sim.startedAt + queuedAt));
}
