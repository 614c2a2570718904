// The table-driven chart runner and XState itself must run the server chart alike: for any
// sequence of inputs, the same states, the same context and the same emitted events.
import { createPolicyMemory } from '../../src/engine/smtp/policy/memory.ts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { ChartRunner } from '../../src/engine/smtp/chart-runner.ts';
import { judgeLine } from '../../src/engine/smtp/main-loop.ts';
import { referenceProfiles } from '../../src/engine/smtp/profiles.ts';
import {
  serverMachine,
  type ServerEmitted,
  type ServerEvent,
} from '../../src/engine/smtp/server.machine.ts';

const profiles = Object.values(referenceProfiles);
const LINES = [
  'EHLO client.example.net',
  'HELO localhost',
  'MAIL FROM:<alice@example.net>',
  'MAIL FROM:<a',
  'RCPT TO:<bob@example.org>',
  'RCPT TO:<carol@example.com>',
  'RCPT TO:<nosuchuser@example.org>',
  'DATA',
  'RSET',
  'NOOP',
  'VRFY bob',
  'ETRN example.org',
  'STARTTLS',
  'AUTH PLAIN AGFsaWNlQGV4YW1wbGUubmV0AHMzY3JldA==',
  'AUTH PLAIN AGFsaWNlQGV4YW1wbGUubmV0AHdyb25n',
  'AUTH LOGIN',
  'BDAT x',
  'BOGUS',
  '',
  'GET / HTTP/1.1',
  'QUIT',
];

/** An input as the session would turn it into an event; `when` is the dialogue state in
 * which the session can send it (command lines: any state that reads commands). */
type Input =
  { kind: 'line'; line: string } | { kind: 'event'; when: string; event: () => ServerEvent };
const COMMAND_STATES = new Set(['awaitingHello', 'ready', 'mailTransaction', 'recipients']);
const other: Input[] = [
  { kind: 'event', when: 'greeting', event: () => ({ type: 'session.start' }) },
  {
    kind: 'event',
    when: 'tlsHandshake',
    event: () => ({
      type: 'tls.ready',
      info: { protocol: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384', bits: 256 },
    }),
  },
  { kind: 'event', when: 'tlsHandshake', event: () => ({ type: 'tls.failed' }) },
  {
    kind: 'event',
    when: 'authExchange',
    event: () => ({ type: 'auth.response', line: 'YWxpY2VAZXhhbXBsZS5uZXQ=' }),
  },
  {
    kind: 'event',
    when: 'authExchange',
    event: () => ({ type: 'auth.response', line: 'czNjcmV0' }),
  },
  { kind: 'event', when: 'authExchange', event: () => ({ type: 'auth.response', line: '*' }) },
  {
    kind: 'event',
    when: 'receivingData',
    event: () => ({
      type: 'data.end',
      content: 'Subject: x\n\nhi\n',
      size: 20,
      bareLf: false,
      last: true,
      queueId: 'ABCDEF01234',
      receivedAt: new Date(0),
    }),
  },
  { kind: 'event', when: '*', event: () => ({ type: 'timer.idle' }) },
  { kind: 'event', when: '*', event: () => ({ type: 'client.closed' }) },
];
/** Enough errors in a row to reach smtpd_hard_error_limit. */
const burst = fc.constant(
  Array.from({ length: 21 }, (): Input => ({ kind: 'line', line: 'BOGUS' })),
);
const applies = (item: Input, dialogue: string) =>
  dialogue !== 'closed' &&
  (item.kind === 'line'
    ? COMMAND_STATES.has(dialogue)
    : item.when === '*' || item.when === dialogue);
const input = fc.oneof(
  fc.constantFrom(...LINES).map((line): Input => ({ kind: 'line', line })),
  fc.constantFrom(...other),
);

describe('chart runner', () => {
  it('runs the chart exactly as an XState actor does', () => {
    fc.assert(
      fc.property(
        fc.nat(profiles.length - 1),
        fc
          .array(
            fc.oneof(
              input.map((i) => [i]),
              burst,
            ),
            { maxLength: 30 },
          )
          .map((groups) => [other[0]!, ...groups.flat()]),
        (p, inputs) => {
          const machineInput = {
            profile: profiles[p]!,
            client: { hostname: 'localhost', address: '127.0.0.1' },
            serverAddresses: ['127.0.0.1', '::1'],
            policy: { memory: createPolicyMemory(), now: () => 0 },
          };
          const fromActor: ServerEmitted[] = [];
          const fromRunner: ServerEmitted[] = [];
          const actor = createActor(serverMachine, { input: machineInput });
          actor.on('*', (e) => fromActor.push(e as ServerEmitted));
          actor.start();
          const runner = new ChartRunner(machineInput, (e) => fromRunner.push(e));
          for (const item of inputs) {
            const { context, value } = runner.snapshot;
            if (!applies(item, value.dialogue!)) continue;
            const facts = {
              secure: context.tls !== null,
              esmtp: context.helo?.esmtp === true,
              pendingInput: false,
            };
            const verdict =
              item.kind === 'line'
                ? judgeLine(machineInput.profile, facts, {
                    text: item.line,
                    bareLf: false,
                    truncated: false,
                  })
                : null;
            if (verdict?.kind === 'chunk') continue;
            // Each runtime gets its own event object: commands cache their outcome on it.
            const event = () =>
              verdict
                ? structuredClone(verdict.event)
                : (item as { event: () => ServerEvent }).event();
            actor.send(event());
            runner.send(event());
            expect(runner.snapshot.value).toEqual(actor.getSnapshot().value);
            expect(runner.snapshot.context).toEqual(actor.getSnapshot().context);
            expect(fromRunner).toEqual(fromActor);
          }
          actor.stop();
        },
      ),
      { numRuns: 500 },
    );
    // 500 property runs take about a second alone; leave room for a loaded CI machine.
  }, 60_000);
});
