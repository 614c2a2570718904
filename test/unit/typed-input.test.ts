// What a learner types, however odd (issue 11): names are looked up as names, never as
// JavaScript members ("valueOf", "__proto__", "constructor" as commands, hosts, domains and
// options), and a very long line costs no more than the terminal lets through.
import { describe, expect, it } from 'vitest';
import { shellIn } from '../tools/shell-in.ts';

const NAMES = ['valueOf', 'hasOwnProperty', '__proto__', 'constructor', 'toString'];

describe('JavaScript property names typed into the lab', () => {
  it.each(NAMES)('%s as a command is bash\'s "command not found"', (name) => {
    const { shell, lines } = shellIn('home-isp-blocks-25');
    shell.run(name);
    expect(lines()).toEqual([`bash: ${name}: command not found`]);
  });

  it.each(NAMES)('dig MX %s: NXDOMAIN, not an exception', (name) => {
    const { shell, lines } = shellIn('home-isp-blocks-25');
    shell.run(`dig MX ${name}`);
    expect(lines().join('\n')).toMatch(/status: NXDOMAIN/);
  });

  it.each(['constructor', '__proto__'])('telnet %s 25 cannot resolve it', (name) => {
    const { shell, lines } = shellIn('home-isp-blocks-25');
    shell.run(`telnet ${name} 25`);
    expect(lines().at(-1)).toBe(`telnet: could not resolve ${name}/25: Name or service not known`);
  });

  it('mail to bob@constructor bounces instead of staying queued for ever', () => {
    const { shell, lines } = shellIn('home-isp-blocks-25');
    shell.run(
      'swaks --to bob@constructor --server smtp.example.net --port 587 --tls --auth-user alice@example.net --auth-password s3cret',
    );
    shell.run('sleep 5');
    shell.run('logs smtp.example.net');
    expect(lines().join('\n')).toMatch(/to=<bob@constructor>.*status=bounced/);
  });

  it('swaks --quit-after constructor is an unknown quit point', () => {
    const { shell, lines } = shellIn('home-isp-blocks-25');
    shell.run('swaks --to bob@example.org --quit-after constructor');
    expect(lines().join('\n')).not.toMatch(/TypeError|undefined/);
  });
});

describe('long lines stay cheap (issue 11)', () => {
  it('dig with a 100 KB name: BIND\'s "not a legal name", at once', () => {
    const { shell, lines } = shellIn('home-isp-blocks-25');
    const started = performance.now();
    shell.run(`dig MX ${'a.'.repeat(50_000)}org`);
    shell.run(`dig MX ${'a'.repeat(64)}.org`);
    shell.run('nslookup -type=mx a..b');
    expect(performance.now() - started).toBeLessThan(1000); // was 14 s: a generous bound
    const out = lines();
    expect(out[0]).toMatch(/^dig: 'a\.a\.a.*' is not a legal name \(ran out of space\)$/);
    expect(out[0]!.length).toBeLessThan(4200); // the shell kept 4095 characters of the line
    expect(out[1]).toBe(`dig: '${'a'.repeat(64)}.org' is not a legal name (label too long)`);
    expect(out[2]).toBe("nslookup: 'a..b' is not a legal name (empty label)");
  });

  it('traceroute -w with 100 KB of digits answers at once', () => {
    const { shell } = shellIn('home-isp-blocks-25');
    const started = performance.now();
    shell.run(`traceroute -w ${'1'.repeat(100_000)}x mx.example.org`);
    expect(performance.now() - started).toBeLessThan(1000); // was 12 s
  });
});

describe('waits longer than the world', () => {
  it.each(['sleep 99999999999d', 'traceroute -w 1e15 -q 3 -m 3 -T -p 25 mx.example.org'])(
    '%s: the clock stops at its horizon, and log lines still have dates',
    (line) => {
      const { shell, lines } = shellIn('home-isp-blocks-25');
      shell.run(line);
      expect(lines()).toContain(
        "(the lab's clock stops a hundred years after the world began: the rest of this wait is skipped)",
      );
      expect(shell.sim.timeLeft).toBe(0);
      shell.run('telnet smtp.example.net 587');
      shell.run('QUIT');
      shell.run('logs smtp.example.net');
      const log = lines().filter((l) => l.includes('postfix/submission/smtpd'));
      expect(log.length).toBeGreaterThan(0);
      for (const entry of log) expect(entry).toMatch(/^[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d /);
    },
  );

  it('still takes mail there: work due after the horizon waits, it does not hang the shell', () => {
    const { shell, lines } = shellIn('home-isp-blocks-25');
    shell.run('sleep 99999999999d');
    // The provider queues the message and would hand it on a moment later: past the end.
    shell.run(
      'swaks --to bob@example.org --from alice@example.net --server smtp.example.net --port 587 --tls --auth-user alice@example.net --auth-password s3cret',
    );
    expect(lines().at(-1)).toBe('=== Connection closed with remote host.');
    expect(shell.busy).toBe(false);
  });
});

describe('a newline inside what reaches the shell', () => {
  it('ends the line, as a terminal does (found by the shell fuzz target)', () => {
    const { shell, lines } = shellIn('home-isp-blocks-25');
    shell.run('echo one\necho two\n');
    shell.run('history');
    expect(lines()).toEqual(['one', 'two', '    1  echo one', '    2  echo two', '    3  history']);
  });
});

describe('history, bounded as bash bounds it', () => {
  it('keeps HISTSIZE (500) entries, numbered on; history -c starts again from 1', () => {
    const { shell, lines } = shellIn('home-isp-blocks-25');
    for (let i = 1; i <= 600; i++) shell.run(`echo ${i}`);
    const before = lines().length;
    shell.run('history 2');
    expect(lines().slice(before)).toEqual(['  600  echo 600', '  601  history 2']);
    shell.run('history');
    const listed = lines().slice(before + 2);
    expect(listed).toHaveLength(500);
    expect(listed[0]).toBe('  103  echo 103');
    shell.run('history -c');
    shell.run('history');
    expect(lines().at(-1)).toBe('    1  history');
  });
});
