// The client side of an SMTP session as a statechart: what swaks, curl and Postfix's smtp(8)
// do once connected. Banner, EHLO (HELO when EHLO is refused), STARTTLS when offered or
// demanded (RFC 3207) and EHLO again, AUTH (RFC 4954), MAIL, RCPT for each recipient, DATA,
// the message (or one the tool streams), QUIT (RFC 5321 §3.3, §4.1.1); or, instead of a
// transaction, commands such as VRFY. A refusal moves to `quitting` with the stage it
// happened at; the tool or relay reads the result and decides (retry later on 4xx, bounce on
// 5xx, an exit code).
import { enqueueActions, not, setup } from 'xstate';
import {
  authAnswer,
  authCommand,
  canPipeline,
  extensionsOf,
  hangsUpWithoutQuit,
  initialContext,
  mailCommand,
  messageLines,
  pipelinedGroup,
  positive,
  queueIdOf,
  rcptCommand,
  usableMechanisms,
  type ClientContext,
} from './client-steps.ts';
import type {
  ClientEmitted,
  ClientEvent,
  ClientNotice,
  ClientPlan,
  ClientResult,
  ClientStage,
  QuitPoint,
  SeenReply,
} from './plan.ts';

type Enqueue = {
  assign(update: Partial<ClientContext>): void;
  emit(emitted: ClientEmitted): void;
};

const replyOf = (event: ClientEvent): SeenReply | null =>
  event.type === 'reply' ? event.reply : null;

/** Read a reply: tell the tool, and whether it was what this step waits for. */
function read(enqueue: Enqueue, event: ClientEvent, expected: (reply: SeenReply) => boolean) {
  const reply = replyOf(event);
  if (reply) enqueue.emit({ type: 'received', reply, expected: expected(reply) });
}

function send(enqueue: Enqueue, stage: ClientStage, ...lines: string[]) {
  enqueue.assign({ stage });
  enqueue.emit({ type: 'send', lines, what: stage });
}

const is = (code: number) => (reply: SeenReply) => reply.code === code;

