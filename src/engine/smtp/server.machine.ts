// The SMTP server dialogue as a statechart. Three orthogonal regions:
//   dialogue        where a command means something different (RFC 5321 §4.1.4 ordering)
//   security        plaintext until a TLS handshake completes (RFC 3207)
//   authentication  anonymous until AUTH succeeds (RFC 4954)
// Verb handlers (commands/*.ts) check syntax and policy and return an Outcome; the chart
// decides where each outcome leads and phrases sequence errors itself.
import { and, assign, emit, enqueueActions, not, setup } from 'xstate';
import type { Command } from './command.ts';
import { refuse, type Intent, type Outcome, type SessionContext } from './context.ts';
import { auth, authResponse } from './commands/auth.ts';
import { ehlo, helo } from './commands/helo.ts';
import { mail } from './commands/mail.ts';
import { rcpt } from './commands/rcpt.ts';
import { data, etrn, noop, quit, rset, xclient } from './commands/simple.ts';
import { starttls } from './commands/starttls.ts';
import { vrfy } from './commands/vrfy.ts';
import { bdat, finishMessage, type ReceivedMessage } from './commands/message-end.ts';
import { replies } from './reply.ts';
import type { ServerProfile } from './profile.ts';
import type { ClientEndpoint, CloseReason, DeliveredMessage, Reply, TlsInfo } from './types.ts';

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
  | { type: 'tls.failed' }
  | { type: 'timer.idle' }
  | { type: 'limit.errors' }
  | { type: 'client.closed' };

export type ServerEmitted =
  | { type: 'reply'; reply: Reply; delayMs: number; failed: boolean; policy: boolean }
  | { type: 'tls.start' }
  | { type: 'close'; reason: CloseReason }
  | { type: 'deliver'; message: DeliveredMessage };

export interface ServerInput {
  profile: ServerProfile;
  client: ClientEndpoint;
  serverAddresses: readonly string[];
}

type Enqueue = Parameters<
  Parameters<
    typeof enqueueActions<
      SessionContext,
      ServerEvent,
      undefined,
      ServerEvent,
      never,
      never,
      never,
      never,
      ServerEmitted
    >
  >[0]
>[0]['enqueue'];

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
function outcomeOf(ctx: SessionContext, event: ServerEvent): Outcome {
  if (event.type === 'auth.response') return (event.outcome ??= authResponse(ctx, event.line));
  if (event.type === 'cmd.bdat') return (event.outcome ??= bdat(ctx, event.command, event.message));
  if (event.type === 'data.end') return finishMessage(ctx, event);
  if ('command' in event) return (event.outcome ??= handlers[event.type]!(ctx, event.command));
  throw new Error(`no outcome for ${event.type}`);
}

/** The reply to an outcome, its error accounting and the smtpd_hard_error_limit check. */
function respondWith(context: SessionContext, outcome: Outcome, enqueue: Enqueue): void {
  const { softErrors, hardErrors, errorSleepMs } = context.profile.limits;
  const sleep = context.errors >= softErrors ? errorSleepMs : 0;
  const errors = outcome.failed ? context.errors + 1 : context.errors;
  if (outcome.update || outcome.failed) enqueue.assign({ ...outcome.update, errors });
  enqueue.emit({
    type: 'reply',
    reply: outcome.reply,
    delayMs: sleep + (outcome.delayMs ?? 0),
    failed: outcome.failed,
    policy: outcome.policy === true,
  });
  // smtpd_hard_error_limit: checked before the next command is read
  if (outcome.failed && errors >= hardErrors) enqueue.raise({ type: 'limit.errors' });
}

/** A sequence error the chart itself phrases (503 need MAIL, 554 no valid recipients...). */
const sequenceError = (reply: Reply) => ({
  actions: { type: 'respond' as const, params: { reply } },
});

/** Apply the outcome and go back to where a transaction can start: after HELO/EHLO or not.
 * With an intent, only when the outcome has it; `prefix` is "." from the dialogue node. */
function afterReset(intent: Intent | undefined, prefix: '' | '.') {
  const leads = intent === undefined ? [] : [{ type: 'leadsTo' as const, params: { intent } }];
  return [
    { guard: and([...leads, 'hasGreeted']), target: `${prefix}ready`, actions: 'apply' as const },
    {
      guard: and([...leads, not('hasGreeted')]),
      target: `${prefix}awaitingHello`,
      actions: 'apply' as const,
    },
  ];
}

