// smtp(8): a queued message for other domains goes to each domain's MX (RFC 5321 §5.1), with
// TLS when offered (smtp_tls_security_level = may). A 4xx leaves it in the queue to be tried
// again after minimal_backoff_time, doubling up to maximal_backoff_time; a 5xx or
// maximal_queue_lifetime bounces it to the sender (RFC 5321 §4.2.5, §4.5.4.1).
import type { ServerProfile } from '../smtp/profile.ts';
import type { RelayedMessage } from '../smtp/types.ts';
import { runAutomaticClient } from './automatic-client.ts';
import { dialFrom } from './connection.ts';
import { mxLookup } from './dns.ts';
import type { MailHost } from './mail-host.ts';
import { bounceMessage, type Failure } from './bounce.ts';
import type { Simulation } from './simulation.ts';
import { resolve } from './world.ts';

/** minimal_backoff_time, maximal_backoff_time, maximal_queue_lifetime (Postfix defaults). */
export const MINIMAL_BACKOFF_MS = 300_000;
export const MAXIMAL_BACKOFF_MS = 4_000_000;
export const QUEUE_LIFETIME_MS = 5 * 24 * 3_600_000;
/** From queued to the first delivery attempt: qmgr hands the message to smtp(8) at once. */
const HAND_OVER_MS = 400;
/** smtp_helo_timeout, smtp_mail_timeout... are 300 s. */
const REPLY_TIMEOUT_MS = 300_000;

interface Attempt {
  readonly message: RelayedMessage;
  readonly domain: string;
  readonly recipients: readonly string[];
  readonly queuedAt: number;
  readonly tries: number;
}

/** Queue `message` for its next hops: one delivery per recipient domain. */
export function relayOnward(
  sim: Simulation,
  mailHost: MailHost,
  profile: ServerProfile,
  message: RelayedMessage,
): void {
  const byDomain = new Map<string, string[]>();
  for (const recipient of message.recipients) {
    const domain = recipient.slice(recipient.lastIndexOf('@') + 1).toLowerCase();
    byDomain.set(domain, [...(byDomain.get(domain) ?? []), recipient]);
  }
  let open = byDomain.size;
  const finished = () => {
    if (--open === 0) mailHost.removed(message.queueId);
  };
  for (const [domain, recipients] of byDomain) {
    const attempt = { message, domain, recipients, queuedAt: sim.elapsed, tries: 0 };
    sim.schedule(HAND_OVER_MS, () => deliver(sim, mailHost, profile, attempt, finished));
  }
}

/** One delivery attempt; a deferral schedules the next. */
function deliver(
  sim: Simulation,
  mailHost: MailHost,
  profile: ServerProfile,
  attempt: Attempt,
  finished: () => void,
): void {
  const { message, domain, recipients } = attempt;
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
    const delay = seconds(sim.elapsed - attempt.queuedAt);
    const delays = `${seconds(started - attempt.queuedAt)}/0/0/${seconds(sim.elapsed - started)}`;
    for (const recipient of to) {
      mailHost.log(
        'postfix/smtp',
        `${message.queueId}: to=<${recipient}>, relay=${relay}, delay=${delay}, delays=${delays}, dsn=${dsn}, status=${state} (${why})`,
        pid,
      );
    }
  };
  /** Try `next.recipients` again later, or bounce them once the queue lifetime is over. */
  const schedule = (next: Attempt, why: string) => {
    if (sim.elapsed - attempt.queuedAt >= QUEUE_LIFETIME_MS) {
      const expired = next.recipients.map((recipient) => ({
        recipient,
        why: `delivery temporarily suspended: ${why}`,
        status: '4.4.1',
        remote: null,
      }));
      bounce(sim, mailHost, next, expired);
      return finished();
    }
    const retryInMs = Math.min(MINIMAL_BACKOFF_MS * 2 ** attempt.tries, MAXIMAL_BACKOFF_MS);
    sim.trace({
      type: 'mail.deferred',
      host: mailHost.host.name,
      queueId: message.queueId,
      to: next.recipients,
      reason: why,
      retryInMs,
    });
    const again = { ...next, tries: attempt.tries + 1 };
    sim.schedule(retryInMs, () => deliver(sim, mailHost, profile, again, finished));
  };

  const exchangers = mxLookup(sim, mailHost.host.name, domain);
  const mx = exchangers.map((name) => resolve(sim.world, name)).find((h) => h !== undefined);
  if (mx === undefined) {
    const why = `Host or domain name not found. Name service error for name=${domain} type=MX: Host not found`;
    status('none', recipients, '5.4.4', 'bounced', why);
    const failures = recipients.map((recipient) => ({
      recipient,
      why,
      status: '5.4.4',
      remote: null,
    }));
    bounce(sim, mailHost, attempt, failures);
    return finished();
  }
  const where = `${mx.name}[${mx.address}]:25`;
  const dialled = dialFrom(sim, { kind: 'server', host: mailHost.host }, mx, 25);
  const failure = connectFailure(dialled.verdict.kind);
  if (failure !== null) {
    const why = `connect to ${where}: ${failure}`;
    status('none', recipients, '4.4.1', 'deferred', why);
    return schedule(attempt, why);
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
  const later: string[] = [];
  const never: Failure[] = [];
  for (const { recipient, reply } of refusals) {
    if (reply === null) {
      const why = `lost connection with ${mx.name}[${mx.address}] while ${WHILE[result.stage] ?? 'sending QUIT'}`;
      status(where, [recipient], '4.4.2', 'deferred', why);
      later.push(recipient);
      continue;
    }
    const stage = result.ok || result.stage === 'rcpt' ? 'rcpt' : result.stage;
    const text = reply.lines.map((line) => line.slice(4)).join(' ');
    const why = `host ${mx.name}[${mx.address}] said: ${reply.code} ${text} (in reply to ${IN_REPLY_TO[stage] ?? 'QUIT command'})`;
    const dsn =
      /^[245]\.\d{1,3}\.\d{1,3}/.exec(text)?.[0] ?? (reply.code >= 500 ? '5.0.0' : '4.0.0');
    if (reply.code >= 500) {
      status(where, [recipient], dsn, 'bounced', why);
      never.push({
        recipient,
        why,
        status: dsn,
        remote: { mta: mx.name, reply: `${reply.code} ${text}` },
      });
    } else {
      status(where, [recipient], dsn, 'deferred', why);
      later.push(recipient);
    }
  }
  if (never.length > 0) {
    bounce(sim, mailHost, { ...attempt, recipients: never.map((n) => n.recipient) }, never);
  }
  if (later.length > 0) return schedule({ ...attempt, recipients: later }, 'deferred');
  finished();
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
function bounce(sim: Simulation, mailHost: MailHost, attempt: Attempt, failures: Failure[]): void {
  const { message, recipients } = attempt;
  sim.trace({
    type: 'mail.bounced',
    host: mailHost.host.name,
    queueId: message.queueId,
    to: recipients,
    reason: failures[0]?.why ?? '',
  });
  // RFC 5321 §4.5.5: no bounce for a bounce (the null sender).
  if (message.sender === '') return;
  bounceMessage(sim, mailHost, message, failures, new Date(sim.startedAt + attempt.queuedAt));
}
