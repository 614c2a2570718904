// A scenario's certificateName: the server's certificate (smtpd_tls_cert_file) is issued for
// another name than the one the client connects to, and what each client makes of it, as
// the real openssl 3.0.22, curl 7.88.1 and swaks 20201014 did against a real Postfix 3.7
// (test/fixtures/postfix-policy/certificate-name-*.txt).
import { describe, expect, it } from 'vitest';
import {
  certificateFor,
  certificateMatches,
  certificateOf,
} from '../../src/engine/world/certificate.ts';
import { referenceWorld } from '../../src/engine/world/reference-world.ts';
import {
  parseScenario,
  scenarioData,
  ScenarioError,
  type Scenario,
} from '../../src/engine/world/scenario.ts';
import type { World } from '../../src/engine/world/world.ts';
import { extraServicesWorld, section, shellOf } from '../tools/policy-fixture.ts';

const scenario = (policy: Record<string, unknown>, file = 'other-name.json'): Scenario =>
  parseScenario(
    {
      id: file.replace(/\.json$/, ''),
      title: 'A certificate for another name',
      summary: "The provider's certificate names mail.example.net.",
      servers: { 'smtp.example.net': policy },
    },
    file,
  );

/** The recorded server, also reachable as smtp.example.net (curl's --resolve in the
 * recordings): its port 2537 shows a certificate for mail.example.net. */
const world: World = {
  ...extraServicesWorld,
  hosts: [
    ...extraServicesWorld.hosts,
    { ...extraServicesWorld.hosts[0]!, name: 'smtp.example.net' },
  ],
};

/** What changes from one run of s_client to the next. */
const masked = (lines: readonly string[]) =>
  lines.map((line) =>
    line
      .replace(/^( {4}Session-ID: )[0-9A-F]{64}$/, '$1SESSION-ID')
      .replace(/^( {4}Resumption PSK: )[0-9A-F]{96}$/, '$1PSK')
      .replace(/^( {4}00[0-9a-f]0 - ).*$/, '$1TICKET BYTES')
      .replace(/^( {4}Start Time: )\d+$/, '$1TIME')
      .replace(/queued as [0-9A-F]{10,11}|queued as QUEUEID/, 'queued as ID')
      .replace(/\d{14}\.\d{6}@vm/, 'STAMP@vm')
      .replace(/^( ~> (Date|Subject): ).*$/, '$1DATE'),
  );

describe('openssl s_client checks the name only when asked (-verify_hostname)', () => {
  it.each([
    'openssl s_client -starttls smtp -connect 127.0.0.1:2537 -crlf -quiet',
    'openssl s_client -starttls smtp -connect 127.0.0.1:2537 -crlf -quiet -verify_hostname smtp.example.net',
    'openssl s_client -starttls smtp -connect 127.0.0.1:2537 -servername smtp.example.net -crlf -quiet -verify_hostname smtp.example.net',
    'openssl s_client -starttls smtp -connect 127.0.0.1:2537 -crlf -quiet -verify_hostname mail.example.net',
    'openssl s_client -starttls smtp -connect 127.0.0.1:2537 -crlf -quiet -verify_quiet -verify_hostname smtp.example.net',
    'openssl s_client -starttls smtp -connect 127.0.0.1:2537 -crlf -brief -verify_hostname smtp.example.net',
    'openssl s_client -starttls smtp -connect 127.0.0.1:2537 -crlf -verify_hostname smtp.example.net',
  ])('%s', (command) => {
    const recorded = section(
      'certificate-name-openssl',
      `openssl output (exit status 0): ${command} ==`,
    );
    const start = recorded.find((l) => l.startsWith('    Start Time: '));
    const { shell, lines, exits } = shellOf(
      world,
      start ? Number(start.slice(16)) * 1000 : undefined,
    );
    shell.run(command);
    shell.run('QUIT');
    expect(masked(lines())).toEqual(masked(recorded));
    expect(exits()).toEqual([0]);
  });
});

describe('a name check the learner asked for goes into the trace', () => {
  const checks = (command: string) => {
    const { shell } = shellOf(world);
    shell.run(command);
    shell.run('QUIT');
    return shell.sim.recorded.flatMap(({ event: e }) =>
      e.type === 'tls.name-check' ? [[e.expected, e.certificate, e.matches]] : [],
    );
  };
  const CONNECT = 'openssl s_client -starttls smtp -connect 127.0.0.1:2537 -crlf -quiet';

  it("with the name asked for, the certificate's name and the verdict of error 62", () => {
    expect(checks(`${CONNECT} -verify_hostname smtp.example.net`)).toEqual([
      ['smtp.example.net', 'mail.example.net', false],
    ]);
    expect(checks(`${CONNECT} -verify_hostname MAIL.example.net`)).toEqual([
      ['MAIL.example.net', 'mail.example.net', true],
    ]);
  });

  it('and nothing when no name was asked for (s_client checks none)', () => {
    expect(checks(CONNECT)).toEqual([]);
  });
});

