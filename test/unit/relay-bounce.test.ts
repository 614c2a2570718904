// smtp(8) relaying onward from the provider: what it says to the next MX, what it logs, and
// the bounce it writes when the MX refuses a recipient, compared with what real Postfix did
// (test/fixtures/postfix-policy/outbound-*.txt).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../tools/fidelity/paths.ts';
import { shellIn } from '../tools/shell-in.ts';

const fixture = (name: string) =>
  readFileSync(path.join(repoRoot, 'test/fixtures/postfix-policy', `${name}.txt`), 'utf8');

/** The lines of one "== title ==" section of a fixture. */
function section(text: string, title: string): string[] {
  const start = text.indexOf(`== ${title}`);
  const body = text.slice(text.indexOf('\n', start) + 1);
  const end = body.search(/^== /m);
  return (end === -1 ? body : body.slice(0, end)).replace(/\n+$/, '').split('\n');
}

const SUBMIT_TO = (to: string) =>
  `swaks --to ${to} --from alice@example.net --server smtp.example.net --port 587 --tls --auth-user alice@example.net --auth-password s3cret`;

function relayed(to: string) {
  const { shell } = shellIn('home-isp-blocks-25');
  shell.run(SUBMIT_TO(to));
  const events = shell.sim.recorded.map((t) => t.event);
  const relayConn = events.find((e) => e.type === 'tcp.open' && e.client === 'smtp.example.net');
  const conn = relayConn?.type === 'tcp.open' ? relayConn.conn : -1;
  const dialogue = events.flatMap((e) =>
    e.type === 'smtp.cmd' && e.conn === conn
      ? [`C: ${e.line}`]
      : e.type === 'smtp.reply' && e.conn === conn
        ? e.lines.map((l) => `S: ${l}`)
        : [],
  );
  const bounce = events.find(
    (e) => e.type === 'mail.delivered' && e.mailbox === 'alice@example.net',
  );
  return { events, dialogue, bounce: bounce?.type === 'mail.delivered' ? bounce.content : null };
}

describe('smtp(8) relaying onward', () => {
  it('speaks to the next MX as Postfix does: EHLO, STARTTLS, SIZE, ORCPT, then DATA, RSET and QUIT after a refused recipient', () => {
    const { dialogue } = relayed('nosuch@example.org');
    const commands = dialogue.filter((l) => l.startsWith('C: ')).map((l) => l.replace(/\d+$/, 'N'));
    expect(commands).toEqual([
      'C: EHLO smtp.example.net',
      'C: STARTTLS',
      'C: EHLO smtp.example.net',
      'C: MAIL FROM:<alice@example.net> SIZE=N',
      'C: RCPT TO:<nosuch@example.org> ORCPT=rfc822;nosuch@example.org',
      'C: DATA',
      'C: RSET',
      'C: QUIT',
    ]);
    // The same order real Postfix used against a refusing MX (outbound-bounced-554), STARTTLS
    // aside: that MX did not offer it.
    const recorded = section(fixture('outbound-bounced-554'), 'smtp(8) client').filter((l) =>
      l.startsWith('C: '),
    );
    expect(recorded.map((l) => l.split(/[: <]/)[2])).toEqual(
      commands
        .filter((c) => c !== 'C: STARTTLS')
        .slice(1)
        .map((l) => l.split(/[: <]/)[2]),
    );
  });

  it('bounces a refused recipient with the notification Postfix writes', () => {
    const { bounce } = relayed('nosuch@example.org');
    const recorded = section(fixture('outbound-bounced-554'), 'appended to');
    const skeleton = (lines: readonly string[]) =>
      lines
        .map((l) =>
          l
            .replace(/\d{14}/g, 'STAMP')
            .replace(/[0-9A-F]{10,12}|QUEUEID2?/g, 'QID')
            .replace(/\b\d{10}\b/g, 'EPOCH')
            .replace(/(Mon|Tue|Wed|Thu|Fri|Sat|Sun),? .*\d\d:\d\d:\d\d.*$/, 'DATE')
            .replace(/mx\.example\.org|smtp\.example\.net/g, 'HOST')
            .replace(/example\.(org|net)/g, 'DOMAIN')
            .replace(/bob|alice/g, 'SENDER'),
        )
        // The notification and report, up to the returned message (whose text differs).
        .slice(
          0,
          lines.findIndex(
            (l) => l.startsWith('The mail system') || l.includes('  The mail system'),
          ) + 1,
        );
    expect(skeleton(bounce!.split('\n'))).toEqual(skeleton(recorded));
    expect(bounce).toContain(
      'Final-Recipient: rfc822; nosuch@example.org\nOriginal-Recipient: rfc822;nosuch@example.org\nAction: failed\nStatus: 5.1.1\nRemote-MTA: dns; mx.example.org\n',
    );
    expect(bounce).toContain(
      '<nosuch@example.org>: host mx.example.org[198.51.100.25] said: 550 5.1.1\n    <nosuch@example.org>: Recipient address rejected:',
    );
  });

  it('logs status=sent with the next hop and its queue id', () => {
    const { events } = relayed('carol@example.com');
    const sent = events.find(
      (e) =>
        e.type === 'server.log' &&
        e.program === 'postfix/smtp' &&
        e.message.includes('status=sent'),
    );
    expect(sent?.type === 'server.log' && sent.message).toMatch(
      /^[0-9A-F]+: to=<carol@example\.com>, relay=mx\.example\.com\[198\.51\.100\.40\]:25, delay=[\d.]+, delays=[\d./]+, dsn=2\.0\.0, status=sent \(250 2\.0\.0 Ok: queued as [0-9A-F]+\)$/,
    );
  });
});

