// A scenario's messageSizeLimit: Postfix's message_size_limit on every smtpd of a host, and
// the photo in the home directory a learner can send to meet it (swaks --attach, curl -T), as
// real swaks, curl and Postfix 3.7 did (test/fixtures/postfix-policy/message-size-*.txt and
// shared/fidelity-extended case x481).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openFile, PHOTO_SIZE } from '../../src/engine/tools/home.ts';
import { referenceWorld } from '../../src/engine/world/reference-world.ts';
import {
  parseScenario,
  scenarioData,
  ScenarioError,
  type Scenario,
} from '../../src/engine/world/scenario.ts';
import { parseCase } from '../tools/fidelity/case-spec.ts';
import { compareCase, type ComparableCase } from '../tools/fidelity/compare-case.ts';
import { replayOnEngine } from '../tools/fidelity/engine-connection.ts';
import { sharedDir } from '../tools/fidelity/paths.ts';
import { extraServicesWorld, section, shellOf } from '../tools/policy-fixture.ts';

const scenario = (host: string, policy: Record<string, unknown>, file = 'small.json'): Scenario =>
  parseScenario(
    {
      id: file.replace(/\.json$/, ''),
      title: 'A small limit',
      summary: 'The server takes small messages only.',
      servers: { [host]: policy },
    },
    file,
  );

const hostOf = (s: Scenario, name: string) => referenceWorld(s).hosts.find((h) => h.name === name)!;

/** What changes from run to run: the queue id, and curl's two speeds (wall-clock time). */
const masked = (lines: readonly string[]) =>
  lines.map((line) => {
    const row = line.replace(/queued as [0-9A-F]{10,11}|queued as QUEUEID\d?/, 'queued as ID');
    return /^ {0,2}\d{1,3} [ \d.kMG]{5} /.test(row) && row.length >= 78
      ? `${row.slice(0, 40)}SPEED${row.slice(45, 73)}SPEED${row.slice(78)}`
      : row;
  });

const PHOTO_4M =
  'swaks --server 127.0.0.1:2538 --to bob@example.org --from alice@example.net --helo client.example.net --attach @photo.jpg --suppress-data';
const PHOTO_25 =
  'swaks --server 127.0.0.1:25 --to bob@example.org --from alice@example.net --helo client.example.net --attach @photo.jpg --suppress-data';

describe('the scenario knob', () => {
  it('sets message_size_limit for every smtpd of the host, and no other', () => {
    const s = scenario('smtp.example.net', { messageSizeLimit: 4_000_000 });
    const provider = hostOf(s, 'smtp.example.net');
    expect([25, 587, 465].map((port) => provider.services[port]!.limits.messageSize)).toEqual([
      4_000_000, 4_000_000, 4_000_000,
    ]);
    expect(hostOf(s, 'mx.example.org').services[25]!.limits.messageSize).toBe(10_240_000);
  });

  it('replays x481 (message_size_limit=2000) on the MX it is set on', () => {
    const id = 'x481-small-size-limit';
    const extended = path.join(sharedDir, 'fidelity-extended');
    const spec = parseCase(id, readFileSync(path.join(extended, 'specs', `${id}.case`), 'utf8'));
    const reference = JSON.parse(
      readFileSync(path.join(extended, 'cases', `${id}.json`), 'utf8'),
    ) as ComparableCase;
    const mx = hostOf(scenario('mx.example.org', { messageSizeLimit: 2000 }), 'mx.example.org');
    const result = compareCase(reference, replayOnEngine(spec, mx.services[25]!));
    expect(result.differences).toEqual([]);
    // ... which the default limit does not.
    const plain = hostOf(scenario('mx.example.org', {}), 'mx.example.org');
    expect(compareCase(reference, replayOnEngine(spec, plain.services[25]!)).passed).toBe(false);
  });

  it('shows in the EHLO reply, and refuses a declared SIZE= over it at MAIL', () => {
    const s = scenario('smtp.example.net', { messageSizeLimit: 2_000_000 });
    const { shell, lines, exits } = shellOf(referenceWorld(s));
    shell.run(
      'curl -sSk --ssl-reqd smtp://smtp.example.net:587 -u alice@example.net:s3cret --mail-from alice@example.net --mail-rcpt carol@example.com -T photo.jpg',
    );
    expect(lines()).toEqual(['curl: (55) MAIL failed: 552']);
    shell.run('swaks --server smtp.example.net --to bob@example.net --quit-after EHLO');
    expect(lines()).toContain('<-  250-SIZE 2000000');
    expect(exits()).toEqual([55, 0]);
  });

  it('is written back as it was read', () => {
    const s = scenario('smtp.example.net', { messageSizeLimit: 4_000_000 });
    expect(parseScenario(scenarioData(s), 'small.json')).toEqual(s);
  });

  it.each([0, -1, 1.5, 51_200_001, '4000000'])('refuses %j, naming the file and field', (n) => {
    expect(() => scenario('smtp.example.net', { messageSizeLimit: n })).toThrow(
      new ScenarioError(
        'small.json',
        'servers.smtp.example.net.messageSizeLimit',
        "must be a whole number of bytes from 1 to 51200000 (Postfix's mailbox_size_limit; its default message_size_limit is 10240000)",
      ),
    );
  });
});

