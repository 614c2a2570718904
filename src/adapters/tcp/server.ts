// One simulated Postfix service listening on a real TCP port. Each accepted socket gets its
// own server session; several servers (profiles) may run side by side on different ports.
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { hostname } from 'node:os';
import type { ServerProfile } from '../../engine/smtp/profile.ts';
import { findProfile } from '../../engine/smtp/profiles.ts';
import { createServerSession } from '../../engine/smtp/session.ts';
import type { DeliveredMessage } from '../../engine/smtp/types.ts';
import { handleConnection, type Connection } from './connection.ts';
import { mailboxProblem, mailboxWriter } from './mailbox-file.ts';
import { cleanupLogLine, deliveryLogLines, smtpdLogLine, type LogSource } from './postfix-log.ts';
import type { QueueFileWriter } from '../../engine/smtp/context.ts';
import { testSecureContext } from './tls-context.ts';

export interface SmtpServerOptions {
  /** A reference profile id ("mx", "submission"...) or a profile object. */
  readonly profile: ServerProfile | string;
  /** Default 127.0.0.1: the lab listens on loopback unless told otherwise. */
  readonly host?: string;
  /** 0 picks a free port (tests). */
  readonly port: number;
  /** Append delivered messages to this file. */
  readonly mailbox?: string;
  /** Where Postfix-style log lines go; default stderr. */
  readonly log?: (line: string) => void;
  /** Called for every message the session accepted for delivery. */
  readonly onDeliver?: (message: DeliveredMessage) => void;
}

export interface RunningSmtpServer {
  readonly host: string;
  readonly port: number;
  readonly profile: ServerProfile;
  /** Stops listening and ends open connections. */
  close(): Promise<void>;
}

/** `--mailbox` names a file mail cannot be written to. */
export class MailboxError extends Error {}

export function resolveProfile(profile: ServerProfile | string): ServerProfile {
  if (typeof profile !== 'string') return profile;
  const found = findProfile(profile);
  if (!found) throw new Error(`unknown profile "${profile}"`);
  return found;
}

export async function startSmtpServer(options: SmtpServerOptions): Promise<RunningSmtpServer> {
  const profile = resolveProfile(options.profile);
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const sourceFor = (pid: number): LogSource => ({
    host: shortName(profile.hostname),
    syslogName: profile.syslogName,
    pid,
  });
  const pids = new SmtpdPids(process.pid);
  const secureContext = testSecureContext();
  const isLocal = (rcpt: string) => isLocalRecipient(profile, rcpt);
  if (options.mailbox !== undefined) {
    const problem = mailboxProblem(options.mailbox);
    if (problem !== null) throw new MailboxError(`cannot write to ${options.mailbox}: ${problem}`);
  }
  const writeMailbox = options.mailbox ? mailboxWriter(options.mailbox) : undefined;
  /** cleanup(8)'s part: the entries are written before smtpd says 250, or it says 451. */
  const writeQueueFile = (source: LogSource): QueueFileWriter | undefined =>
    writeMailbox &&
    ((entries) => {
      const problem = writeMailbox(entries.filter((m) => m.recipients.some(isLocal)));
      if (problem !== null) {
        log(
          cleanupLogLine(source, `warning: ${entries[0]!.queueId}: write queue file: ${problem}`),
        );
      }
      return problem;
    });

  const onDeliver = (source: LogSource, message: DeliveredMessage) => {
    for (const line of deliveryLogLines(source, message, isLocal)) log(line);
    options.onDeliver?.(message);
  };

  const connections = new Set<Connection>();
  const server = createServer({ allowHalfOpen: true }, (socket: Socket) => {
    const pid = pids.take();
    const source = sourceFor(pid);
    const connection = handleConnection(socket, {
      profile,
      createSession: createServerSession,
      writeQueueFile: writeQueueFile(source),
      secureContext,
      onLog: (message) => log(smtpdLogLine(source, message)),
      onDeliver: (message) => onDeliver(source, message),
    });
    connections.add(connection);
    socket.once('close', () => {
      connections.delete(connection);
      pids.release(pid);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });

  return {
    host,
    port: (server.address() as AddressInfo).port,
    profile,
    close() {
      for (const connection of connections) connection.destroy();
      connections.clear();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** Postfix runs one smtpd process per concurrent session and reuses idle ones (master.cf
 * maxproc): back-to-back sessions share a pid in the log, overlapping ones do not. */
class SmtpdPids {
  private readonly busy = new Set<number>();
  constructor(private readonly base: number) {}

  take(): number {
    let pid = this.base;
    while (this.busy.has(pid)) pid++;
    this.busy.add(pid);
    return pid;
  }

  release(pid: number): void {
    this.busy.delete(pid);
  }
}

/** The recorded log names the machine by its short name: mx.example.org logs as "mx". */
function shortName(fqdn: string): string {
  return fqdn.split('.')[0] || hostname();
}

/** mydestination: mail for these domains stays here (local(8)); the rest is discarded. */
function isLocalRecipient(profile: ServerProfile, recipient: string): boolean {
  const at = recipient.lastIndexOf('@');
  if (at < 0) return true; // a bare local part ("bob") is local by definition
  const domain = recipient.slice(at + 1).toLowerCase();
  return profile.localDomains.some((d) => d.toLowerCase() === domain);
}
