// What the statechart's guards ask and what its actions do, as pure functions of the context
// and the event. server.machine.ts names them in the chart; chart-runner.ts runs the chart.
import { refuse, type Intent, type Outcome, type SessionContext } from './context.ts';
import { replies, restrictionReply } from './reply.ts';
import { outcomeOf, type ServerEmitted, type ServerEvent } from './server-events.ts';
import type { Reply } from './types.ts';

/** An action's effect: a context update, events emitted (in order), an event raised. */
export interface Step {
  readonly assign?: Partial<SessionContext>;
  readonly emit: readonly ServerEmitted[];
  readonly raise?: ServerEvent;
}

/** Params are `never` for actions and guards that take none (the chart passes undefined). */
type Fn<R, P> = (context: SessionContext, event: ServerEvent, params: P) => R;

const NOTHING: Step = { emit: [] };

/** smtpd_error_sleep_time once smtpd_soft_error_limit errors have been made. */
function errorSleep(context: SessionContext): number {
  const { softErrors, errorSleepMs } = context.profile.limits;
  return context.errors >= softErrors ? errorSleepMs : 0;
}

/** SMTPD_CMD_FLAG_LIMIT in smtpd.c's command table: commands a client could repeat for
 * ever at no cost, counted against smtpd_junk_command_limit. */
const JUNK_EVENTS: ReadonlySet<string> = new Set([
  'cmd.helo',
  'cmd.ehlo',
  'cmd.rset',
  'cmd.noop',
  'cmd.vrfy',
  'cmd.etrn',
]);

/** The reply to an outcome, its error accounting and the smtpd_hard_error_limit check. */
function respondWith(
  context: SessionContext,
  outcome: Outcome,
  more: ServerEmitted[] = [],
  junk = false,
): Step {
  // A queued message forgives what came before, and its own reply is not slowed down.
  const before = outcome.forgiven ? { ...context, errors: 0, junkCommands: 0 } : context;
  let errors = outcome.failed ? before.errors + 1 : before.errors;
  // smtpd_junk_command_limit: after the command, "if (junk_cmds++ > limit) error_count++".
  const junkCommands = junk ? before.junkCommands + 1 : before.junkCommands;
  if (junk && before.junkCommands > context.profile.limits.junkCommands) errors++;
  const logs: ServerEmitted[] = (outcome.logs ?? []).map((message) => ({ type: 'log', message }));
  const reply: ServerEmitted = {
    type: 'reply',
    // smtpd_check_reject(): a restriction's reply has its non-printables made blanks.
    reply: outcome.policy ? restrictionReply(outcome.reply) : outcome.reply,
    delayMs: errorSleep(before) + (outcome.delayMs ?? 0),
    failed: outcome.failed,
    policy: outcome.policy === true,
  };
  const counted = errors !== context.errors || junkCommands !== context.junkCommands;
  return {
    assign: outcome.update || counted ? { ...outcome.update, errors, junkCommands } : undefined,
    emit: [...logs, reply, ...more],
    // smtpd_hard_error_limit: checked before the next command is read
    raise: errors >= context.profile.limits.hardErrors ? { type: 'limit.errors' } : undefined,
  };
}

/** A reply that ends the session: it says its piece and closes. */
function goodbye(
  context: SessionContext,
  reply: Reply,
  reason: 'timeout' | 'too-many-errors' | (string & {}),
): Step {
  return {
    emit: [
      {
        type: 'reply',
        reply,
        delayMs: errorSleep(context),
        failed: true,
        policy: false,
        goodbye: true,
      },
      { type: 'close', reason: reason as never },
    ],
  };
}

export const steps = {
  /** Apply a verb's outcome: context update, error count, the reply, deliveries, a close. */
  apply: ((context, event) => {
    const outcome = outcomeOf(context, event);
    const more: ServerEmitted[] = (outcome.deliveries ?? []).map((message) => ({
      type: 'deliver',
      message,
    }));
    if (outcome.relay) more.push({ type: 'relay', message: outcome.relay });
    if (outcome.intent === 'quit') more.push({ type: 'close', reason: 'quit' });
    if (outcome.intent === 'hangup') more.push({ type: 'close', reason: 'bad-bdat' });
    return respondWith(context, outcome, more, JUNK_EVENTS.has(event.type));
  }) as Fn<Step, never>,
  /** A sequence error the chart phrases itself (503 need MAIL...). */
  respond: ((context, _event, params) => respondWith(context, refuse(params.reply))) as Fn<
    Step,
    { reply: Reply }
  >,
  refuseInMainLoop: ((context, event) =>
    event.type === 'protocol.error' ? respondWith(context, refuse(event.reply)) : NOTHING) as Fn<
    Step,
    never
  >,
  violate: ((context, event) =>
    event.type === 'protocol.violation'
      ? goodbye(context, event.reply, event.reason)
      : NOTHING) as Fn<Step, never>,
  sayGoodbye: ((context, _event, params) => {
    const { hostname } = context.profile;
    const reply =
      params.reason === 'timeout' ? replies.timeout(hostname) : replies.tooManyErrors(hostname);
    return goodbye(context, reply, params.reason);
  }) as Fn<Step, { reason: 'timeout' | 'too-many-errors' }>,
  banner: ((context) => ({
    emit: [
      {
        type: 'reply',
        reply: replies.banner(context.profile.banner),
        delayMs: 0,
        failed: false,
        policy: false,
      },
    ],
  })) as Fn<Step, never>,
  startTls: (() => ({ emit: [{ type: 'tls.start' }] })) as Fn<Step, never>,
  closeBrokenTls: ((_context, event) => ({
    emit: [
      {
        type: 'close',
        reason: event.type === 'tls.failed' && event.timedOut ? 'tls-timeout' : 'tls-failed',
      },
    ],
  })) as Fn<Step, never>,
  /** RFC 3207 §4.2: after the handshake the client starts over; nothing from before counts. */
  resetAfterTls: ((_context, event) => ({
    assign: { tls: event.type === 'tls.ready' ? event.info : null, helo: null, transaction: null },
    emit: [],
  })) as Fn<Step, never>,
};

export type StepName = keyof typeof steps;

export const guards = {
  /** Does the command's outcome lead where this transition goes? */
  leadsTo: ((context, event, params) => outcomeOf(context, event).intent === params.intent) as Fn<
    boolean,
    { intent: Intent }
  >,
  /** Back to idle after HELO/EHLO or not (and, with an intent, only when the outcome has it). */
  returnsTo: ((context, event, params) =>
    (params.intent === undefined || outcomeOf(context, event).intent === params.intent) &&
    (context.helo !== null) === params.greeted) as Fn<
    boolean,
    { intent?: Intent; greeted: boolean }
  >,
  heloRequired: ((context) => context.profile.restrictions.heloRequired) as Fn<boolean, never>,
  implicitTls: ((context) => context.profile.tls.implicit) as Fn<boolean, never>,
  awaitingBanner: ((context) => context.profile.tls.implicit && context.tls === null) as Fn<
    boolean,
    never
  >,
};

export type GuardName = keyof typeof guards;