// A message the relay cannot hand on: each queue run from the deferred queue, the expiry after
// maximal_queue_lifetime and the notification, compared with what real Postfix logged
// (outbound-expired: the same steps with short queue times).
const SUBMIT_FROM = (from: string, to: string) =>
  `swaks --to ${to} --from ${from} --server smtp.example.net --port 587 --tls --auth-user alice@example.net --auth-password s3cret`;

function expiring(from: string, to: string, sleep: string) {
  const { shell } = shellIn('mx-down');
  shell.run(SUBMIT_FROM(from, to));
  shell.run(`sleep ${sleep}`);
  const logged = shell.sim.recorded.flatMap(({ at, event }) =>
    event.type === 'server.log' && event.host === 'smtp.example.net'
      ? [{ at, program: event.program, pid: event.pid, message: event.message }]
      : [],
  );
  const queueId = /^([0-9A-F]+): client=/.exec(
    logged.find((l) => l.message.includes(': client='))!.message,
  )![1]!;
  const mailbox = shell.sim.recorded.flatMap(({ event }) =>
    event.type === 'mail.delivered' && event.mailbox === from ? [event.content] : [],
  );
  return { logged, queueId, mailbox };
}

/** A log line without what varies: queue ids, sizes, delays, the MX and the addresses. */
const shape = (line: string) =>
  line
    .replace(/^postfix\/(submission\/)?/, '')
    .replace(/\[(PID|\d+)\]:/, ':')
    .replace(/\b(QUEUEID\d?|[0-9A-F]{10,12})\b/g, 'QID')
    .replace(/message-id=<[^>]*>/, 'message-id=<ID>')
    .replace(/size=\d+/, 'size=N')
    .replace(/delay=[\d.]+, delays=[\d./]+/, 'delay=N, delays=N')
    .replace(/mx\.example\.org\[198\.51\.100\.25\]:25|127\.0\.0\.1\[127\.0\.0\.1\]:2526/g, 'MX')
    .replace(/from=<[^>]+>/, 'from=<SENDER>')
    .replace(/to=<[^>]+>/, 'to=<RCPT>');

