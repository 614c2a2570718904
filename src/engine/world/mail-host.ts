// A host's mail system in the running world: smtpd for each listening port, the queue with
// cleanup(8)/qmgr(8) log lines, local(8) mailboxes, and smtp(8) for mail to other domains.
// What it remembers lives as long as the world: mailboxes, queue ids, process ids.
import { countOf, octetsToText, utf8Length } from '../smtp/octets.ts';
import { createPolicyMemory } from '../smtp/policy/memory.ts';
import type { ServerProfile } from '../smtp/profile.ts';
import { createServerSession, type ServerSession } from '../smtp/session.ts';
import type {
  ClientEndpoint,
  DeliveredMessage,
  RelayedMessage,
  SessionEffect,
} from '../smtp/types.ts';
import { relayOnward } from './relay.ts';
import type { Simulation } from './simulation.ts';
import type { Host } from './world.ts';

/** What the connection (not the mail system) handles of a session's effects. */
export type WireEffect = Extract<SessionEffect, { type: 'reply' | 'close' | 'tls.start' }>;

/** Long-running daemons keep one process id; smtpd and the delivery agents get fresh ones. */
const QMGR_PID = 1204;
const CLEANUP_PID = 1311;

export class MailHost {
  host: Host;
  readonly #sim: Simulation;
  /** Mailbox address -> the entries local(8) appended, in order. */
  readonly mailboxes = new Map<string, string[]>();
  #pid = 2100;
  /** Queue file inode numbers: each host's spool starts somewhere of its own. */
  #inode: number;
  /** Queue ids logged by cleanup/qmgr already (a message to two mailboxes is queued once). */
  readonly #queuedIds = new Set<string>();
  /** Queue ids with recipients still waiting for smtp(8): qmgr removes them later. */
  readonly #awaitingRelay = new Set<string>();
  /** What qmgr read from each queue file it opened: the sender, and its "from=<...>, size=...,
   * nrcpt=..." (the size record's recipient count, which stays the same on every queue run). */
  readonly #opened = new Map<string, { sender: string; line: string }>();
  /** anvil's counts and the greylisting policy's sightings, shared by all its smtpd. */
  readonly #memory = createPolicyMemory();

  constructor(sim: Simulation, host: Host) {
    this.#sim = sim;
    this.host = host;
    this.#inode = 0x168150 + [...host.name].reduce((sum, c) => sum + c.charCodeAt(0), 0) * 0x31;
  }

  /** The trainer changed this host's settings: new connections get the new profiles. */
  reconfigure(host: Host): void {
    this.host = host;
  }

  /** The short name in log lines ("mx" for mx.example.org). */
  get shortName(): string {
    return this.host.name.split('.')[0]!;
  }

  nextPid(): number {
    return this.#pid++;
  }

