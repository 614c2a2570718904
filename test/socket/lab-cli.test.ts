// The terminal edition: piped input, the browser's output, a clear refusal of bad flags.
import { execFile } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../tools/fidelity/paths.ts';

function lab(
  args: string[],
  input: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      'npx',
      ['tsx', 'src/adapters/cli/lab.ts', ...args],
      { cwd: repoRoot, timeout: 30_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin!.end(input);
  });
}

describe('npm run lab', () => {
  it('replays typed lines in a scenario and exits at the end of the input', async () => {
    const { code, stdout } = await lab(
      ['--scenario', 'home-isp-blocks-25'],
      'telnet mx.example.org 25\ntelnet smtp.example.net 587\nQUIT\n',
    );
    expect(code).toBe(0);
    expect(stdout.split('\n')).toEqual([
      '$ telnet mx.example.org 25',
      'Trying 198.51.100.25...',
      '(133 s pass)',
      'telnet: Unable to connect to remote host: Connection timed out',
      '$ telnet smtp.example.net 587',
      'Trying 192.0.2.87...',
      'Connected to smtp.example.net.',
      "Escape character is '^]'.",
      '220 smtp.example.net ESMTP',
      'QUIT',
      '221 2.0.0 Bye',
      'Connection closed by foreign host.',
      '',
    ]);
  });
  it('delivers through submission while 25 is blocked, and shows the MX log (the issue example)', async () => {
    const submit =
      'swaks --to bob@example.org --from alice@example.net --server smtp.example.net --port 587 --tls --auth-user alice@example.net --auth-password s3cret';
    const { code, stdout } = await lab(
      ['--scenario', 'home-isp-blocks-25'],
      `telnet mx.example.org 25\n${submit}\nlogs mx.example.org\n`,
    );
    expect(code).toBe(0);
    expect(stdout).toContain('telnet: Unable to connect to remote host: Connection timed out');
    expect(stdout).toMatch(/<~ {2}250 2\.0\.0 Ok: queued as [0-9A-F]+\n/);
    expect(stdout).toMatch(
      / mx postfix\/smtpd\[\d+\]: connect from smtp\.example\.net\[192\.0\.2\.87\]\n/,
    );
    expect(stdout).toMatch(
      / mx postfix\/local\[\d+\]: [0-9A-F]+: to=<bob@example\.org>, relay=local, .*status=sent \(delivered to mailbox\)/,
    );
  });
  it('ends curl -T - at the end of piped input, as Ctrl-D does', async () => {
    const { code, stdout } = await lab(
      ['--scenario', 'datacenter-direct'],
      'curl -v smtp://mx.example.org --mail-from alice@example.net --mail-rcpt bob@example.org -T -\nSubject: hi\n\nhello\n',
    );
    expect(code).toBe(0);
    expect(stdout).toMatch(/< 250 2\.0\.0 Ok: queued as [0-9A-F]+\n/);
    expect(stdout).toContain('* Connection #0 to host mx.example.org left intact');
  });
  it('leaves a piped transcript whole on clear, and keeps the history', async () => {
    const { code, stdout } = await lab([], 'clear\nhistory\n');
    expect(code).toBe(0);
    expect(stdout).toBe('$ clear\n$ history\n    1  clear\n    2  history\n');
  });
  it('names the scenarios when asked for one that does not exist', async () => {
    const { code, stderr } = await lab(['--scenario', 'nope'], '');
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /lab: no scenario "nope"; there are: .*datacenter-direct.*home-isp-blocks-25/,
    );
  });
});
