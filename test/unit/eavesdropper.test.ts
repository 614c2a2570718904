// What a sniffer on one hop reads: plaintext until STARTTLS, only record sizes after it,
// credentials sent in the clear decoded, nothing of connections that never reached the hop.
import { describe, expect, it } from 'vitest';
import {
  describeOverheard,
  overheardAt,
  type Overheard,
} from '../../src/engine/world/eavesdropper.ts';
import { shellIn } from '../tools/shell-in.ts';

function session(scenario: string, ...commands: string[]) {
  const { shell } = shellIn(scenario);
  commands.forEach((c) => shell.run(c));
  return (hop: string) => overheardAt(shell.sim.recorded, hop);
}

const plaintext = (seen: Overheard[]) =>
  seen.flatMap((s) => (s.kind === 'plaintext' ? [s.text] : []));

const SUBMIT =
  'swaks --to bob@example.org --from alice@example.net --server smtp.example.net --port 587 --tls --auth-user alice@example.net --auth-password s3cret';

describe('the eavesdropper', () => {
  it('reads EHLO and STARTTLS in the clear, then only TLS records, on every hop of the connection', () => {
    const at = session('home-isp-blocks-25', SUBMIT);
    for (const hop of ['home-router', 'isp-edge', 'internet']) {
      // The laptop's own connection (the internet hop also carries the relay onward).
      const seen = at(hop).filter((s) => s.conn === 1);
      const text = plaintext(seen);
      expect(text).toContain('EHLO laptop');
      expect(text).toContain('STARTTLS');
      expect(text.some((t) => /AUTH|MAIL FROM|s3cret/.test(t))).toBe(false);
      const handshake = seen.findIndex((s) => s.kind === 'handshake');
      expect(handshake).toBeGreaterThan(0);
      expect(seen.slice(handshake + 1).every((s) => s.kind === 'tls-record')).toBe(true);
      // "MAIL FROM:<alice@example.net>" + CRLF is 31 octets; the record adds 22.
      expect(seen.slice(handshake + 1).some((s) => s.kind === 'tls-record' && s.bytes === 53)).toBe(
        true,
      );
    }
  });

  it('decodes AUTH PLAIN sent before STARTTLS, even though the server refuses it', () => {
    const at = session(
      'home-isp-blocks-25',
      'telnet smtp.example.net 587',
      'EHLO laptop',
      'AUTH PLAIN AGFsaWNlQGV4YW1wbGUubmV0AHMzY3JldA==',
      'QUIT',
    );
    const auth = at('isp-edge').find((s) => s.kind === 'plaintext' && s.text.startsWith('AUTH'));
    expect(auth).toMatchObject({ decoded: 'user "alice@example.net", password "s3cret"' });
  });

  it('decodes AUTH LOGIN answers by the challenge they follow', () => {
    // Our servers never offer AUTH in the clear, so this exchange is written out by hand, as
    // an older server that allows it would make it.
    const on = { conn: 7, host: 'mail.example', port: 25 };
    const cmd = (line: string) => ({ type: 'smtp.cmd' as const, ...on, line, tls: false });
    const reply = (line: string) => ({
      type: 'smtp.reply' as const,
      ...on,
      code: Number(line.slice(0, 3)),
      lines: [line],
      tls: false,
      answers: 'AUTH',
    });
    const open = {
      type: 'tcp.open' as const,
      ...on,
      client: 'laptop',
      clientAddress: '203.0.113.45',
      address: '192.0.2.9',
      hops: ['isp-edge'],
    };
    const events = [
      open,
      { type: 'tcp.syn' as const, conn: 7, hop: 'isp-edge' },
      cmd('AUTH LOGIN'),
      reply('334 VXNlcm5hbWU6'),
      cmd('YWxpY2VAZXhhbXBsZS5uZXQ='),
      reply('334 UGFzc3dvcmQ6'),
      cmd('czNjcmV0'),
      reply('235 2.7.0 Authentication successful'),
      cmd('NOOP'),
    ].map((event, at) => ({ at, event }));
    const decoded = overheardAt(events, 'isp-edge').flatMap((s) =>
      s.kind === 'plaintext' && s.decoded ? [s.decoded] : [],
    );
    expect(decoded).toEqual(['user "alice@example.net"', 'password "s3cret"']);
  });

  it('sees a dropped SYN at the ISP edge and nothing beyond it', () => {
    const at = session('home-isp-blocks-25', 'telnet mx.example.org 25');
    expect(at('isp-edge').map((s) => s.kind)).toEqual(['connection']);
    expect(at('internet')).toEqual([]);
  });

  it('reads the relayed message in full where STARTTLS was stripped', () => {
    const at = session(
      'starttls-stripping',
      'swaks --to bob@example.org --server mx.example.org --tls-optional',
    );
    const text = plaintext(at('internet'));
    expect(text).toContain('250-XXXXXXXA');
    expect(text).toContain('This is a test mailing');
  });
});