  /** Postfix short queue ids: the microseconds of the arrival time in 5 hex digits, then the
   * queue file's inode number (what the recorded "7BC8216814F" is made of). */
  nextQueueId(): string {
    const micros = Math.round(this.#sim.elapsed * 1000 + this.#inode * 7919) % 1_000_000;
    return `${micros.toString(16).toUpperCase().padStart(5, '0')}${(this.#inode++).toString(16).toUpperCase()}`;
  }

  log(program: string, message: string, pid: number): void {
    this.#sim.trace({ type: 'server.log', host: this.host.name, program, pid, message });
  }

  /** A connection arrives on `port`: the smtpd that answers it, or null if none listens. */
  accept(
    port: number,
    client: ClientEndpoint,
    toConnection: (effect: WireEffect) => void,
  ): ServerSession | null {
    const profile = this.host.services[port];
    if (profile === undefined) return null;
    const pid = this.nextPid();
    const program = `${profile.syslogName}/smtpd`;
    return createServerSession({
      profile,
      client,
      serverAddresses: [this.host.address],
      clock: this.#sim.clock,
      now: () => this.#sim.now(),
      nextQueueId: () => this.nextQueueId(),
      memory: this.#memory,
      onEffect: (effect) => {
        switch (effect.type) {
          case 'log':
            return effect.program === 'cleanup'
              ? this.log('postfix/cleanup', octetsToText(effect.message), CLEANUP_PID)
              : this.log(program, octetsToText(effect.message), pid);
          // The engine hands over octets; the lab's mailboxes, queue and relays hold text.
          // qmgr's size= counts the octets as received (a binary upload holds octets that
          // are no UTF-8, which the text keeps as U+FFFD).
          case 'deliver':
            return this.#deliverLocally(
              asText(effect.message),
              queueFileSize(effect.message.content, 'octets'),
            );
          case 'relay':
            return this.#queueForRelay(
              profile,
              asText(effect.message),
              queueFileSize(effect.message.content, 'octets'),
            );
          default:
            return toConnection(effect);
        }
      },
    });
  }

  /** cleanup(8), qmgr(8) and local(8) for a message to one of this host's mailboxes. */
  #deliverLocally(message: DeliveredMessage, size = queueFileSize(message.content, 'text')): void {
    const mailbox = message.recipients[0]!;
    const entries = this.mailboxes.get(mailbox) ?? [];
    this.mailboxes.set(mailbox, [...entries, message.content]);
    this.#queued(message.queueId, message.sender, message.content, message.recipients.length, size);
    this.log(
      'postfix/local',
      `${message.queueId}: to=<${mailbox}>, relay=local, delay=0, delays=0/0/0/0, dsn=2.0.0, status=sent (delivered to mailbox)`,
      this.nextPid(),
    );
    // Recipients for other domains of the same message keep it in the queue.
    this.#sim.schedule(0, () => {
      if (!this.#awaitingRelay.has(message.queueId)) this.removed(message.queueId);
    });
    this.#sim.trace({
      type: 'mail.delivered',
      host: this.host.name,
      queueId: message.queueId,
      mailbox,
      content: message.content,
    });
  }

  /** A message for other domains: queued now, handed to smtp(8) by the queue manager. */
  #queueForRelay(profile: ServerProfile, message: RelayedMessage, size: number): void {
    this.#queued(message.queueId, message.sender, message.content, message.recipients.length, size);
    this.#awaitingRelay.add(message.queueId);
    relayOnward(this.#sim, this, profile, message);
  }

  /** The cleanup(8) and qmgr(8) lines every queued message gets. */
  #queued(
    queueId: string,
    sender: string,
    content: string,
    recipients: number,
    size: number,
  ): void {
    if (this.#queuedIds.has(queueId)) return;
    this.#queuedIds.add(queueId);
    const messageId = /^Message-Id:\s*(<[^>]*>)/im.exec(content)?.[1] ?? '<>';
    this.log('postfix/cleanup', `${queueId}: message-id=${messageId}`, CLEANUP_PID);
    this.#open(queueId, sender, size, recipients);
  }

  /** qmgr moves a queue file to the active queue and reads it: opened() (global/opened.c),
   * called from qmgr_message_read() (qmgr/qmgr_message.c) with "queue %s" and the queue's name,
   * which is "active" (qmgr_active_feed() in qmgr/qmgr_active.c renames the file there first). */
  #open(queueId: string, sender: string, size: number, recipients: number): void {
    const line = `from=<${sender}>, size=${size}, nrcpt=${recipients}`;
    this.#opened.set(queueId, { sender, line });
    this.log('postfix/qmgr', `${queueId}: ${line} (queue active)`, QMGR_PID);
  }

  /** A deferred message back in the active queue (a deferred queue scan picked it up): the same
   * line as when it arrived, nrcpt= included, as qmgr reads the same queue file again. */
  reactivated(queueId: string): void {
    const opened = this.#opened.get(queueId);
    if (opened !== undefined) {
      this.log('postfix/qmgr', `${queueId}: ${opened.line} (queue active)`, QMGR_PID);
    }
  }

  /** qmgr_active_done_25_generic() (qmgr/qmgr_active.c): after a queue run that left
   * recipients deferred, a message older than maximal_queue_lifetime (bounce_queue_lifetime for
   * the null sender) goes back to its sender. No delay=, delays= or dsn= on this line: those
   * belong to the recipients' status lines. */
  expired(queueId: string): void {
    const sender = this.#opened.get(queueId)?.sender ?? '';
    this.log(
      'postfix/qmgr',
      `${queueId}: from=<${sender}>, status=expired, returned to sender`,
      QMGR_PID,
    );
  }

  /** qmgr's "removed" once every recipient is done with (qmgr_active_done_3_generic()). */
  removed(queueId: string): void {
    this.#awaitingRelay.delete(queueId);
    this.#opened.delete(queueId);
    this.log('postfix/qmgr', `${queueId}: removed`, QMGR_PID);
  }

  get cleanupPid(): number {
    return CLEANUP_PID;
  }

  /** Whether an address is delivered here (mydestination of its port-25 smtpd). */
  isLocal(address: string): boolean {
    const domain = address.slice(address.lastIndexOf('@') + 1).toLowerCase();
    const profile = this.host.services[25] ?? Object.values(this.host.services)[0];
    return profile?.localDomains.some((d) => d.toLowerCase() === domain) ?? false;
  }

  /** A message this host writes itself (a bounce, after cleanup logged it): delivered to a
   * local mailbox, or queued for smtp(8) like any other. */
  queueNotification(n: {
    queueId: string;
    sender: string;
    recipients: readonly string[];
    content: string;
    local: boolean;
  }): void {
    this.#queuedIds.add(n.queueId);
    this.#open(n.queueId, n.sender, queueFileSize(n.content, 'text'), n.recipients.length);
    const profile = this.host.services[25];
    if (n.local || profile === undefined) {
      // qmgr gets to it a moment later, after the bounced message is removed.
      this.#sim.schedule(0, () => this.#deliverLocally({ ...n, recipients: [n.recipients[0]!] }));
      return;
    }
    this.#awaitingRelay.add(n.queueId);
    relayOnward(this.#sim, this, profile, n);
  }
}

/** qmgr's size=: the message as queued, each line counted with a CRLF. */
function asText<M extends { readonly content: string }>(message: M): M {
  return { ...message, content: octetsToText(message.content) };
}

/** qmgr's size=: the message as queued, each line counted with a CRLF. `content` is octets
 * (one char per byte) or text (counted in UTF-8). */
function queueFileSize(content: string, kind: 'octets' | 'text'): number {
  const text = content.endsWith('\n') ? content.slice(0, -1) : content;
  const octets = kind === 'octets' ? text.length : utf8Length(text);
  return octets + countOf(text, '\n') + 1;
}