/** The queue manager's and delivery agents' lines, each run of identical queue runs (the same
 * three lines again) said once. */
function runs(lines: readonly string[]): string[] {
  const kept = lines.map(shape).filter((l) => !l.startsWith('smtpd:'));
  const out: string[] = [];
  for (const line of kept) {
    out.push(line);
    const n = out.length;
    if (n >= 6 && out.slice(n - 3).join('\n') === out.slice(n - 6, n - 3).join('\n')) {
      out.splice(n - 3, 3);
    }
  }
  return out;
}

describe('qmgr(8) retrying a deferred message and giving up on it', () => {
  const DAY = 86_400_000;

  it('logs each queue run, the expiry, the notification and "removed" as real Postfix does', () => {
    const { logged, queueId } = expiring('alice@example.net', 'bob@example.org', '6d');
    const ours = logged.map((l) => `${l.program}[${l.pid}]: ${l.message}`);
    expect(runs(ours)).toEqual(runs(section(fixture('outbound-expired'), 'log')));
    expect(runs(ours)).toEqual([
      'cleanup: QID: message-id=<ID>',
      'qmgr: QID: from=<SENDER>, size=N, nrcpt=1 (queue active)',
      'smtp: connect to MX: Connection refused',
      'smtp: QID: to=<RCPT>, relay=none, delay=N, delays=N, dsn=4.4.1, status=deferred (connect to MX: Connection refused)',
      'qmgr: QID: from=<SENDER>, status=expired, returned to sender',
      'cleanup: QID: message-id=<ID>',
      'bounce: QID: sender non-delivery notification: QID',
      'qmgr: QID: from=<>, size=N, nrcpt=1 (queue active)',
      'qmgr: QID: removed',
      'local: QID: to=<RCPT>, relay=local, delay=N, delays=N, dsn=2.0.0, status=sent (delivered to mailbox)',
      'qmgr: QID: removed',
    ]);
    // Every attempt, the first and each retry, is one "(queue active)" of the same queue file.
    const mine = logged.filter((l) => l.message.startsWith(`${queueId}: `));
    const active = mine.filter((l) => l.message.endsWith('(queue active)'));
    const deferred = mine.filter((l) => l.message.includes('status=deferred'));
    expect(deferred.length).toBeGreaterThan(2);
    expect(active.length).toBe(deferred.length);
    expect(new Set(active.map((l) => l.message)).size).toBe(1);
    expect(new Set(active.map((l) => l.pid)).size).toBe(1);
    // The expiry line comes from the same qmgr, right after the last attempt, at the same time.
    const expired = mine.find((l) => l.message.includes('status=expired'))!;
    expect(expired.message).toBe(
      `${queueId}: from=<alice@example.net>, status=expired, returned to sender`,
    );
    expect(expired.pid).toBe(active[0]!.pid);
    expect(expired.at).toBe(deferred.at(-1)!.at);
    expect(mine.at(-1)!.message).toBe(`${queueId}: removed`);
  });

  it('retries when a deferred queue scan finds the message due, and gives up after maximal_queue_lifetime', () => {
    const { logged, queueId } = expiring('alice@example.net', 'bob@example.org', '6d');
    const mine = logged.filter((l) => l.message.startsWith(`${queueId}: `));
    const queuedAt = mine[0]!.at;
    const retries = mine
      .filter((l) => l.message.endsWith('(queue active)'))
      .slice(1)
      .map((l) => l.at);
    // qmgr scans the deferred queue every queue_run_delay (300 s)...
    for (const at of retries) expect(at % 300_000).toBe(0);
    // ...and a message waits as long as it has been queued, 300 s to 4000 s
    // (qmgr_active_done_3_generic): 300, 300, 600, 1200, 2400, then 4000 s, taken at the next
    // scan: 4200 s.
    const gaps = retries.map((at, i) => Math.round((at - (retries[i - 1] ?? queuedAt)) / 1000));
    expect(gaps.slice(1, 8)).toEqual([300, 600, 1200, 2400, 4200, 4200, 4200]);
    const delays = mine
      .filter((l) => l.message.includes('status=deferred'))
      .map((l) => Number(/ delay=([\d.]+),/.exec(l.message)![1]));
    expect(delays.slice(0, 6)).toEqual([0.4, 300, 600, 1200, 2400, 4800]);
    // The last attempt is the first one after five days; the one before it was not yet.
    expect(delays.at(-1)!).toBeGreaterThanOrEqual(5 * 86_400);
    expect(delays.at(-2)!).toBeLessThan(5 * 86_400);
    expect(mine.slice(-3).map((l) => l.message.replace(/[0-9A-F]{10,12}/g, 'QID'))).toEqual([
      'QID: from=<alice@example.net>, status=expired, returned to sender',
      'QID: sender non-delivery notification: QID',
      'QID: removed',
    ]);
  });

  it('returns the message with the reason of its last attempt, folded at 79 columns', () => {
    const { mailbox } = expiring('alice@example.net', 'bob@example.org', '6d');
    expect(mailbox).toHaveLength(1);
    const bounce = mailbox[0]!;
    expect(bounce).toContain(
      '                   The mail system\n\n<bob@example.org>: connect to mx.example.org[198.51.100.25]:25: Connection\n    refused\n',
    );
    expect(bounce).toContain(
      'Final-Recipient: rfc822; bob@example.org\nOriginal-Recipient: rfc822;bob@example.org\nAction: failed\nStatus: 4.4.1\nDiagnostic-Code: X-Postfix; connect to mx.example.org[198.51.100.25]:25:\n    Connection refused\n',
    );
    expect(bounce).not.toContain('temporarily suspended');
    // What real Postfix wrote (a shorter reason: it fits on the line).
    const recorded = section(fixture('outbound-expired'), 'appended to').join('\n');
    expect(recorded).toContain(
      '<carol@example.com>: connect to 127.0.0.1[127.0.0.1]:2526: Connection refused\n',
    );
    expect(recorded).toContain(
      'Status: 4.4.1\nDiagnostic-Code: X-Postfix; connect to 127.0.0.1[127.0.0.1]:2526: Connection\n    refused\n',
    );
  });

  it('expires a notification that cannot be delivered after bounce_queue_lifetime, with no notification of its own', () => {
    // bob@example.org is the sender here: his notification goes to the MX that is down.
    const { logged, queueId } = expiring('bob@example.org', 'bob@example.org', '11d');
    const notification = /sender non-delivery notification: ([0-9A-F]+)$/.exec(
      logged.find((l) => l.message.startsWith(`${queueId}: sender non-delivery`))!.message,
    )![1]!;
    const its = logged.filter((l) => l.message.startsWith(`${notification}: `));
    expect(its.at(-2)!.message).toBe(
      `${notification}: from=<>, status=expired, returned to sender`,
    );
    expect(its.at(-1)!.message).toBe(`${notification}: removed`);
    expect(its.at(-1)!.at - its[0]!.at).toBeGreaterThanOrEqual(5 * DAY);
    expect(logged.filter((l) => l.program === 'postfix/bounce')).toHaveLength(1);
    // Real Postfix did the same with a null-sender message (the second run of the fixture).
    const recorded = section(fixture('outbound-expired'), 'second run').map((l) => l.slice(9));
    expect(recorded).toContain(
      'postfix/qmgr[PID]: QUEUEID: from=<>, status=expired, returned to sender',
    );
    expect(
      recorded[
        recorded.indexOf(
          'postfix/qmgr[PID]: QUEUEID: from=<>, status=expired, returned to sender',
        ) + 1
      ],
    ).toBe('postfix/qmgr[PID]: QUEUEID: removed');
  });
});
