// The shell's own commands: history as real bash 5.2 printed it (test/fixtures/shell),
// clear for the terminal to act on, and help naming every tool with a command to try.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderOutput } from '../../src/adapters/cli/render-output.ts';
import { repoRoot } from '../tools/fidelity/paths.ts';
import { shellIn } from '../tools/shell-in.ts';

/** The recorded bash session: each command and what it printed. */
function bashSession(): { command: string; output: string[] }[] {
  const text = readFileSync(path.join(repoRoot, 'test/fixtures/shell/bash-history.txt'), 'utf8');
  const steps: { command: string; output: string[] }[] = [];
  for (const line of text.trimEnd().split('\n')) {
    if (line.startsWith('$ ')) steps.push({ command: line.slice(2), output: [] });
    else steps.at(-1)!.output.push(line);
  }
  return steps;
}

describe('history', () => {
  it('prints what bash printed for the same commands', () => {
    const { shell, lines } = shellIn('datacenter-direct');
    const steps = bashSession();
    expect(steps.filter((s) => s.command.startsWith('history')).length).toBeGreaterThan(5);
    for (const { command, output } of steps) {
      const before = lines().length;
      shell.run(command);
      // The lab has no echo; everything else must print what bash printed.
      if (!command.startsWith('echo')) expect(lines().slice(before)).toEqual(output);
    }
  });

  it('keeps what was typed at the prompt, not the lines typed to a running tool', () => {
    const { shell, lines } = shellIn('datacenter-direct');
    shell.run('telnet mx.example.org 25');
    shell.run('EHLO laptop.example.net');
    shell.run('QUIT');
    expect(shell.busy).toBe(false);
    shell.run('');
    shell.run('dig MX example.org');
    const before = lines().length;
    shell.run('history');
    expect(lines().slice(before)).toEqual([
      '    1  telnet mx.example.org 25',
      '    2  dig MX example.org',
      '    3  history',
    ]);
  });

  it('shows the last n with their numbers, forgets everything with -c', () => {
    const { shell, lines } = shellIn('datacenter-direct');
    for (const command of ['nslookup example.org', 'dig example.org', 'frobnicate']) {
      shell.run(command);
    }
    let before = lines().length;
    shell.run('history 3');
    expect(lines().slice(before)).toEqual([
      '    2  dig example.org',
      '    3  frobnicate',
      '    4  history 3',
    ]);
    shell.run('history -c');
    shell.run('history 99');
    before = lines().length;
    shell.run('history');
    expect(lines().slice(before)).toEqual(['    1  history 99', '    2  history']);
  });

  it('right-aligns numbers in five columns past 9 and 99', () => {
    const { shell, lines } = shellIn('datacenter-direct');
    for (let i = 0; i < 100; i++) shell.run('frobnicate');
    const before = lines().length;
    shell.run('history 2');
    expect(lines().slice(before)).toEqual(['  100  frobnicate', '  101  history 2']);
  });

  it('is a builtin: no tool runs, no connection is counted, nothing is traced', () => {
    const { shell, outputs } = shellIn('cloud-vm-throttled-25');
    for (let i = 0; i < 3; i++) shell.run('history');
    expect(outputs.filter((o) => o.kind !== 'line')).toEqual([]);
    // The cloud lets two connections to port 25 through: these are the first two.
    shell.run('telnet mx.example.org 25');
    expect(
      outputs.filter((o) => o.kind === 'trace' && o.event.type === 'smtp.reply').at(-1),
    ).toMatchObject({ event: { type: 'smtp.reply', code: 220 } });
  });
});

describe('clear', () => {
  it('asks the terminal to wipe the screen and prints nothing itself', () => {
    const { shell, outputs } = shellIn('datacenter-direct');
    shell.run('clear');
    expect(outputs).toEqual([{ kind: 'clear' }]);
  });

  it('is cursor home + erase on a terminal, and nothing when piped', () => {
    expect(renderOutput({ kind: 'clear' }, true)).toBe('\x1b[H\x1b[2J');
    expect(renderOutput({ kind: 'clear' }, false)).toBe('');
    expect(renderOutput({ kind: 'line', text: 'hi' }, true)).toBe('hi\n');
    expect(renderOutput({ kind: 'wait', ms: 133_000 }, false)).toBe('(133 s pass)\n');
  });
});

