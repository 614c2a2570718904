// Greylisting as Debian's postgrey 1.37 does it behind check_policy_service (recorded in
// shared/fidelity-extended: config/postgrey.txt, case x475, tools/swaks-greylist-then-retry),
// and what Postfix makes of its answers (test/fixtures/postfix-policy/greylist-*.txt).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SimulatedClock } from 'xstate';
import { parseCase } from '../tools/fidelity/case-spec.ts';
import { compareCase, type ComparableCase } from '../tools/fidelity/compare-case.ts';
import { repoRoot, sharedDir } from '../tools/fidelity/paths.ts';
import { replayOnEngine } from '../tools/fidelity/engine-connection.ts';
import { createServerSession } from '../../src/engine/smtp/session.ts';
import { mxProfile } from '../../src/engine/smtp/profiles.ts';
import type { ServerProfile } from '../../src/engine/smtp/profile.ts';
import { replies } from '../../src/engine/smtp/reply.ts';
import { octetsToText, textToOctets } from '../../src/engine/smtp/octets.ts';
import type { ClientEndpoint, SessionEffect } from '../../src/engine/smtp/types.ts';
import {
  createPolicyMemory,
  MAX_POLICY_ENTRIES,
  type PolicyMemory,
} from '../../src/engine/smtp/policy/memory.ts';
import {
  clientSubnet,
  debianPostgrey,
  postgrey,
  postgreyDate,
  senderSubstitutions,
} from '../../src/engine/smtp/policy/postgrey.ts';

const extended = path.join(sharedDir, 'fidelity-extended');
const fixture = (name: string) =>
  readFileSync(path.join(repoRoot, 'test/fixtures/postfix-policy', `${name}.txt`), 'utf8');
/** The reply lines ("S: ...") of a recorded policy fixture's dialogue. */
const serverLines = (text: string) =>
  text.split('\n').flatMap((l) => (l.startsWith('S: ') ? [l.slice(3)] : []));

/** Port 2526 of the recorded server: the MX with check_policy_service -> postgrey. */
const greylistingMx = (delaySeconds: number): ServerProfile => ({
  ...mxProfile,
  restrictions: { ...mxProfile.restrictions, greylistDelayMs: delaySeconds * 1000 },
});

const HOUR = 3600;
const DAY = 24 * HOUR;
const START = Date.UTC(2026, 11, 2, 15, 52, 3); // the swaks recording's first attempt
const DEFERRED =
  '450 4.2.0 <bob@example.org>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/example.org.html';
const STRANGER: ClientEndpoint = { hostname: 'client.example.net', address: '203.0.113.10' };

/** One MX with postgrey's memory, on a clock the test moves. */
function greylistingServer(delaySeconds = 300) {
  const memory = createPolicyMemory();
  const profile = greylistingMx(delaySeconds);
  let now = START;
  return {
    memory,
    wait(seconds: number) {
      now += seconds * 1000;
    },
    /** One connection: the first line of every reply after the banner, and what got delivered. */
    connect(client: ClientEndpoint, ...lines: string[]) {
      const effects: SessionEffect[] = [];
      const session = createServerSession({
        profile,
        client,
        memory,
        clock: new SimulatedClock(),
        now: () => new Date(now),
        nextQueueId: () => 'ABCDEF01234',
        onEffect: (e) => effects.push(e),
      });
      session.start();
      for (const line of lines) session.receive(textToOctets(`${line}\r\n`));
      session.dispose();
      return {
        replies: effects
          .flatMap((e) => (e.type === 'reply' ? [octetsToText(e.wire).split('\r\n')[0]!] : []))
          .slice(1),
        delivered: effects.flatMap((e) => (e.type === 'deliver' ? [e.message.content] : [])),
        logs: effects.flatMap((e) => (e.type === 'log' ? [e.message] : [])),
      };
    },
  };
}