describe('swaks --attach, as real swaks 20201014 sent the 3 MiB photo', () => {
  it('is refused after the dot by message_size_limit=4000000 (base64 makes it 4.3 MB)', () => {
    const { shell, lines, exits } = shellOf(extraServicesWorld);
    shell.run(PHOTO_4M);
    expect(lines()).toEqual(section('message-size-swaks-attach', 'swaks output, session 1'));
    expect(exits()).toEqual([26]);
  });

  it('logs what the real smtpd and cleanup logged of it', () => {
    const { shell, lines } = shellOf(extraServicesWorld);
    shell.run(PHOTO_4M);
    const before = lines().length;
    shell.run('logs mx.example.org');
    const logged = lines()
      .slice(before)
      .map((l) => l.replace(/^.*? mx postfix\//, 'postfix/').replace(/\[\d+\]:/, '[PID]:'));
    const recorded = section('message-size-swaks-attach', 'log, session 1');
    const normal = (l: string) =>
      l
        .replace(/^postfix\/size4m\//, 'postfix/')
        .replace(/<\d{14}\.\d{6}@vm>/, '<STAMP@vm>')
        .replace(/[0-9A-F]{11}|QUEUEID/g, 'ID')
        .replace(/(unknown|localhost)\[127\.0\.0\.1\]/g, 'CLIENT');
    expect(logged.map(normal)).toEqual(recorded.map(normal));
  });

  it('goes through under the default limit, in as many lines as the real one sent', () => {
    const { shell, lines, exits } = shellOf(extraServicesWorld);
    shell.run(PHOTO_25);
    expect(masked(lines())).toEqual(
      masked(section('message-size-swaks-attach', 'swaks output, session 2')),
    );
    expect(exits()).toEqual([0]);
  });

  it('prints every line without --suppress-data, in the recorded MIME layout', () => {
    const { shell, lines } = shellOf(extraServicesWorld);
    shell.run(PHOTO_25.replace(' --suppress-data', ''));
    const shown = lines();
    const data = shown.slice(shown.indexOf('<-  354 End data with <CR><LF>.<CR><LF>') + 1);
    const end = data.indexOf(' -> .');
    expect(end).toBe(55_212); // 55,213 lines with the "."
    // The recorded tiny.jpg run, line for line but for its stamp, pid, name and base64.
    const tiny = section('message-size-swaks-attach', 'swaks output, session 3');
    const recorded = tiny.slice(tiny.indexOf('<-  354 End data with <CR><LF>.<CR><LF>') + 1);
    const layout = (lines: readonly string[]) =>
      lines.map((l) =>
        l
          .replace(/^( -> (Date|Subject): ).*$/, '$1DATE')
          .replace(/<\d{14}\.\d{6}@vm>/, '<STAMP@vm>')
          .replace(/_000_\d+/, '_000_PID')
          .replace(/@tiny\.jpg|@photo\.jpg/g, 'NAME'),
      );
    expect(layout(data.slice(0, 19))).toEqual(layout(recorded.slice(0, 19)));
    expect(layout(data.slice(end - 4, end + 1))).toEqual(layout(recorded.slice(-9, -4)));
    // The base64 is the photo's, in MIME::Base64's lines of 76.
    const base64 = data.slice(19, end - 4).map((l) => l.slice(4));
    expect(base64).toHaveLength(55_189);
    expect(base64.slice(0, -1).every((l) => l.length === 76)).toBe(true);
    const octets = atob(base64.join(''));
    expect(octets.length).toBe(PHOTO_SIZE);
    expect(octets.slice(0, 11)).toBe('\xff\xd8\xff\xe0\x00\x10JFIF\x00');
    expect(octets.slice(-2)).toBe('\xff\xd9');
  });

  it('reads the photo piece by piece, never whole, and the server keeps nothing past the limit', () => {
    const photo = openFile(extraServicesWorld, 'photo.jpg')!;
    expect(photo.size).toBe(PHOTO_SIZE);
    let total = 0;
    let all = '';
    for (const piece of photo.octets()) {
      expect(piece.length).toBeLessThanOrEqual(57 * 1024);
      total += piece.length;
      all += piece;
    }
    expect(total).toBe(PHOTO_SIZE);
    // curl -T sends it as it is: no line of it may be a lone "." after a bare LF, which
    // Postfix 3.7 (smtpd_forbid_bare_newline = no) would take for the end of the data.
    expect(/\n\.\r?\n/.test(all)).toBe(false);
    const { shell } = shellOf(extraServicesWorld);
    shell.run(PHOTO_4M);
    shell.run('mailbox bob@example.org');
    expect(shell.sim.recorded.filter((t) => t.event.type === 'mail.delivered')).toHaveLength(0);
  });

  it('names a missing file, the option without an argument, and the older form as swaks does', () => {
    const { shell, lines, exits } = shellOf(extraServicesWorld);
    shell.run('swaks --to bob@example.org --attach @nothere.jpg');
    shell.run('swaks --to bob@example.org --attach');
    shell.run('swaks --to bob@example.org --attach-type');
    shell.run(
      'swaks --server 127.0.0.1:25 --to bob@example.org --from alice@example.net --attach photo.jpg --attach-type text/plain --attach "hello there" --quit-after RCPT',
    );
    expect(lines().slice(0, 4)).toEqual([
      '*** Option processing error: file nothere.jpg not openable for option attach (No such file or directory)',
      '*** Option processing error: option attach specified with no argument',
      '*** Option processing error: option attach-type specified with no argument',
      "*** DEPRECATION WARNING: Inferring a filename from the argument to --attach will be removed in the future.  Prefix filenames with '@' instead.",
    ]);
    expect(exits()).toEqual([1, 1, 1, 0]);
  });

  it('names the part after --attach-name, and sends a text part as it is', () => {
    const { shell, lines } = shellOf(extraServicesWorld);
    shell.run(
      'swaks --server 127.0.0.1:25 --to bob@example.org --from alice@example.net --attach-name holiday.jpg --attach-type image/jpeg --attach @photo.jpg --attach-type text/plain --attach "see you" -n',
    );
    shell.run('mailbox bob@example.org');
    const box = lines();
    expect(box).toContain('Content-Type: image/jpeg; name="holiday.jpg"');
    expect(box).toContain('Content-Disposition: attachment; filename="holiday.jpg"');
    const text = box.lastIndexOf('Content-Type: text/plain');
    expect(box.slice(text, text + 3)).toEqual(['Content-Type: text/plain', '', 'see you']);
  });
});

describe('curl -T photo.jpg, as real curl 7.88.1 sent it', () => {
  it.each([
    [
      1,
      'curl -v smtp://127.0.0.1:2538 --mail-from alice@example.net --mail-rcpt bob@example.org -T photo.jpg',
      0,
    ],
    [
      2,
      'curl -v smtp://127.0.0.1:2539 --mail-from alice@example.net --mail-rcpt bob@example.org -T photo.jpg',
      55,
    ],
  ])('session %i', (session, command, status) => {
    const { shell, lines, exits } = shellOf(extraServicesWorld);
    shell.run(command);
    expect(masked(lines())).toEqual(
      masked(section('message-size-curl-upload', `curl output, session ${session}`)),
    );
    expect(exits()).toEqual([status]);
  });
});
