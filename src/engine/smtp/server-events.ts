// The events the server statechart hears, what it emits, and the outcome of a command event
// (computed once per event by the verb's handler, then read by guards and actions alike).
import type { Command } from './command.ts';
import type { Outcome, PolicyContext, QueueFileWriter, SessionContext } from './context.ts';
import { auth, authResponse } from './commands/auth.ts';
import { ehlo, helo } from './commands/helo.ts';
import { mail } from './commands/mail.ts';
import { rcpt } from './commands/rcpt.ts';
import { data, etrn, noop, quit, rset, xclient } from './commands/simple.ts';
import { starttls } from './commands/starttls.ts';
import { vrfy } from './commands/vrfy.ts';
import { bdat, finishMessage, type ReceivedMessage } from './commands/message-end.ts';
import type { ServerProfile } from './profile.ts';
import type {
  ClientEndpoint,
  CloseReason,
  DeliveredMessage,
  RelayedMessage,
  Reply,
  TlsInfo,
} from './types.ts';

/** Events carry a slot for the outcome, so guards and actions judge a command once. */
interface CommandEvent<T extends string> {
  type: T;
  command: Command;
  outcome?: Outcome;
}

export type ServerEvent =
  | { type: 'session.start' }
  | CommandEvent<'cmd.helo' | 'cmd.ehlo' | 'cmd.mail' | 'cmd.rcpt' | 'cmd.data' | 'cmd.rset'>
  | CommandEvent<'cmd.noop' | 'cmd.quit' | 'cmd.vrfy' | 'cmd.etrn' | 'cmd.starttls' | 'cmd.auth'>
  | CommandEvent<'cmd.xclient' | 'cmd.xforward'>
  | (CommandEvent<'cmd.bdat'> & { message: ReceivedMessage | null })
  | { type: 'auth.response'; line: string; outcome?: Outcome }
  | ({ type: 'data.end' } & ReceivedMessage)
  /** Refused by the main loop before any verb ran: unknown, bad syntax, 530... */
  | { type: 'protocol.error'; reply: Reply }
  /** Refused with a disconnect: forbidden command, bare LF, pipelining. */
  | { type: 'protocol.violation'; reply: Reply; reason: CloseReason }
  | { type: 'tls.ready'; info: TlsInfo }
  | { type: 'tls.failed'; timedOut?: boolean }
  | { type: 'timer.idle' }
  | { type: 'limit.errors' }
  | { type: 'client.closed' };

export type ServerEmitted =
  | {
      type: 'reply';
      reply: Reply;
      delayMs: number;
      failed: boolean;
      policy: boolean;
      /** The server's last word (421, 221 for a forbidden command...): no command's reply. */
      goodbye?: true;
    }
  | { type: 'tls.start' }
  | { type: 'log'; message: string }
  | { type: 'close'; reason: CloseReason }
  | { type: 'deliver'; message: DeliveredMessage }
  | { type: 'relay'; message: RelayedMessage };

export interface ServerInput {
  profile: ServerProfile;
  client: ClientEndpoint;
  serverAddresses: readonly string[];
  policy: PolicyContext;
  writeQueueFile?: QueueFileWriter;
}

type Handler = (ctx: SessionContext, cmd: Command) => Outcome;
const handlers: Record<string, Handler> = {
  'cmd.helo': helo,
  'cmd.ehlo': ehlo,
  'cmd.mail': mail,
  'cmd.rcpt': rcpt,
  'cmd.data': data,
  'cmd.rset': rset,
  'cmd.noop': noop,
  'cmd.quit': quit,
  'cmd.vrfy': vrfy,
  'cmd.etrn': etrn,
  'cmd.starttls': starttls,
  'cmd.auth': auth,
  'cmd.xclient': xclient,
  'cmd.xforward': xclient,
};

/** The outcome of a command or AUTH response event, computed once per event. */
export function outcomeOf(ctx: SessionContext, event: ServerEvent): Outcome {
  if (event.type === 'auth.response') return (event.outcome ??= authResponse(ctx, event.line));
  if (event.type === 'cmd.bdat') return (event.outcome ??= bdat(ctx, event.command, event.message));
  if (event.type === 'data.end') return finishMessage(ctx, event);
  if ('command' in event) return (event.outcome ??= handlers[event.type]!(ctx, event.command));
  throw new Error(`no outcome for ${event.type}`);
}
