// A scenario's senderLoginMismatch: Postfix's smtpd_sender_login_maps with
// smtpd_sender_restrictions = reject_sender_login_mismatch on the submission ports, as
// recorded from a real Postfix 3.7 (test/fixtures/postfix-policy/sender-login-*.txt).
import { describe, expect, it } from 'vitest';
import { submissionProfile } from '../../src/engine/smtp/profiles.ts';
import { referenceWorld } from '../../src/engine/world/reference-world.ts';
import {
  parseScenario,
  scenarioData,
  ScenarioError,
  type Scenario,
} from '../../src/engine/world/scenario.ts';
import { replayOnEngine } from '../tools/fidelity/engine-connection.ts';
import {
  dialogueCase,
  extraServicesWorld,
  section,
  senderLoginService,
  shellOf,
} from '../tools/policy-fixture.ts';

const scenario = (policy: Record<string, unknown>, file = 'own-address.json'): Scenario =>
  parseScenario(
    {
      id: file.replace(/\.json$/, ''),
      title: 'Only your own address',
      summary: 'The provider lets each user send as itself only.',
      servers: { 'smtp.example.net': policy },
    },
    file,
  );

const services = (s: Scenario, host = 'smtp.example.net') =>
  referenceWorld(s).hosts.find((h) => h.name === host)!.services;

describe('the recorded Postfix, replayed against the engine', () => {
  it.each(['sender-login-mismatch', 'sender-login-owned', 'sender-login-not-logged-in'])(
    '%s',
    (name) => {
      const { spec, replies } = dialogueCase(name, 2536);
      const replayed = replayOnEngine(spec, senderLoginService);
      const lines = (replayed.steps ?? []).map((step) =>
        (step.replies ?? []).flatMap((r) => r.lines),
      );
      expect(lines).toEqual(replies);
    },
  );

  it('the sender restriction comes before the recipient restriction, at RCPT', () => {
    const { replies } = dialogueCase('sender-login-not-logged-in', 2536);
    // MAIL FROM is accepted (smtpd_delay_reject = yes); a sender the map lists gets the 553
    // where any other gets the submission port's 554.
    expect(replies.flat()).toContain('250 2.1.0 Ok');
    expect(replies.flat()).toContain(
      '553 5.7.1 <alice@example.net>: Sender address rejected: not logged in',
    );
    expect(replies.flat()).toContain(
      '554 5.7.1 <bob@example.org>: Recipient address rejected: Access denied',
    );
  });
});

describe('swaks meets it as it met the real one', () => {
  it.each([
    [
      1,
      'swaks --server 127.0.0.1:2536 --tls --to carol@example.com --from carol@example.com --helo client.example.net --auth-user alice@example.net --auth-password s3cret',
    ],
    [
      2,
      'swaks --server 127.0.0.1:2536 --tls --to bob@example.org --from alice@example.net --helo client.example.net',
    ],
  ])('session %i', (session, command) => {
    const { shell, lines, exits } = shellOf(extraServicesWorld);
    shell.run(command);
    expect(lines()).toEqual(section('sender-login-swaks', `swaks output, session ${session}`));
    expect(exits()).toEqual([24]);
    // The log line, but for the client's name (the lab's laptop has no reverse DNS).
    shell.run('logs mx.example.org');
    const reject = section('sender-login-swaks', `log, session ${session}`).find((l) =>
      l.includes('NOQUEUE'),
    )!;
    const logged = lines().find((l) => l.includes('NOQUEUE'))!;
    expect(logged.replace(/^.*?\]: /, '').replace('unknown[', 'localhost[')).toBe(
      reject.replace(/^.*?\]: /, ''),
    );
  });
});

describe('the scenario knob', () => {
  it('turns on the map and the restriction where AUTH runs, and only there', () => {
    const on = services(scenario({ senderLoginMismatch: true }));
    expect(on[587]!.restrictions.senderLoginMaps).toEqual({
      'alice@example.net': ['alice@example.net'],
    });
    expect(on[465]!.restrictions.senderLoginMaps).toEqual(on[587]!.restrictions.senderLoginMaps);
    expect(on[25]!.restrictions.senderLoginMaps).toBeNull();
    const off = services(scenario({ senderLoginMismatch: false }));
    expect(off[587]!.restrictions.senderLoginMaps).toBeNull();
    expect(submissionProfile.restrictions.senderLoginMaps).toBeNull();
  });

  it("a scenario's own accounts own their own addresses too", () => {
    const s = scenario({ senderLoginMismatch: true, accounts: { 'dave@example.net': 'hunter2' } });
    expect(services(s)[587]!.restrictions.senderLoginMaps).toEqual({
      'alice@example.net': ['alice@example.net'],
      'dave@example.net': ['dave@example.net'],
    });
    const { shell, lines, exits } = shellOf(referenceWorld(s));
    const submit = (from: string, login: string, password: string) =>
      shell.run(
        `swaks --server smtp.example.net:587 --tls --to carol@example.com --from ${from} --auth-user ${login} --auth-password ${password}`,
      );
    submit('alice@example.net', 'dave@example.net', 'hunter2');
    submit('DAVE@example.net', 'dave@example.net', 'hunter2');
    expect(lines()).toContain(
      '<~* 553 5.7.1 <alice@example.net>: Sender address rejected: not owned by user dave@example.net',
    );
    expect(exits()).toEqual([24, 0]);
  });

  it('a bare local part is looked up at $myorigin: alice at smtp.example.net is alice@example.net', () => {
    const { shell, lines, exits } = shellOf(
      referenceWorld(scenario({ senderLoginMismatch: true })),
    );
    shell.run(
      'swaks --server smtp.example.net:587 --tls --to carol@example.com --from alice --auth-user alice@example.net --auth-password s3cret',
    );
    expect(lines()).toContain(' ~> MAIL FROM:<alice>');
    expect(exits()).toEqual([0]);
  });

  it('without it, a logged-in user may send as anyone (the reference submission service)', () => {
    const { shell, exits } = shellOf(referenceWorld(scenario({})));
    shell.run(
      'swaks --server smtp.example.net:587 --tls --to carol@example.com --from carol@example.com --auth-user alice@example.net --auth-password s3cret',
    );
    expect(exits()).toEqual([0]);
  });

  it('is written back as it was read', () => {
    const s = scenario({ senderLoginMismatch: true });
    expect(parseScenario(scenarioData(s), 'own-address.json')).toEqual(s);
  });

  it('is refused, with the file and the field, when it is not true or false', () => {
    expect(() => scenario({ senderLoginMismatch: 'yes' })).toThrow(
      new ScenarioError(
        'own-address.json',
        'servers.smtp.example.net.senderLoginMismatch',
        'must be true or false',
      ),
    );
  });
});
