// Model-based tests: xstate/graph walks the server statechart and finds the shortest path
// to every reachable state; each path is then typed into a real session (framing, main-loop
// checks and all) and the session must end up where the model says.
import { createPolicyMemory } from '../../src/engine/smtp/policy/memory.ts';
import { describe, expect, it } from 'vitest';
import { createTestModel } from 'xstate/graph';
import { SimulatedClock } from 'xstate';
import { serverMachine, type ServerEvent } from '../../src/engine/smtp/server.machine.ts';
import { judgeLine } from '../../src/engine/smtp/main-loop.ts';
import { createServerSession } from '../../src/engine/smtp/session.ts';
import {
  mxHardenedProfile,
  mxProfile,
  submissionProfile,
  submissionsProfile,
} from '../../src/engine/smtp/profiles.ts';
import type { ServerProfile } from '../../src/engine/smtp/profile.ts';

type Snapshot = ReturnType<typeof serverMachine.getInitialSnapshot>;

/** What a learner can do, as the machine event it becomes and the octets that produce it. */
interface Input {
  readonly event: () => ServerEvent;
  readonly octets: string | null; // null: not typed (connect, TLS handshake)
}

/** A typed line becomes whatever smtpd's main loop makes of it in this state (a verb event,
 * or a refusal such as 530 before STARTTLS on the submission port). */
const command = (line: string, profile: ServerProfile, snapshot: Snapshot): Input => ({
  event: () => {
    const facts = {
      secure: snapshot.context.tls !== null,
      esmtp: snapshot.context.helo?.esmtp === true,
      pendingInput: false,
    };
    const verdict = judgeLine(profile, facts, { text: line, bareLf: false, truncated: false });
    if (verdict.kind !== 'event') throw new Error(`model inputs have no BDAT: ${line}`);
    return verdict.event;
  },
  octets: `${line}\r\n`,
});

const COMMANDS = [
  'EHLO client.example.net',
  'HELO client.example.net',
  'MAIL FROM:<alice@example.net>',
  'RCPT TO:<bob@example.org>',
  'RCPT TO:<carol@example.com>',
  'DATA',
  'RSET',
  'NOOP',
  'STARTTLS',
  'AUTH PLAIN AGFsaWNlQGV4YW1wbGUubmV0AHMzY3JldA==',
  'AUTH LOGIN',
  'QUIT',
];

const BODY = 'Subject: model\r\n\r\nhello\r\n.\r\n';
const inputsByEvent = new Map<ServerEvent, Input>();
function sample(input: Input): ServerEvent {
  const event = input.event();
  inputsByEvent.set(event, input);
  return event;
}

/** Fresh event objects on every expansion: a command event caches its outcome. */
function eventsFor(profile: ServerProfile, snapshot: Snapshot): ServerEvent[] {
  switch (regions(snapshot).dialogue) {
    case 'greeting':
      return [sample({ event: () => ({ type: 'session.start' }), octets: null })];
    case 'tlsHandshake':
      return [
        sample({
          event: () => ({
            type: 'tls.ready',
            info: { protocol: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384', bits: 256 },
          }),
          octets: null,
        }),
      ];
    case 'receivingData':
      return [
        sample({
          event: () => ({
            type: 'data.end',
            content: 'Subject: model\n\nhello\n',
            size: BODY.length,
            bareLf: false,
            last: true,
            queueId: 'ABCDEF01234',
            receivedAt: new Date(0),
          }),
          octets: BODY,
        }),
      ];
    case 'authExchange':
      return [
        sample({
          event: () => ({ type: 'auth.response', line: 'YWxpY2VAZXhhbXBsZS5uZXQ=' }),
          octets: 'YWxpY2VAZXhhbXBsZS5uZXQ=\r\n',
        }),
        sample({
          event: () => ({ type: 'auth.response', line: 'czNjcmV0' }),
          octets: 'czNjcmV0\r\n',
        }),
      ];
    case 'closed':
      return [];
    default:
      return [
        ...COMMANDS.map((line) => sample(command(line, profile, snapshot))),
        sample({ event: () => ({ type: 'timer.idle' }), octets: null }),
        sample({ event: () => ({ type: 'client.closed' }), octets: null }),
      ];
  }
}

const regions = (s: Snapshot) =>
  s.value as { dialogue: string; security: string; authentication: string };

/** The model's state: where each region is, plus the facts that change what a command means. */
function stateKey(s: Snapshot): string {
  const c = s.context;
  return JSON.stringify([
    s.value,
    c.helo?.esmtp ?? null,
    c.transaction ? c.transaction.recipients.length > 0 : null,
    c.authExchange?.awaiting ?? null,
  ]);
}

describe.each([
  ['mx', mxProfile],
  ['mx-hardened', mxHardenedProfile],
  ['submission', submissionProfile],
  ['submissions', submissionsProfile],
] as [string, ServerProfile][])('model-based: %s', (_id, profile) => {
  const model = createTestModel(serverMachine, {
    input: {
      profile,
      client: { hostname: 'localhost', address: '127.0.0.1' },
      serverAddresses: ['127.0.0.1', '::1'],
      policy: { memory: createPolicyMemory(), now: () => 0 },
    },
    events: (snapshot: Snapshot) => eventsFor(profile, snapshot),
    serializeState: (snapshot: Snapshot) => stateKey(snapshot) as never,
    // xstate/graph adds a bare { type } for every other event a state handles: drop those.
    filterEvents: (_snapshot: Snapshot, event: ServerEvent) => inputsByEvent.has(event),
  });
  const paths = model.getShortestPaths({ allowDuplicatePaths: true });

  it('reaches every protocol state the profile allows', () => {
    const reached = new Set(paths.map((p) => regions(p.state as Snapshot).dialogue));
    for (const state of [
      'awaitingHello',
      'ready',
      'mailTransaction',
      'recipients',
      'receivingData',
      'closed',
    ]) {
      expect(reached).toContain(state);
    }
    if (profile.tls.offered && !profile.tls.implicit) expect(reached).toContain('tlsHandshake');
    if (profile.auth.enabled) {
      expect(reached).toContain('authExchange');
      expect(new Set(paths.map((p) => regions(p.state as Snapshot).authentication))).toContain(
        'authenticated',
      );
    }
  });

  const describePath = (path: (typeof paths)[number]) => {
    const lines = path.steps.flatMap((step) => {
      const input = inputsByEvent.get(step.event as ServerEvent);
      return input ? [input.octets?.split('\r\n')[0] ?? step.event.type] : [];
    });
    return `${JSON.stringify(regions(path.state as Snapshot))} via ${lines.join(' | ')}`;
  };
  it.each(paths.map((p) => [describePath(p), p] as const))('%s', (_description, path) => {
    const clock = new SimulatedClock();
    const session = createServerSession({ profile, clock, onEffect: () => {} });
    for (const step of path.steps) {
      const input = inputsByEvent.get(step.event as ServerEvent);
      if (!input) continue; // the initial step has no event of ours
      if (step.event.type === 'session.start') session.start();
      else if (step.event.type === 'tls.ready') session.tlsEstablished();
      else if (step.event.type === 'timer.idle') clock.increment(profile.limits.idleTimeoutMs);
      else if (step.event.type === 'client.closed') session.clientClosed();
      else session.receive(input.octets!);
    }
    const want = regions(path.state as Snapshot);
    expect(session.phase).toBe(want.dialogue);
    expect(session.secure).toBe(want.security === 'encrypted');
    expect(session.authenticatedAs !== null).toBe(want.authentication === 'authenticated');
    session.dispose();
  });
});