describe('curl', () => {
  it.each([
    'curl -v --ssl-reqd smtp://smtp.example.net:2537 --mail-from alice@example.net --mail-rcpt bob@example.org -T message.txt',
    'curl -v -k --ssl-reqd smtp://smtp.example.net:2537 --mail-from alice@example.net --mail-rcpt bob@example.org -T message.txt',
  ])(
    '%s: the self-signed chain fails before the name is looked at; -k looks at neither',
    (command) => {
      const recordedCommand = command.replace(
        ' --mail-from',
        ' --resolve smtp.example.net:2537:127.0.0.1 --mail-from',
      );
      const status = command.includes(' -k ') ? 55 : 60;
      // The recording's first two lines are --resolve's, which the lab's curl has no need of.
      const recorded = section(
        'certificate-name-curl',
        `curl output (exit status ${status}): ${recordedCommand} ==`,
      ).slice(2);
      const { shell, lines, exits } = shellOf(world);
      shell.run(command);
      expect(lines()).toEqual(recorded);
      expect(exits()).toEqual([status]);
    },
  );

  it('in the scenario: "(60) ... self-signed certificate" still, the other name with -k', () => {
    const { shell, lines } = shellOf(
      referenceWorld(scenario({ certificateName: 'mail.example.net' })),
    );
    const send = (options: string) =>
      shell.run(
        `curl -v ${options} --ssl-reqd smtp://smtp.example.net:587 --mail-from alice@example.net --mail-rcpt carol@example.com -u alice@example.net:s3cret -T message.txt`,
      );
    send('');
    expect(lines()).toContain('curl: (60) SSL certificate problem: self-signed certificate');
    send('-k');
    expect(lines()).toContain('*  subject: CN=mail.example.net');
    expect(lines()).toContain('*  issuer: CN=mail.example.net');
  });
});

describe('swaks checks no name', () => {
  it('prints the peer DN and goes on without --tls-verify', () => {
    const command =
      'swaks --server 127.0.0.1:2537 --tls --to bob@example.org --from alice@example.net --helo client.example.net --auth-user alice@example.net --auth-password s3cret';
    const { shell, lines, exits } = shellOf(world);
    shell.run(command);
    expect(masked(lines())).toEqual(
      masked(section('certificate-name-swaks', 'swaks output, session 1')),
    );
    expect(exits()).toEqual([0]);
  });

  it('--tls-verify refuses the chain (self-signed), never the name', () => {
    const command =
      'swaks --server 127.0.0.1:2537 --tls --tls-verify --to bob@example.org --from alice@example.net --helo client.example.net --auth-user alice@example.net --auth-password s3cret';
    const { shell, lines, exits } = shellOf(world);
    shell.run(command);
    expect(lines()).toEqual(section('certificate-name-swaks', 'swaks output, session 2'));
    expect(exits()).toEqual([29]);
  });
});

describe('the scenario knob', () => {
  it('gives every TLS service of the host the certificate for that name', () => {
    const provider = referenceWorld(scenario({ certificateName: 'mail.example.net' })).hosts.find(
      (h) => h.name === 'smtp.example.net',
    )!;
    for (const port of [25, 587, 465]) {
      expect(certificateOf(provider, port)).toMatchObject({
        subject: 'CN=mail.example.net',
        issuer: 'CN=mail.example.net',
        derLength: 824, // as the recorded mail.example.net certificate
        selfSigned: true,
      });
    }
    const plain = referenceWorld(scenario({})).hosts.find((h) => h.name === 'smtp.example.net')!;
    expect(certificateOf(plain, 587).subject).toBe('CN=smtp.example.net');
  });

  it('is what openssl s_client shows in the scenario, PEM and all', () => {
    const { shell, lines } = shellOf(
      referenceWorld(scenario({ certificateName: 'mail.example.net' })),
    );
    shell.run(
      'openssl s_client -starttls smtp -connect smtp.example.net:587 -crlf -verify_hostname smtp.example.net',
    );
    shell.run('QUIT');
    const recorded = section(
      'certificate-name-openssl',
      'openssl output (exit status 0): openssl s_client -starttls smtp -connect 127.0.0.1:2537 -crlf -verify_hostname',
    );
    const pem = (shown: readonly string[]) =>
      shown.slice(
        shown.indexOf('-----BEGIN CERTIFICATE-----'),
        shown.indexOf('-----END CERTIFICATE-----') + 1,
      );
    expect(pem(lines())).toEqual(pem(recorded));
    expect(lines()).toContain('verify error:num=62:hostname mismatch');
    expect(lines()).toContain('Verify return code: 62 (hostname mismatch)');
  });

  it('is written back as it was read', () => {
    const s = scenario({ certificateName: 'mail.example.net' });
    expect(parseScenario(scenarioData(s), 'other-name.json')).toEqual(s);
  });

  it.each(['not a name', 'localhost', 'mail..example.net', 42])('refuses %j', (name) => {
    expect(() => scenario({ certificateName: name })).toThrow(
      new ScenarioError(
        'other-name.json',
        'servers.smtp.example.net.certificateName',
        'must be a DNS name, e.g. "mail.example.net"',
      ),
    );
  });
});

describe("X509_check_host()'s rules", () => {
  it.each([
    ['mail.example.net', 'mail.example.net', true],
    ['mail.example.net', 'MAIL.Example.NET', true],
    ['mail.example.net', 'mail.example.net.', true],
    ['mail.example.net', 'smtp.example.net', false],
    ['*.example.net', 'smtp.example.net', true],
    ['*.example.net', 'a.b.example.net', false],
    ['*.example.net', 'example.net', false],
    ['*.net', 'example.net', false],
  ])('%s for %s: %s', (name, expected, matches) => {
    expect(certificateMatches(certificateFor(name), expected)).toBe(matches);
  });
});
