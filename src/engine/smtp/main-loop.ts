// smtpd's main loop: the checks made on every command line before any verb runs, in
// Postfix's order (smtpd.c smtpd_proto()). Pure: the session logs and sends what this decides.
import {
  isForbiddenCommand,
  isKnownVerb,
  LAST_IN_GROUP_VERBS,
  parseCommand,
  PRE_TLS_VERBS,
  type Command,
} from './command.ts';
import type { FramedLine } from './line-framer.ts';
import { isValidUtf8 } from './octets.ts';
import type { ServerProfile } from './profile.ts';
import { replies } from './reply.ts';
import type { ServerEvent } from './server.machine.ts';

/** What the loop knows besides the line itself. */
export interface LoopFacts {
  readonly secure: boolean;
  /** EHLO was used, so PIPELINING was negotiated (RFC 2920). */
  readonly esmtp: boolean;
  /** More input is already buffered behind this line. */
  readonly pendingInput: boolean;
}

export type LineVerdict =
  /** Goes to the statechart. `verb` is counted on the disconnect line; null: not counted. */
  (
    | {
        readonly kind: 'event';
        readonly event: ServerEvent;
        readonly verb: string | null;
        readonly command: Command | null;
      }
    /** BDAT with a valid size: the chunk's octets must be read before the chart hears of it. */
    | {
        readonly kind: 'chunk';
        readonly command: Command;
        readonly size: number;
        readonly last: boolean;
      }
  ) &
    (
      | { readonly reachedPipeliningCheck: false }
      /** The line got as far as the pipelining check (where Postfix logs improper pipelining). */
      | { readonly reachedPipeliningCheck: true; readonly command: Command }
    );

export function judgeLine(profile: ServerProfile, facts: LoopFacts, line: FramedLine): LineVerdict {
  const refuse = (
    reply = replies.unknownCommand,
    verb: string | null = null,
    command: Command | null = null,
  ) =>
    ({
      kind: 'event',
      event: { type: 'protocol.error', reply },
      verb,
      command,
      reachedPipeliningCheck: false,
    }) as const;

  // smtpd_forbid_bare_newline = reject
  if (line.bareLf && profile.restrictions.bareNewline === 'reject') {
    const reply = replies.bareLf(profile.hostname);
    return {
      kind: 'event',
      event: { type: 'protocol.violation', reply, reason: 'bare-lf' },
      verb: null,
      command: null,
      reachedPipeliningCheck: false,
    };
  }
  if (!isValidUtf8(line.text)) return refuse(replies.badUtf8); // smtputf8_enable = yes
  const command = parseCommand(line.text);
  if (command === null) return refuse(replies.badSyntax);
  if (isForbiddenCommand(command.verb)) {
    // Looked up in the command table first, so it counts as an unknown command.
    const reply = replies.forbiddenCommand;
    return {
      kind: 'event',
      event: { type: 'protocol.violation', reply, reason: 'non-smtp-command' },
      verb: 'unknown',
      command,
      reachedPipeliningCheck: false,
    };
  }
  if (!isKnownVerb(command.verb)) return refuse(replies.unknownCommand, 'unknown', command);
  // smtpd_tls_security_level = encrypt: only SMTPD_CMD_FLAG_PRE_TLS verbs before STARTTLS
  if (profile.tls.required && !facts.secure && !PRE_TLS_VERBS.has(command.verb)) {
    return refuse(replies.mustStartTls, command.verb, command);
  }
  // RFC 2920 §3.1: without PIPELINING, or after a group-ending verb, the client must wait.
  if (isImproperPipelining(command, facts) && profile.restrictions.forbidUnauthPipelining) {
    const reply = replies.pipeliningSync;
    return {
      kind: 'event',
      event: { type: 'protocol.violation', reply, reason: 'pipelining' },
      verb: command.verb,
      command,
      reachedPipeliningCheck: true,
    };
  }
  if (command.verb === 'BDAT') {
    const [size, last, extra] = command.args;
    const valid =
      size !== undefined &&
      /^\d+$/.test(size) &&
      extra === undefined &&
      (last === undefined || last.toUpperCase() === 'LAST');
    if (valid)
      return {
        kind: 'chunk',
        command,
        size: Number(size),
        last: last !== undefined,
        reachedPipeliningCheck: true,
      };
    return {
      kind: 'event',
      event: { type: 'cmd.bdat', command, message: null },
      verb: 'BDAT',
      command,
      reachedPipeliningCheck: true,
    };
  }
  const event = { type: `cmd.${command.verb.toLowerCase()}`, command } as ServerEvent;
  return { kind: 'event', event, verb: command.verb, command, reachedPipeliningCheck: true };
}

/** Postfix logs "improper command pipelining" (once) whether or not it then refuses. */
export function isImproperPipelining(command: Command, facts: LoopFacts): boolean {
  return facts.pendingInput && (LAST_IN_GROUP_VERBS.has(command.verb) || !facts.esmtp);
}
