// Every scenario played end to end through the shell, checked on the trace (never on the
// printed text): what a learner does in it, and what the world did.
import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../src/engine/world/trace.ts';
import { shellIn } from '../tools/shell-in.ts';

const SUBMIT =
  'swaks --to bob@example.org --from alice@example.net --server smtp.example.net --port 587 --tls --auth-user alice@example.net --auth-password s3cret';
const DIRECT = 'swaks --to bob@example.org --server mx.example.org';

function play(scenario: string, ...commands: string[]) {
  const { shell, outputs } = shellIn(scenario);
  for (const command of commands) shell.run(command);
  const events = outputs.flatMap((o) => (o.kind === 'trace' ? [o.event] : []));
  const of = <T extends TraceEvent['type']>(type: T) =>
    events.filter((e): e is Extract<TraceEvent, { type: T }> => e.type === type);
  const exits = of('tool.exit').map((e) => e.status);
  return { shell, events, of, exits };
}

describe('scenarios, played', () => {
  it('home-isp-blocks-25: port 25 dies at the ISP edge; submission on 587 delivers via smtp.example.net', () => {
    const { of, exits } = play('home-isp-blocks-25', 'telnet mx.example.org 25', SUBMIT);
    expect(of('hop.drop').map((e) => e.hop)).toEqual(['isp-edge']);
    expect(exits).toEqual([1, 0]);
    expect(of('tls.up').map((e) => e.host)).toEqual(['smtp.example.net', 'mx.example.org']);
    expect(of('auth.ok')[0]).toMatchObject({ host: 'smtp.example.net', user: 'alice@example.net' });
    expect(of('mail.relayed')[0]).toMatchObject({
      host: 'smtp.example.net',
      relay: 'mx.example.org',
    });
    expect(of('mail.delivered')[0]).toMatchObject({
      host: 'mx.example.org',
      mailbox: 'bob@example.org',
    });
    const mxLog = of('server.log').filter((e) => e.host === 'mx.example.org');
    expect(mxLog[0]!.message).toBe('connect from smtp.example.net[192.0.2.87]');
    // The delivered message carries both hops in its Received: chain.
    const received = of('mail.delivered')[0]!.content.match(/^Received: from/gm);
    expect(received).toHaveLength(2);
  });

  it('home-isp-rejects-25: refused at once by the ISP', () => {
    const { of, exits } = play('home-isp-rejects-25', 'telnet mx.example.org 25');
    expect(of('hop.reject')[0]).toMatchObject({ hop: 'isp-edge' });
    expect(exits).toEqual([1]);
  });

  it('cloud-vm-blocks-25: the cloud edge drops port 25', () => {
    const { of } = play('cloud-vm-blocks-25', DIRECT);
    expect(of('hop.drop').map((e) => e.hop)).toEqual(['cloud-edge']);
  });

  it('cloud-vm-throttled-25: the first connections pass, then SYNs vanish', () => {
    const { of, exits } = play('cloud-vm-throttled-25', DIRECT, DIRECT, DIRECT);
    expect(exits).toEqual([0, 0, 2]);
    expect(of('hop.drop').map((e) => e.hop)).toEqual(['cloud-edge']);
  });

  it('datacenter-direct: server to server on 25 delivers to bob; the MX refuses to relay to carol', () => {
    const { of, exits } = play(
      'datacenter-direct',
      DIRECT,
      'swaks --to carol@example.com --server mx.example.org',
    );
    expect(exits).toEqual([0, 24]);
    expect(of('smtp.reply').some((r) => r.lines[0]?.includes('Relay access denied'))).toBe(true);
    expect(of('mail.delivered').map((e) => e.mailbox)).toEqual(['bob@example.org']);
  });

  it('office-smarthost: straight to the MX is refused; through relay.example.com it arrives', () => {
    const { of, exits } = play(
      'office-smarthost',
      'telnet mx.example.org 25',
      'swaks --to bob@example.org --from alice@example.com --server relay.example.com',
    );
    expect(exits).toEqual([1, 0]);
    expect(of('hop.reject')[0]).toMatchObject({ hop: 'office-firewall', with: 'admin-prohibited' });
    expect(of('mail.relayed')[0]).toMatchObject({ host: 'relay.example.com' });
    expect(of('mail.delivered')[0]).toMatchObject({ mailbox: 'bob@example.org' });
  });

  it('starttls-stripping: opportunistic TLS falls back to plaintext; required TLS refuses', () => {
    const { of, exits } = play(
      'starttls-stripping',
      'swaks --to bob@example.org --server mx.example.org --tls',
      'swaks --to bob@example.org --server mx.example.org --tls-optional',
    );
    expect(exits).toEqual([29, 0]);
    expect(of('hop.tamper')[0]).toMatchObject({ hop: 'internet', after: '250-XXXXXXXA' });
    expect(of('tls.up')).toEqual([]);
    expect(of('smtp.cmd').every((c) => !c.tls)).toBe(true);
  });

  it('greylisting: postgrey defers with 450 4.2.0 first, accepts after the retry time and says so in X-Greylist', () => {
    const { of, exits } = play('greylisting', DIRECT, 'sleep 60', DIRECT, 'sleep 300', DIRECT);
    expect(exits).toEqual([24, 24, 0]);
    const greylisted = of('smtp.reply').filter((r) => r.lines[0]?.includes('Greylisted'));
    expect(greylisted.map((r) => r.lines[0])).toEqual(
      Array(2).fill(
        '450 4.2.0 <bob@example.org>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/example.org.html',
      ),
    );
    const delivered = of('mail.delivered')[0]!.content;
    expect(delivered).toMatch(
      /^X-Greylist: delayed 3\d\d seconds by postgrey-1\.37 at mx\.example\.org; \w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d UTC\nReceived: from /m,
    );
  });

  it('rate-limited: the fourth connection in a minute gets 421 4.7.0', () => {
    const { of, exits } = play('rate-limited', DIRECT, DIRECT, DIRECT, DIRECT, 'sleep 60', DIRECT);
    expect(exits).toEqual([0, 0, 0, 21, 0]);
    const refused = of('smtp.reply').filter((r) => r.code === 421);
    expect(refused[0]!.lines[0]).toBe(
      '421 4.7.0 mx.example.org Error: too many connections from 203.0.113.10',
    );
  });

  it('dnsbl-listed: the MX refuses the listed home address; submission gets through', () => {
    const { of, exits } = play('dnsbl-listed', DIRECT, SUBMIT);
    expect(exits).toEqual([24, 0]);
    const listed = of('smtp.reply').find((r) => r.code === 554)!;
    expect(listed.lines[0]).toMatch(
      /^554 5\.7\.1 Service unavailable; Client host \[203\.0\.113\.45\] blocked using bl\.example\.net; /,
    );
    expect(of('mail.delivered').map((e) => e.mailbox)).toEqual(['bob@example.org']);
  });

  it('mx-down: refused; a submission server queues the message and retries until the MX is back', () => {
    const { of } = play('mx-down', 'telnet mx.example.org 25', SUBMIT, 'sleep 600');
    expect(of('tcp.refused').length).toBeGreaterThanOrEqual(1);
    const deferred = of('mail.deferred');
    expect(deferred.length).toBeGreaterThanOrEqual(2);
    expect(deferred[0]!.reason).toBe(
      'connect to mx.example.org[198.51.100.25]:25: Connection refused',
    );
    expect(deferred[0]!.retryInMs).toBe(300_000);
    expect(of('mail.delivered')).toEqual([]);
  });
});
