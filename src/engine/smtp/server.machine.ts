// The SMTP server dialogue as a statechart. Three orthogonal regions:
//   dialogue        where a command means something different (RFC 5321 §4.1.4 ordering)
//   security        plaintext until a TLS handshake completes (RFC 3207)
//   authentication  anonymous until AUTH succeeds (RFC 4954)
// Verb handlers (commands/*.ts) check syntax and policy and return an Outcome; the chart
// decides where each outcome leads and phrases sequence errors itself. Guards and actions
// are the pure functions of server-steps.ts, so chart-runner.ts can run this same chart.
import { enqueueActions, setup } from 'xstate';
import type { Intent, SessionContext } from './context.ts';
import { replies } from './reply.ts';
import type { ServerEmitted, ServerEvent, ServerInput } from './server-events.ts';
import { guards, steps, type Step } from './server-steps.ts';
import type { Reply } from './types.ts';

export type { ServerEmitted, ServerEvent, ServerInput } from './server-events.ts';

/** What an XState action may enqueue: just enough to replay a step. */
interface Enqueue {
  assign(update: Partial<SessionContext>): void;
  emit(emitted: ServerEmitted): void;
  raise(event: ServerEvent): void;
}

/** A step run as an XState action: its update, emitted events and raised event, in order. */
function run(result: Step, enqueue: Enqueue): void {
  if (result.assign) enqueue.assign(result.assign);
  for (const emitted of result.emit) enqueue.emit(emitted);
  if (result.raise) enqueue.raise(result.raise);
}

/** A sequence error the chart itself phrases (503 need MAIL, 554 no valid recipients...). */
const sequenceError = (reply: Reply) => ({
  actions: { type: 'respond' as const, params: { reply } },
});

/** Apply the outcome and go back to where a transaction can start: after HELO/EHLO or not.
 * With an intent, only when the outcome has it; `prefix` is "." from the dialogue node. */
function afterReset(intent: Intent | undefined, prefix: '' | '.') {
  return [
    {
      guard: { type: 'returnsTo' as const, params: { intent, greeted: true } },
      target: `${prefix}ready`,
      actions: 'apply' as const,
    },
    {
      guard: { type: 'returnsTo' as const, params: { intent, greeted: false } },
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

/** The params of a guard or action that takes none. */
const none = undefined as never;

export const serverMachine = setup({
  types: {
    context: {} as SessionContext,
    events: {} as ServerEvent,
    input: {} as ServerInput,
    emitted: {} as ServerEmitted,
  },
  guards: {
    leadsTo: ({ context, event }, params: { intent: Intent }) =>
      guards.leadsTo(context, event, params),
    returnsTo: ({ context, event }, params: { intent?: Intent; greeted: boolean }) =>
      guards.returnsTo(context, event, params),
    heloRequired: ({ context, event }) => guards.heloRequired(context, event, none),
    implicitTls: ({ context, event }) => guards.implicitTls(context, event, none),
    awaitingBanner: ({ context, event }) => guards.awaitingBanner(context, event, none),
  },
  actions: {
    apply: enqueueActions(({ context, event, enqueue }) =>
      run(steps.apply(context, event, none), enqueue),
    ),
    respond: enqueueActions(({ context, event, enqueue }, params: { reply: Reply }) =>
      run(steps.respond(context, event, params), enqueue),
    ),
    refuseInMainLoop: enqueueActions(({ context, event, enqueue }) =>
      run(steps.refuseInMainLoop(context, event, none), enqueue),
    ),
    violate: enqueueActions(({ context, event, enqueue }) =>
      run(steps.violate(context, event, none), enqueue),
    ),
    sayGoodbye: enqueueActions(
      ({ context, event, enqueue }, params: { reason: 'timeout' | 'too-many-errors' }) =>
        run(steps.sayGoodbye(context, event, params), enqueue),
    ),
    banner: enqueueActions(({ context, event, enqueue }) =>
      run(steps.banner(context, event, none), enqueue),
    ),
    startTls: enqueueActions(({ context, event, enqueue }) =>
      run(steps.startTls(context, event, none), enqueue),
    ),
    closeBrokenTls: enqueueActions(({ context, event, enqueue }) =>
      run(steps.closeBrokenTls(context, event, none), enqueue),
    ),
    resetAfterTls: enqueueActions(({ context, event, enqueue }) =>
      run(steps.resetAfterTls(context, event, none), enqueue),
    ),
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
    junkCommands: 0,
    policy: input.policy,
    writeQueueFile: input.writeQueueFile,
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