describe('what TLS leaves in the clear', () => {
  const handshakes = (...commands: string[]) =>
    session(
      'home-isp-blocks-25',
      ...commands,
    )('isp-edge').flatMap((s) => (s.kind === 'handshake' ? [s.sni] : []));

  it('the server name a ClientHello carries (SNI, RFC 6066 §3), from the clients that send one', () => {
    expect(handshakes('openssl s_client -quiet -crlf -connect smtp.example.net:465')).toEqual([
      'smtp.example.net',
    ]);
    expect(
      handshakes('openssl s_client -quiet -noservername -crlf -connect smtp.example.net:465'),
    ).toEqual([null]);
    expect(
      handshakes(
        'curl -k smtps://smtp.example.net --mail-from alice@example.net --mail-rcpt bob@example.org -u alice@example.net:s3cret -T message.txt',
      ),
    ).toEqual(['smtp.example.net']);
    // swaks sends none without --tls-sni.
    expect(handshakes(SUBMIT)).toEqual([null]);
  });

  it("past the home router, the connection comes from the router's public address (NAT)", () => {
    const at = session('home-isp-blocks-25', 'nc -v -w 2 smtp.example.net 465');
    const [edge] = at('isp-edge');
    expect(edge?.kind === 'connection' && edge.from).toBe('laptop (203.0.113.45)');
  });
});

describe('a long message body', () => {
  const send = (attachment: string, tls: boolean) => {
    const { shell } = shellIn('home-isp-blocks-25');
    shell.run(
      `swaks --to bob@example.org --from alice@example.net --server smtp.example.net --port 587 ${tls ? '--tls ' : ''}--auth-user alice@example.net --auth-password s3cret --attach @${attachment} --suppress-data`,
    );
    return shell.sim.recorded;
  };

  it('is traced line by line for its first 500 lines, and counted after that', () => {
    const trace = send('photo-small.jpg', true);
    const cmds = trace.filter((t) => t.event.type === 'smtp.cmd');
    // The submission and the relay to the MX: 2 x (500 body lines and a handful of commands).
    expect(cmds.length).toBeLessThan(2 * 530);
    const elided = trace.flatMap(({ event: e }) => (e.type === 'smtp.data.elided' ? [e] : []));
    expect(elided.map((e) => [e.host, e.tls])).toEqual([
      ['smtp.example.net', true],
      ['mx.example.org', true],
    ]);
    // 786,432 octets as base64: 13,798 lines of 76 characters and CRLF, all but 500 counted.
    expect(elided[0]!.lines).toBeGreaterThan(13_200);
    expect(elided[0]!.octets).toBeGreaterThan(13_200 * 78);
    // The message itself arrives whole.
    const delivered = trace.find((t) => t.event.type === 'mail.delivered')!.event;
    expect(delivered.type === 'mail.delivered' && delivered.content.length).toBeGreaterThan(
      1_060_000,
    );
  });

  it('is summed up on the hop: readable in the clear, sizes only inside TLS', () => {
    const summary = (tls: boolean) => {
      const { shell } = shellIn('datacenter-direct');
      shell.run(
        `swaks --to bob@example.org --from root@vm.example.com --server mx.example.org ${tls ? '--tls ' : ''}--attach @photo-small.jpg --suppress-data`,
      );
      return overheardAt(shell.sim.recorded, 'internet')
        .filter((item) => item.kind === 'elided')
        .map(describeOverheard);
    };
    expect(summary(false)[0]).toMatch(
      /^#\d+ C: \[13,\d{3} more lines of the message, 1,0\d{2},\d{3} bytes, as readable as the lines above; the lab does not list them\]$/,
    );
    expect(summary(true)[0]).toMatch(
      /^#\d+ C: \[TLS application data: 13,\d{3} more lines of the message, 1,0\d{2},\d{3} bytes before encryption\]$/,
    );
  });
});