/** Apply the outcome, then go where its intent leads (or stay). */
const by = (intent: Intent, target: string) => ({
  guard: { type: 'leadsTo' as const, params: { intent } },
  target,
  actions: 'apply' as const,
});
const apply = { actions: 'apply' as const };

export const serverMachine = setup({
  types: {
    context: {} as SessionContext,
    events: {} as ServerEvent,
    input: {} as ServerInput,
    emitted: {} as ServerEmitted,
  },
  guards: {
    leadsTo: ({ context, event }, params: { intent: Intent }) =>
      outcomeOf(context, event).intent === params.intent,
    hasGreeted: ({ context }) => context.helo !== null,
    heloRequired: ({ context }) => context.profile.restrictions.heloRequired,
    implicitTls: ({ context }) => context.profile.tls.implicit,
    awaitingBanner: ({ context }) => context.profile.tls.implicit && context.tls === null,
  },
  actions: {
    /** Apply a verb's outcome: context update, error count, the reply (after the
     * smtpd_error_sleep_time delay once smtpd_soft_error_limit is reached), deliveries. */
    apply: enqueueActions(({ context, event, enqueue }) => {
      const outcome = outcomeOf(context, event);
      respondWith(context, outcome, enqueue);
      for (const message of outcome.deliveries ?? []) enqueue.emit({ type: 'deliver', message });
      if (outcome.intent === 'quit') enqueue.emit({ type: 'close', reason: 'quit' });
      if (outcome.intent === 'hangup') enqueue.emit({ type: 'close', reason: 'bad-bdat' });
    }),
    respond: enqueueActions(({ context, enqueue }, params: { reply: Reply }) => {
      respondWith(context, refuse(params.reply), enqueue);
    }),
    refuseInMainLoop: enqueueActions(({ context, event, enqueue }) => {
      if (event.type === 'protocol.error') respondWith(context, refuse(event.reply), enqueue);
    }),
    violate: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'protocol.violation') return;
      const sleep =
        context.errors >= context.profile.limits.softErrors
          ? context.profile.limits.errorSleepMs
          : 0;
      enqueue.emit({
        type: 'reply',
        reply: event.reply,
        delayMs: sleep,
        failed: true,
        policy: false,
      });
      enqueue.emit({ type: 'close', reason: event.reason });
    }),
    sayGoodbye: enqueueActions(
      ({ context, enqueue }, params: { reason: 'timeout' | 'too-many-errors' }) => {
        const { hostname } = context.profile;
        const reply =
          params.reason === 'timeout' ? replies.timeout(hostname) : replies.tooManyErrors(hostname);
        const { softErrors, errorSleepMs } = context.profile.limits;
        const delayMs = context.errors >= softErrors ? errorSleepMs : 0;
        enqueue.emit({ type: 'reply', reply, delayMs, failed: true, policy: false });
        enqueue.emit({ type: 'close', reason: params.reason });
      },
    ),
    banner: emit(({ context }) => ({
      type: 'reply' as const,
      reply: replies.banner(context.profile.banner),
      delayMs: 0,
      failed: false,
      policy: false,
    })),
    startTls: emit({ type: 'tls.start' as const }),
    closeBrokenTls: emit({ type: 'close' as const, reason: 'tls-failed' as const }),
    /** RFC 3207 §4.2: after the handshake the client starts over; nothing from before counts. */
    resetAfterTls: assign(({ event }) => ({
      tls: event.type === 'tls.ready' ? event.info : null,
      helo: null,
      transaction: null,
    })),
  },
}).createMachine({
  id: 'server',
  type: 'parallel',
  context: ({ input }) => ({
    profile: input.profile,
    client: input.client,
    serverAddresses: input.serverAddresses,
    helo: null,
    tls: null,
    authenticatedAs: null,
    transaction: null,
    authExchange: null,
    errors: 0,
  }),
  states: {
    dialogue: {
      initial: 'greeting',
      on: {
        // Verbs that mean the same in every command state.
        'cmd.helo': [by('hello', '.ready'), apply],
        'cmd.ehlo': [by('hello', '.ready'), apply],
        'cmd.starttls': [
          {
            guard: { type: 'leadsTo', params: { intent: 'tls' } },
            target: '.tlsHandshake',
            actions: ['apply', 'startTls'],
          },
          apply,
        ],
        'cmd.auth': [by('auth.challenge', '.authExchange'), apply],
        'cmd.rset': [...afterReset('reset', '.'), apply],
        'cmd.noop': apply,
        'cmd.vrfy': apply,
        'cmd.etrn': apply,
        'cmd.xclient': apply,
        'cmd.xforward': apply,
        'cmd.quit': { target: '.closed', actions: 'apply' },
        'protocol.error': { actions: 'refuseInMainLoop' },
        'protocol.violation': { target: '.closed', actions: 'violate' },
        'limit.errors': {
          target: '.closed',
          actions: { type: 'sayGoodbye', params: { reason: 'too-many-errors' } },
        },
        'timer.idle': {
          target: '.closed',
          actions: { type: 'sayGoodbye', params: { reason: 'timeout' } },
        },
        'client.closed': { target: '.closed' },
      },
      states: {
        greeting: {
          on: {
            'session.start': [
              { guard: 'implicitTls', target: 'tlsHandshake', actions: 'startTls' },
              { target: 'awaitingHello', actions: 'banner' },
            ],
          },
        },
        awaitingHello: {
          on: {
            'cmd.mail': [
              { guard: 'heloRequired', ...sequenceError(replies.needHelo) }, // smtpd_helo_required
              by('transaction', 'mailTransaction'),
              apply,
            ],
            'cmd.rcpt': sequenceError(replies.needMail),
            'cmd.data': sequenceError(replies.needRcpt),
            'cmd.bdat': [by('hangup', 'closed'), apply],
          },
        },
        ready: {
          on: {
            'cmd.mail': [by('transaction', 'mailTransaction'), apply],
            'cmd.rcpt': sequenceError(replies.needMail),
            'cmd.data': sequenceError(replies.needRcpt),
            'cmd.bdat': [by('hangup', 'closed'), apply],
          },
        },
        mailTransaction: {
          on: {
            'cmd.mail': sequenceError(replies.nestedMail),
            'cmd.rcpt': [by('recipient', 'recipients'), apply],
            'cmd.data': sequenceError(replies.noValidRecipients),
            'cmd.bdat': [by('hangup', 'closed'), apply],
          },
        },
        recipients: {
          on: {
            'cmd.mail': sequenceError(replies.nestedMail),
            'cmd.rcpt': apply,
            'cmd.data': [by('data', 'receivingData'), apply],
            'cmd.bdat': [by('hangup', 'closed'), ...afterReset('reset', ''), apply],
          },
        },
        receivingData: {
          on: { 'data.end': afterReset(undefined, '') },
        },
        authExchange: {
          on: {
            'auth.response': [
              {
                guard: { type: 'leadsTo', params: { intent: 'auth.challenge' } },
                actions: 'apply',
              },
              ...afterReset(undefined, ''),
            ],
          },
        },
        tlsHandshake: {
          on: {
            'tls.ready': [
              // smtpd_tls_wrappermode: the banner comes only once TLS is up
              {
                guard: 'awaitingBanner',
                target: 'awaitingHello',
                actions: ['resetAfterTls', 'banner'],
              },
              { target: 'awaitingHello', actions: 'resetAfterTls' },
            ],
            'tls.failed': { target: 'closed', actions: 'closeBrokenTls' },
          },
        },
        closed: {
          // Nothing more is said; events that still arrive are ignored.
          on: {
            '*': {},
          },
        },
      },
    },
    security: {
      initial: 'plaintext',
      states: {
        plaintext: { on: { 'tls.ready': 'encrypted' } },
        encrypted: {},
      },
    },
    authentication: {
      initial: 'anonymous',
      states: {
        anonymous: {
          on: {
            'cmd.auth': {
              guard: { type: 'leadsTo', params: { intent: 'authenticated' } },
              target: 'authenticated',
            },
            'auth.response': {
              guard: { type: 'leadsTo', params: { intent: 'authenticated' } },
              target: 'authenticated',
            },
          },
        },
        authenticated: {},
      },
    },
  },
});