/** EHLO, MAIL and the RCPTs: the RCPT replies. */
function rcpts(
  server: ReturnType<typeof greylistingServer>,
  client: ClientEndpoint,
  sender: string,
  ...recipients: string[]
): string[] {
  const lines = [
    'EHLO client.example.net',
    `MAIL FROM:<${sender}>`,
    ...recipients.map((r) => `RCPT TO:<${r}>`),
  ];
  return server.connect(client, ...lines).replies.slice(2);
}

const message = (sender: string, ...recipients: string[]) => [
  'EHLO client.example.net',
  `MAIL FROM:<${sender}>`,
  ...recipients.map((r) => `RCPT TO:<${r}>`),
  'DATA',
  'Subject: retry',
  '',
  'hello',
  '.',
  'QUIT',
];

describe('postgrey 1.37 (Debian defaults) behind check_policy_service', () => {
  it('x475: postmaster@ and abuse@ pass, an unknown user is greylisted before the user check, relay is denied first', () => {
    const id = 'x475-greylist-first-attempt';
    const spec = parseCase(id, readFileSync(path.join(extended, 'specs', `${id}.case`), 'utf8'));
    const reference = JSON.parse(
      readFileSync(path.join(extended, 'cases', `${id}.json`), 'utf8'),
    ) as ComparableCase;
    const result = compareCase(reference, replayOnEngine(spec, greylistingMx(10)));
    expect(result.differences).toEqual([]);
    expect(result.exact).toBe(true);
  });

  it('swaks, then the same swaks after the delay: 450 4.2.0, then accepted (tools/swaks-greylist-then-retry)', () => {
    const recorded = readFileSync(
      path.join(extended, 'tools', 'swaks-greylist-then-retry.txt'),
      'utf8',
    );
    const rcptReplies = recorded
      .split('\n')
      .filter((_, i, all) => all[i - 1]?.startsWith(' -> RCPT TO:'))
      .map((l) => l.replace(/^<(\*\*|-) +/, ''));
    const server = greylistingServer(10);
    const sender = 'grey-swaks@example.net';
    const first = rcpts(server, STRANGER, sender, 'bob@example.org');
    server.wait(12);
    const retry = rcpts(server, STRANGER, sender, 'bob@example.org');
    expect([...first, ...retry]).toEqual(rcptReplies);
    expect(first).toEqual([DEFERRED]);
  });

  it('DEFER_IF_PERMIT: 450, the DSN the text starts with, else 4.7.1 (fixture greylist-policy-defer-if-permit)', () => {
    const recorded = serverLines(fixture('greylist-policy-defer-if-permit'));
    const reply = replies.policyDeferIfPermit(
      'bob@example.org',
      'Greylisted, please try again later',
    );
    expect(`${reply.code} ${reply.lines[0]}`).toBe(recorded.find((l) => l.startsWith('450 ')));
    const postgreys = replies.policyDeferIfPermit(
      'bob@example.org',
      '4.2.0 Greylisted, see http://postgrey.schweikert.ch/help/example.org.html',
    );
    expect(`${postgreys.code} ${postgreys.lines[0]}`).toBe(DEFERRED);
  });

  it("the rejection is logged with postgrey's text", () => {
    const server = greylistingServer();
    const { logs } = server.connect(
      STRANGER,
      'EHLO client.example.net',
      'MAIL FROM:<a@example.net>',
      'RCPT TO:<bob@example.org>',
    );
    expect(logs).toContain(
      `NOQUEUE: reject: RCPT from client.example.net[203.0.113.10]: ${DEFERRED}; from=<a@example.net> to=<bob@example.org> proto=ESMTP helo=<client.example.net>`,
    );
  });

  it("the help URL names the recipient's domain (%r)", () => {
    const server = greylistingServer();
    expect(rcpts(server, STRANGER, 'a@example.net', 'bob@mx.example.org')).toEqual([
      '450 4.2.0 <bob@mx.example.org>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/mx.example.org.html',
    ]);
  });

  describe('whitelist_recipients: postmaster@ and abuse@', () => {
    it.each([
      'postmaster@example.org',
      'Postmaster@Example.ORG',
      'postmaster+x@example.org',
      'abuse@mx.example.org',
    ])('%s is never greylisted', (recipient) => {
      const memory = createPolicyMemory();
      const answer = postgrey(
        memory,
        debianPostgrey(300, 'mx.example.org'),
        {
          clientAddress: '203.0.113.10',
          sender: 'a@example.net',
          recipient,
          instanceHasHeader: false,
        },
        START,
      );
      expect(answer).toEqual({ action: 'DUNNO' });
      expect(memory.greylist.size).toBe(0);
    });

    it('other local parts, and a postmaster without a domain, are greylisted', () => {
      const settings = debianPostgrey(300, 'mx.example.org');
      for (const recipient of ['bob@example.org', 'postmasterx@example.org', 'postmaster']) {
        const answer = postgrey(
          createPolicyMemory(),
          settings,
          {
            clientAddress: '203.0.113.10',
            sender: 'a@example.net',
            recipient,
            instanceHasHeader: false,
          },
          START,
        );
        expect(answer.action).toBe('DEFER_IF_PERMIT');
      }
    });

    it('a session to postmaster passes at once', () => {
      const server = greylistingServer();
      expect(rcpts(server, STRANGER, 'a@example.net', 'postmaster@example.org')).toEqual([
        '250 2.1.5 Ok',
      ]);
    });
  });

  describe('the triplet: client /24 (--lookup-by-subnet), sender, recipient', () => {
    it('a retry from another address of the same /24 is the same triplet', () => {
      const server = greylistingServer();
      expect(rcpts(server, STRANGER, 'a@example.net', 'bob@example.org')).toEqual([DEFERRED]);
      server.wait(300);
      const neighbour = { hostname: 'mx2.example.net', address: '203.0.113.200' };
      expect(rcpts(server, neighbour, 'a@example.net', 'bob@example.org')).toEqual([
        '250 2.1.5 Ok',
      ]);
    });

    it('another /24, another sender or another recipient is a new triplet', () => {
      const server = greylistingServer();
      rcpts(server, STRANGER, 'a@example.net', 'bob@example.org');
      server.wait(300);
      const elsewhere = { hostname: 'other.example.net', address: '203.0.114.10' };
      expect(rcpts(server, elsewhere, 'a@example.net', 'bob@example.org')).toEqual([DEFERRED]);
      expect(rcpts(server, STRANGER, 'b@example.net', 'bob@example.org')).toEqual([DEFERRED]);
      expect(rcpts(server, STRANGER, 'a@example.net', 'root@example.org')[0]).toMatch(
        /^450 4\.2\.0 /,
      );
      expect(rcpts(server, STRANGER, 'A@Example.NET', 'BOB@example.org')[0]).toBe('250 2.1.5 Ok');
    });

    it('the subnet of IPv4 (/24) and IPv6 (/64) addresses', () => {
      const settings = debianPostgrey(300, 'mx.example.org');
      expect(clientSubnet('203.0.113.10', settings)).toBe('203.0.113.0');
      expect(clientSubnet('2001:db8:1:2:3:4:5:6', settings)).toBe(
        clientSubnet('2001:db8:1:2::9', settings),
      );
      expect(clientSubnet('2001:db8:1:2::9', settings)).not.toBe(
        clientSubnet('2001:db8:1:3::9', settings),
      );
    });

    it('VERP and BATV senders make one triplet: +extension dropped, numbers become #', () => {
      expect(senderSubstitutions('list+bounces-123@example.net')).toBe('list@example.net');
      expect(senderSubstitutions('bounce-4711-99@example.net')).toBe('bounce-#-#@example.net');
      expect(senderSubstitutions('prvs=0123abcdef=alice@example.net')).toBe('alice@example.net');
      expect(senderSubstitutions('')).toBe('');
      const server = greylistingServer();
      rcpts(server, STRANGER, 'news-1001@example.net', 'bob@example.org');
      server.wait(300);
      expect(rcpts(server, STRANGER, 'news-1002@example.net', 'bob@example.org')).toEqual([
        '250 2.1.5 Ok',
      ]);
    });
  });

  describe('--delay and --retry-window=2 (days)', () => {
    it('an early retry is still greylisted; from the delay on it passes', () => {
      const server = greylistingServer();
      rcpts(server, STRANGER, 'a@example.net', 'bob@example.org');
      server.wait(299);
      expect(rcpts(server, STRANGER, 'a@example.net', 'bob@example.org')).toEqual([DEFERRED]);
      server.wait(1);
      expect(rcpts(server, STRANGER, 'a@example.net', 'bob@example.org')).toEqual(['250 2.1.5 Ok']);
    });

    it('a first retry within two days passes', () => {
      const server = greylistingServer();
      rcpts(server, STRANGER, 'a@example.net', 'bob@example.org');
      server.wait(2 * DAY);
      expect(rcpts(server, STRANGER, 'a@example.net', 'bob@example.org')).toEqual(['250 2.1.5 Ok']);
    });

    it('a first retry after more than two days is a new first sighting', () => {
      const server = greylistingServer();
      rcpts(server, STRANGER, 'a@example.net', 'bob@example.org');
      server.wait(2 * DAY + 1);
      expect(rcpts(server, STRANGER, 'a@example.net', 'bob@example.org')).toEqual([DEFERRED]);
      server.wait(300);
      expect(rcpts(server, STRANGER, 'a@example.net', 'bob@example.org')).toEqual(['250 2.1.5 Ok']);
    });

    it('a triplet once let through is not greylisted again, even after days', () => {
      const server = greylistingServer();
      rcpts(server, STRANGER, 'a@example.net', 'bob@example.org');
      server.wait(300);
      rcpts(server, STRANGER, 'a@example.net', 'bob@example.org');
      server.wait(10 * DAY);
      expect(rcpts(server, STRANGER, 'a@example.net', 'bob@example.org')).toEqual(['250 2.1.5 Ok']);
    });

    it('after --max-age=35 days unseen, a triplet is new again', () => {
      const server = greylistingServer();
      rcpts(server, STRANGER, 'a@example.net', 'bob@example.org');
      server.wait(300);
      rcpts(server, STRANGER, 'a@example.net', 'bob@example.org');
      server.wait(36 * DAY);
      expect(rcpts(server, STRANGER, 'a@example.net', 'bob@example.org')).toEqual([DEFERRED]);
    });
  });

  describe('--auto-whitelist-clients=5', () => {
    /** Greylist a new triplet of the client and let it through, then wait. */
    const passOnce = (server: ReturnType<typeof greylistingServer>, n: number, gap: number) => {
      rcpts(server, STRANGER, `sender${'x'.repeat(n)}@example.net`, 'bob@example.org');
      server.wait(300);
      expect(
        rcpts(server, STRANGER, `sender${'x'.repeat(n)}@example.net`, 'bob@example.org'),
      ).toEqual(['250 2.1.5 Ok']);
      server.wait(gap);
    };

    it('after five greylisted deliveries (an hour apart) the client address is not greylisted', () => {
      const server = greylistingServer();
      for (let n = 1; n <= 4; n++) passOnce(server, n, HOUR);
      expect(rcpts(server, STRANGER, 'new4@example.net', 'bob@example.org')).toEqual([DEFERRED]);
      passOnce(server, 5, HOUR);
      expect(rcpts(server, STRANGER, 'new@example.net', 'carol@example.org')).toEqual([
        '550 5.1.1 <carol@example.org>: Recipient address rejected: User unknown in local recipient table',
      ]);
      expect(rcpts(server, STRANGER, 'another@example.net', 'bob@example.org')).toEqual([
        '250 2.1.5 Ok',
      ]);
      // postgrey counts the client's address, not its subnet.
      const neighbour = { hostname: 'mx2.example.net', address: '203.0.113.11' };
      expect(rcpts(server, neighbour, 'another@example.net', 'bob@example.org')).toEqual([
        DEFERRED,
      ]);
    });

    it('only one delivery an hour counts', () => {
      const server = greylistingServer();
      for (let n = 1; n <= 6; n++) passOnce(server, n, 60);
      expect(server.memory.autoWhitelist.get('203.0.113.10')?.count).toBe(1);
      expect(rcpts(server, STRANGER, 'new@example.net', 'bob@example.org')).toEqual([DEFERRED]);
    });
  });

  describe('X-Greylist on the accepted retry', () => {
    it('above the Received: header, with the seconds waited, the hostname and the date', () => {
      const server = greylistingServer();
      const sender = 'grey-swaks@example.net';
      expect(server.connect(STRANGER, ...message(sender, 'bob@example.org')).delivered).toEqual([]);
      server.wait(312);
      const { delivered } = server.connect(STRANGER, ...message(sender, 'bob@example.org'));
      expect(delivered).toHaveLength(1);
      const headers = delivered[0]!.split('\n');
      const at = headers.indexOf(
        'X-Greylist: delayed 312 seconds by postgrey-1.37 at mx.example.org; Wed, 02 Dec 2026 15:57:15 UTC',
      );
      expect(at).toBe(4); // after the "From " line, Return-Path, X-Original-To, Delivered-To
      expect(headers[at + 1]).toMatch(/^Received: from client\.example\.net /);
    });

    it('once per message, and not on later mail of a triplet already let through', () => {
      const server = greylistingServer();
      const sender = 'a@example.net';
      server.connect(STRANGER, ...message(sender, 'bob@example.org', 'root@example.org'));
      server.wait(300);
      const retry = server.connect(
        STRANGER,
        ...message(sender, 'bob@example.org', 'root@example.org'),
      );
      expect(retry.delivered).toHaveLength(2);
      for (const copy of retry.delivered) expect(copy.match(/^X-Greylist:/gm)).toHaveLength(1);
      server.wait(60);
      const later = server.connect(STRANGER, ...message(sender, 'bob@example.org'));
      expect(later.delivered[0]).not.toMatch(/^X-Greylist:/m);
    });

    it("postgrey's date: strftime %a, %d %b %Y %T %Z on a UTC server", () => {
      expect(postgreyDate(Date.UTC(2026, 0, 4, 5, 6, 7) / 1000)).toBe(
        'Sun, 04 Jan 2026 05:06:07 UTC',
      );
    });
  });

  describe('memory stays bounded', () => {
    const ask = (memory: PolicyMemory, i: number, at: number) =>
      postgrey(
        memory,
        debianPostgrey(300, 'mx.example.org'),
        {
          clientAddress: '203.0.113.10',
          sender: `s${'x'.repeat(i % 7)}@example.net`,
          recipient: `u${i}@example.org`,
          instanceHasHeader: false,
        },
        at,
      );

    it(`no more than ${MAX_POLICY_ENTRIES} triplets are kept`, () => {
      const memory = createPolicyMemory();
      for (let i = 0; i < MAX_POLICY_ENTRIES + 500; i++) ask(memory, i, START);
      expect(memory.greylist.size).toBe(MAX_POLICY_ENTRIES);
    });

    it('triplets never let through are forgotten after the retry window', () => {
      const memory = createPolicyMemory();
      for (let i = 0; i < 100; i++) ask(memory, i, START);
      ask(memory, 1000, START + (2 * DAY + 1) * 1000);
      expect(memory.greylist.size).toBe(1);
    });
  });
});