export const clientMachine = setup({
  types: {
    context: {} as ClientContext,
    events: {} as ClientEvent,
    input: {} as ClientPlan,
    emitted: {} as ClientEmitted,
    output: {} as ClientResult,
  },
  guards: {
    implicitTls: ({ context }) => context.plan.tls === 'implicit',
    replyIs: ({ event }, code: number) => replyOf(event)?.code === code,
    replyPositive: ({ event }) => {
      const reply = replyOf(event);
      return reply !== null && positive(reply);
    },
    replySuccess: ({ event }) => Math.floor((replyOf(event)?.code ?? 0) / 100) === 2,
    /** RFC 5321 §3.2: an old server refuses EHLO with 500/502; HELO may still work. */
    ehloUnknown: ({ context, event }) =>
      !context.fellBackToHelo && [500, 501, 502, 504].includes(replyOf(event)?.code ?? 0),
    quitAfter: ({ context }, point: QuitPoint) => context.plan.quitAfter === point,
    tlsDone: ({ context }) => context.secure || context.plan.tls === 'none',
    startTlsOffered: ({ context }) => context.extensions.STARTTLS !== undefined,
    tlsRequired: ({ context }) => context.plan.tls === 'required',
    noAuthPlanned: ({ context }) => context.plan.auth === null,
    authNotAdvertised: ({ context }) => context.extensions.AUTH === undefined,
    authRequired: ({ context }) => context.plan.auth?.required ?? false,
    noUsableMechanism: ({ context }) => usableMechanisms(context).length === 0,
    moreMechanisms: ({ context }) =>
      (context.plan.auth?.tryEachMechanism ?? true) && context.mechanisms.length > 0,
    pipelining: ({ context }) => canPipeline(context),
    moreRecipients: ({ context }) => context.rcptRead < context.plan.to.length,
    /** A refused RCPT ends the transaction (curl): the one just read, as it is the first. */
    refusedRecipientEnds: ({ context }) =>
      (context.plan.refusedRecipientEnds ?? false) && context.rejected.length > 0,
    streamsBody: ({ context }) => context.plan.streamedBody !== undefined,
    hasCommands: ({ context }) => (context.plan.commands?.length ?? 0) > 0,
    moreCommands: ({ context }) => context.commandsRead < (context.plan.commands?.length ?? 0),
    hangsUp: ({ context }) => hangsUpWithoutQuit(context),
    noneAccepted: ({ context }) => context.accepted.length === 0,
    quitWhenDone: ({ context }) => context.plan.quitWhenDone,
    dataInFlight: ({ context }) => context.pipelined,
    resetAfterRefusal: ({ context }) => context.plan.resetAfterRefusal ?? false,
  },
  actions: {
    startTls: enqueueActions(({ enqueue }) => enqueue.emit({ type: 'tls.start' })),
    secured: enqueueActions(({ enqueue }) =>
      // RFC 3207 §4.2: forget everything learnt before TLS.
      enqueue.assign({ secure: true, extensions: {} }),
    ),
    readBanner: enqueueActions(({ enqueue, event }) => read(enqueue, event, is(220))),
    sendEhlo: enqueueActions(({ enqueue, context }) =>
      send(enqueue, context.secure ? 'helo-after-tls' : 'helo', `EHLO ${context.plan.helo}`),
    ),
    readEhlo: enqueueActions(({ enqueue, event }) => {
      read(enqueue, event, is(250));
      const reply = replyOf(event);
      if (reply && reply.code === 250) enqueue.assign({ extensions: extensionsOf(reply) });
    }),
    sendHelo: enqueueActions(({ enqueue, context }) => {
      enqueue.assign({ fellBackToHelo: true });
      send(enqueue, context.stage, `HELO ${context.plan.helo}`);
    }),
    sendStartTls: enqueueActions(({ enqueue }) => send(enqueue, 'tls', 'STARTTLS')),
    readStartTls: enqueueActions(({ enqueue, event }) => read(enqueue, event, is(220))),
    beginAuth: enqueueActions(({ enqueue, context }) => {
      const [mechanism, ...rest] = usableMechanisms(context);
      enqueue.assign({ mechanism, mechanisms: rest, authStep: 0 });
      send(enqueue, 'auth', authCommand(context, mechanism!));
    }),
    nextMechanism: enqueueActions(({ enqueue, context }) => {
      const [mechanism, ...rest] = context.mechanisms;
      enqueue.assign({ mechanism, mechanisms: rest, authStep: 0 });
      send(enqueue, 'auth', authCommand(context, mechanism!));
    }),
    readAuth: enqueueActions(({ enqueue, event }) =>
      read(enqueue, event, (r) => r.code === 334 || r.code === 235),
    ),
    answerChallenge: enqueueActions(({ enqueue, context }) => {
      send(enqueue, 'auth', authAnswer(context));
      enqueue.assign({ authStep: context.authStep + 1 });
    }),
    sendMail: enqueueActions(({ enqueue, context }) => {
      if (canPipeline(context)) {
        enqueue.assign({ pipelined: true });
        send(enqueue, 'mail', ...pipelinedGroup(context));
      } else send(enqueue, 'mail', mailCommand(context));
    }),
    readPositive: enqueueActions(({ enqueue, event }) => read(enqueue, event, positive)),
    sendRcpt: enqueueActions(({ enqueue, context }) => {
      if (context.pipelined) enqueue.assign({ stage: 'rcpt' });
      else send(enqueue, 'rcpt', rcptCommand(context, context.plan.to[context.rcptRead]!));
    }),
    readRcpt: enqueueActions(({ enqueue, context, event }) => {
      read(enqueue, event, is(250));
      const reply = replyOf(event);
      if (reply === null) return;
      const recipient = context.plan.to[context.rcptRead]!;
      enqueue.assign(
        positive(reply)
          ? { accepted: [...context.accepted, recipient], rcptRead: context.rcptRead + 1 }
          : {
              rejected: [...context.rejected, { recipient, reply }],
              rcptRead: context.rcptRead + 1,
            },
      );
    }),
    sendRset: enqueueActions(({ enqueue }) => send(enqueue, 'quit', 'RSET')),
    sendData: enqueueActions(({ enqueue, context }) => {
      if (context.pipelined) enqueue.assign({ stage: 'data' });
      else send(enqueue, 'data', 'DATA');
    }),
    readData: enqueueActions(({ enqueue, event }) => read(enqueue, event, is(354))),
    sendMessage: enqueueActions(({ enqueue, context }) =>
      send(enqueue, 'body', ...messageLines(context.plan.message)),
    ),
    writeBody: enqueueActions(({ enqueue, event }) => {
      if (event.type !== 'body.write' && event.type !== 'body.end') return;
      enqueue.assign({ stage: 'body' });
      enqueue.emit({ type: 'write', octets: event.octets });
    }),
    sendCommand: enqueueActions(({ enqueue, context }) =>
      send(enqueue, 'command', context.plan.commands![context.commandsRead]!),
    ),
    readCommand: enqueueActions(({ enqueue, context, event }) => {
      read(enqueue, event, (reply) => Math.floor(reply.code / 100) === 2);
      enqueue.assign({ commandsRead: context.commandsRead + 1 });
    }),
    readQueued: enqueueActions(({ enqueue, event }) => {
      read(enqueue, event, is(250));
      const reply = replyOf(event);
      if (reply && reply.code === 250) enqueue.assign({ queueId: queueIdOf(reply) });
    }),
    /** Remember why the session is ending; the first failure is the one that counts. */
    fail: enqueueActions(({ enqueue, context, event }) => {
      if (context.failure !== null) return;
      const reply = replyOf(event);
      enqueue.assign({ failure: { stage: context.stage, reply } });
      const cause =
        event.type === 'closed' ? 'closed' : event.type === 'tls.failed' ? 'tls' : 'reply';
      enqueue.emit({ type: 'failed', stage: context.stage, reply, cause });
    }),
    /** A failure decided by the client itself (STARTTLS or AUTH not on offer). */
    failAt: enqueueActions(({ enqueue, context }, stage: ClientStage) => {
      if (context.failure !== null) return;
      enqueue.assign({ failure: { stage, reply: null } });
      enqueue.emit({ type: 'failed', stage, reply: null, cause: 'client' });
    }),
    notice: enqueueActions(({ enqueue }, notice: ClientNotice) =>
      enqueue.emit({ type: 'notice', notice }),
    ),
    timedOut: enqueueActions(({ enqueue, context }) => {
      enqueue.emit({ type: 'notice', notice: 'reply-timeout' });
      enqueue.assign({ timedOut: true });
      if (context.failure !== null) return;
      enqueue.assign({ failure: { stage: context.stage, reply: null } });
      enqueue.emit({ type: 'failed', stage: context.stage, reply: null, cause: 'timeout' });
    }),
    sendQuit: enqueueActions(({ enqueue, context }) => {
      if (context.quitSent || hangsUpWithoutQuit(context)) return;
      enqueue.assign({ quitSent: true });
      send(enqueue, 'quit', 'QUIT');
    }),
    readWhileQuitting: enqueueActions(({ enqueue, context, event }) =>
      // Replies to pipelined commands can still arrive before QUIT's 221.
      read(enqueue, event, context.stage === 'quit' ? is(221) : positive),
    ),
    lost: enqueueActions(({ enqueue }) => enqueue.assign({ lostConnection: true })),
    close: enqueueActions(({ enqueue }) => enqueue.emit({ type: 'close' })),
  },
}).createMachine({
  id: 'smtpClient',
  context: ({ input }) => initialContext(input),
  initial: 'connected',
  on: {
    // The server went away: the session ends where it stands (swaks: "Remote host closed
    // connection unexpectedly", smtp(8): "lost connection with ... while ...").
    closed: { target: '.ended', actions: ['lost', 'fail'] },
    timeout: { target: '.quitting', actions: 'timedOut' },
  },
  states: {
    connected: {
      always: [
        { guard: 'implicitTls', target: 'tlsOnConnect', actions: 'startTls' },
        { target: 'greeting' },
      ],
    },
    /** RFC 8314 §3.3: the TLS handshake comes before the banner. */
    tlsOnConnect: {
      on: {
        'tls.up': { target: 'greeting', actions: 'secured' },
        'tls.failed': { target: 'ended', actions: ['fail', 'close'] },
      },
    },
    greeting: {
      on: {
        reply: [
          { guard: { type: 'replyIs', params: 220 }, target: 'greeted', actions: 'readBanner' },
          { target: 'quitting', actions: ['readBanner', 'fail'] },
        ],
      },
    },
    greeted: {
      always: [
        { guard: { type: 'quitAfter', params: 'connect' }, target: 'quitting' },
        { target: 'hello', actions: 'sendEhlo' },
      ],
    },
    hello: {
      on: {
        reply: [
          { guard: { type: 'replyIs', params: 250 }, target: 'helloDone', actions: 'readEhlo' },
          { guard: 'ehloUnknown', actions: ['readEhlo', 'sendHelo'] },
          { target: 'quitting', actions: ['readEhlo', 'fail'] },
        ],
      },
    },
    helloDone: {
      always: [
        { guard: { type: 'quitAfter', params: 'first-helo' }, target: 'quitting' },
        { guard: 'tlsDone', target: 'secured' },
        { guard: 'startTlsOffered', target: 'startTls', actions: 'sendStartTls' },
        {
          guard: 'tlsRequired',
          target: 'quitting',
          actions: [
            { type: 'notice', params: 'starttls-not-advertised' },
            { type: 'failAt', params: 'tls' },
          ],
        },
        { target: 'secured', actions: { type: 'notice', params: 'starttls-not-advertised' } },
      ],
    },
    startTls: {
      on: {
        reply: [
          {
            guard: { type: 'replyIs', params: 220 },
            target: 'tlsHandshake',
            actions: ['readStartTls', 'startTls'],
          },
          {
            guard: 'tlsRequired',
            target: 'quitting',
            actions: ['readStartTls', { type: 'notice', params: 'starttls-refused' }, 'fail'],
          },
          {
            target: 'secured',
            actions: ['readStartTls', { type: 'notice', params: 'starttls-refused' }],
          },
        ],
      },
    },
    tlsHandshake: {
      on: {
        'tls.up': { target: 'rehello', actions: ['secured', 'sendEhlo'] },
        'tls.failed': { target: 'ended', actions: ['fail', 'close'] },
      },
    },
    /** RFC 3207 §4.2: EHLO again inside TLS. */
    rehello: {
      on: {
        reply: [
          { guard: { type: 'replyIs', params: 250 }, target: 'secured', actions: 'readEhlo' },
          { target: 'quitting', actions: ['readEhlo', 'fail'] },
        ],
      },
    },
    secured: {
      always: [
        { guard: { type: 'quitAfter', params: 'tls' }, target: 'quitting' },
        { guard: { type: 'quitAfter', params: 'helo' }, target: 'quitting' },
        { guard: 'noAuthPlanned', target: 'authenticated' },
        {
          guard: 'authNotAdvertised',
          target: 'authDeclined',
          actions: { type: 'notice', params: 'auth-not-advertised' },
        },
        {
          // AUTH on offer, but none of the mechanisms the client knows: every client gives up.
          guard: 'noUsableMechanism',
          target: 'quitting',
          actions: [
            { type: 'notice', params: 'auth-type-unavailable' },
            { type: 'failAt', params: 'auth' },
          ],
        },
        { target: 'authenticating', actions: 'beginAuth' },
      ],
    },
    authDeclined: {
      always: [
        { guard: 'authRequired', target: 'quitting', actions: { type: 'failAt', params: 'auth' } },
        { target: 'authenticated' },
      ],
    },
    authenticating: {
      on: {
        reply: [
          {
            guard: { type: 'replyIs', params: 334 },
            actions: ['readAuth', 'answerChallenge'],
          },
          { guard: { type: 'replyIs', params: 235 }, target: 'authenticated', actions: 'readAuth' },
          { guard: 'moreMechanisms', actions: ['readAuth', 'nextMechanism'] },
          {
            target: 'quitting',
            actions: ['readAuth', { type: 'notice', params: 'auth-failed' }, 'fail'],
          },
        ],
      },
    },
    authenticated: {
      always: [
        { guard: { type: 'quitAfter', params: 'auth' }, target: 'quitting' },
        { guard: 'hasCommands', target: 'command', actions: 'sendCommand' },
        { target: 'mailFrom', actions: 'sendMail' },
      ],
    },
    /** A command instead of a mail transaction (curl's VRFY or HELP). */
    command: {
      on: {
        reply: [
          { guard: 'replySuccess', target: 'commandAnswered', actions: 'readCommand' },
          { target: 'quitting', actions: ['readCommand', 'fail'] },
        ],
      },
    },
    commandAnswered: {
      always: [
        { guard: 'moreCommands', target: 'command', actions: 'sendCommand' },
        { target: 'finished' },
      ],
    },
    mailFrom: {
      on: {
        reply: [
          { guard: 'replyPositive', target: 'mailAccepted', actions: 'readPositive' },
          { target: 'quitting', actions: ['readPositive', 'fail'] },
        ],
      },
    },
    mailAccepted: {
      always: [
        { guard: { type: 'quitAfter', params: 'mail' }, target: 'quitting' },
        { target: 'recipients', actions: 'sendRcpt' },
      ],
    },
    recipients: {
      on: { reply: { target: 'recipientRead', actions: 'readRcpt' } },
    },
    recipientRead: {
      always: [
        { guard: 'refusedRecipientEnds', target: 'quitting', actions: 'fail' },
        { guard: 'moreRecipients', target: 'recipients', actions: 'sendRcpt' },
        // Pipelined, DATA is already on its way: read its refusal first.
        { guard: 'noneAccepted', target: 'dataRefused', actions: 'fail' },
        { guard: { type: 'quitAfter', params: 'rcpt' }, target: 'quitting' },
        { target: 'data', actions: 'sendData' },
      ],
    },
    dataRefused: {
      always: { guard: not('dataInFlight'), target: 'quitting' },
      on: {
        reply: [
          { guard: 'resetAfterRefusal', target: 'resetting', actions: ['readData', 'sendRset'] },
          { target: 'quitting', actions: 'readData' },
        ],
      },
    },
    /** smtp(8) resets the refused transaction before it says goodbye. */
    resetting: {
      on: { reply: { target: 'quitting', actions: 'readPositive' } },
    },
    data: {
      on: {
        reply: [
          {
            guard: { type: 'replyIs', params: 354 },
            target: 'uploading',
            actions: 'readData',
          },
          { target: 'quitting', actions: ['readData', 'fail'] },
        ],
      },
    },
    /** After the 354: the message, from the plan or streamed by the tool. */
    uploading: {
      always: [
        { guard: 'streamsBody', target: 'streaming' },
        { target: 'message', actions: 'sendMessage' },
      ],
    },
    /** The tool writes the message as it reads it (curl -T -: as the learner types it). */
    streaming: {
      on: {
        'body.write': { actions: 'writeBody' },
        'body.end': { target: 'message', actions: 'writeBody' },
      },
    },
    message: {
      on: {
        reply: [
          { guard: { type: 'replyIs', params: 250 }, target: 'finished', actions: 'readQueued' },
          { target: 'quitting', actions: ['readQueued', 'fail'] },
        ],
      },
    },
    /** The message accepted, or the commands answered. */
    finished: {
      always: [
        { guard: 'quitWhenDone', target: 'quitting' },
        { target: 'ended', actions: 'close' },
      ],
    },
    quitting: {
      entry: 'sendQuit',
      always: { guard: 'hangsUp', target: 'ended', actions: 'close' },
      on: {
        reply: [
          {
            guard: { type: 'replyIs', params: 221 },
            target: 'ended',
            actions: ['readWhileQuitting', 'close'],
          },
          { actions: 'readWhileQuitting' },
        ],
        // Gone before its 221: swaks says "Remote host closed connection unexpectedly".
        closed: { target: 'ended', actions: 'lost' },
        timeout: { target: 'ended', actions: 'close' },
      },
    },
    ended: { type: 'final' },
  },
  output: ({ context }): ClientResult => ({
    ok: context.failure === null,
    stage: context.failure?.stage ?? 'done',
    reply: context.failure?.reply ?? null,
    accepted: context.accepted,
    rejected: context.rejected,
    queueId: context.queueId,
    lostConnection: context.lostConnection,
  }),
});
