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