describe('help', () => {
  const helpLines = () => {
    const { shell, lines } = shellIn('datacenter-direct');
    shell.run('help');
    return lines();
  };

  it('lists every tool with a command to try, and the shell commands', () => {
    const lines = helpLines();
    const tools = ['telnet', 'nc', 'openssl', 'swaks', 'curl', 'dig', 'nslookup', 'traceroute'];
    for (const tool of [...tools, 'help', 'clear', 'history']) {
      expect(lines.some((l) => l.startsWith(`  ${tool.padEnd(12)}`))).toBe(true);
    }
    for (const tool of tools) {
      const entry = lines.find((l) => l.startsWith(`  ${tool.padEnd(12)}`))!;
      expect(entry.slice(14).startsWith(`${tool} `)).toBe(true);
    }
  });

  it("sets the lab's own views apart from what a real user has", () => {
    const lines = helpLines();
    const heading = lines.findIndex((l) => l.startsWith("The lab's own views"));
    expect(heading).toBeGreaterThan(0);
    for (const view of ['logs', 'eavesdrop', 'mailbox']) {
      const at = lines.findIndex((l) => l.startsWith(`  ${view.padEnd(12)}`));
      expect(at, view).toBeGreaterThan(heading);
    }
    const telnet = lines.findIndex((l) => l.startsWith('  telnet'));
    expect(telnet).toBeLessThan(heading);
  });

  it('gives examples the shell runs (for the tools it has so far)', () => {
    const examples = helpLines()
      .filter((l) => /^ {2}(telnet|nc|dig|nslookup|traceroute) /.test(l))
      .map((l) => l.slice(14));
    expect(examples).toHaveLength(5);
    for (const example of examples) {
      const { shell, lines } = shellIn('datacenter-direct');
      shell.run(example);
      expect(lines().join('\n')).not.toMatch(/command not found|usage|Usage|Bad option|invalid/);
      expect(lines().length).toBeGreaterThan(0);
    }
  });
});

describe('ls and cat: the files tools read, in plain sight', () => {
  const run = (...commands: string[]) => {
    const { shell, lines } = shellIn('datacenter-direct');
    for (const command of commands) shell.run(command);
    return lines();
  };

  it('lists the home directory as GNU ls does on a terminal', () => {
    // In the C locale's order (code points), as Debian's C.UTF-8 sorts: "-" before ".".
    expect(run('ls')).toEqual(['message.txt  photo-small.jpg  photo.jpg']);
    expect(run('ls -a')).toEqual(['.  ..  message.txt  photo-small.jpg  photo.jpg']);
    expect(run('ls -1a')).toEqual(['.', '..', 'message.txt', 'photo-small.jpg', 'photo.jpg']);
    expect(run('ls message.txt nothere')).toEqual([
      "ls: cannot access 'nothere': No such file or directory",
      'message.txt',
    ]);
  });

  it('gives sizes with -l, and -h as powers of 1024, in the columns GNU ls makes', () => {
    const when = String.raw`[A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}`;
    const long = run('ls -l');
    expect(long[0]).toBe('total 3844'); // 4 + 768 + 3072 KiB of 4 KiB blocks
    expect(long.slice(1).map((l) => l.replace(new RegExp(when), 'WHEN'))).toEqual([
      '-rw-r--r-- 1 root root      36 WHEN message.txt',
      '-rw-r--r-- 1 root root  786432 WHEN photo-small.jpg',
      '-rw-r--r-- 1 root root 3145728 WHEN photo.jpg',
    ]);
    expect(
      run('ls -lh photo.jpg photo-small.jpg').map((l) => l.replace(new RegExp(when), 'WHEN')),
    ).toEqual([
      '-rw-r--r-- 1 root root 3.0M WHEN photo.jpg',
      '-rw-r--r-- 1 root root 768K WHEN photo-small.jpg',
    ]);
    expect(run('ls -la')[1]).toMatch(
      new RegExp(String.raw`^drwxr-xr-x 2 root root +4096 ${when} \.$`),
    );
  });

  it('shows the message curl -T sends, and refuses a file that is not there', () => {
    expect(run('cat message.txt')).toEqual(['Subject: curl test', '', 'hello from curl']);
    expect(run('cat ~/message.txt')).toEqual(['Subject: curl test', '', 'hello from curl']);
    expect(run('cat /etc/passwd')).toEqual(['cat: /etc/passwd: No such file or directory']);
    expect(run('cat')[0]).toMatch(/^cat: name a file/);
  });

  it('shows the photo as a terminal shows raw octets', () => {
    const shown = run('cat photo.jpg');
    // The JFIF header: FF D8 FF E0 are no UTF-8, "JFIF" is; the random octets hold an LF
    // about once in 256.
    expect(shown[0]).toMatch(/^\uFFFD{4}\0\x10JFIF\0/);
    expect(shown.length).toBeGreaterThan(10_000);
    expect(shown.at(-1)).toMatch(/\uFFFD\uFFFD$/); // FF D9, the end of the image
  });

  it('says plainly which options it knows', () => {
    expect(run('ls -t')).toEqual(["ls: this lab's ls knows only -a, -1, -l and -h (not -t)"]);
  });
});
