// The shell's own commands: help and man (ours, pages from tool-manual.ts), clear, and
// history as bash 5.2 prints it (test/fixtures/shell/bash-history.txt).
import { describeOverheard, overheardAt } from '../world/eavesdropper.ts';
import { firewallLog, serverLog } from '../world/logs.ts';
import type { Simulation } from '../world/simulation.ts';
import type { ShellHistory } from './shell-history.ts';
import { verdictWord, type QuizDesk } from '../lessons/quiz.ts';
import { helpPage, manPage, manualOf, type ToolManual } from './tool-manual.ts';
import { homeFiles, openFile } from './home.ts';
import { octetsToBytes } from '../smtp/octets.ts';
import { MONTHS } from '../months.ts';

export interface BuiltinContext {
  print(line: string): void;
  /** Wipe the screen (the terminal decides how). */
  clear(): void;
  /** The command lines typed at the prompt, this one included. */
  readonly history: ShellHistory;
  /** Let virtual time pass (the world's servers retry their queues meanwhile). */
  wait(ms: number): void;
  /** The exit status of the last command ($?). */
  readonly lastStatus: number;
  /** The running world (logs are read from its trace). */
  readonly sim: Simulation;
  /** The open lesson's quiz (null outside a lesson). */
  readonly quiz: QuizDesk | null;
}

export type Builtin = (args: readonly string[], context: BuiltinContext) => void;

/** The tools of the lab, each with a command to try. */
const TOOL_EXAMPLES: readonly (readonly [string, string])[] = [
  ['telnet', 'telnet mx.example.org 25'],
  ['nc', 'nc -v mx.example.org 25'],
  ['openssl', 'openssl s_client -connect smtp.example.net:587 -starttls smtp'],
  ['swaks', 'swaks --to bob@example.org --server mx.example.org'],
  ['curl', 'curl -v smtp://mx.example.org --mail-rcpt bob@example.org -T message.txt'],
  ['dig', 'dig MX example.org'],
  ['nslookup', 'nslookup -type=mx example.org'],
  ['host', 'host -t txt example.org'],
  ['traceroute', 'traceroute -T -p 25 mx.example.org'],
];

const SHELL_COMMANDS: readonly (readonly [string, string])[] = [
  ['help', 'this list'],
  ['man', 'the manual of one command: man swaks'],
  ['clear', 'clear the screen'],
  ['history', 'what you typed; history 5: the last five; history -c: forget it all'],
  ['sleep', 'let time pass: sleep 300 (servers retry their queues meanwhile)'],
  ['echo $?', 'the exit status of the last tool'],
  ['ls', 'the files in your home directory (curl -T and swaks --attach read them)'],
  ['cat', 'show a file: cat message.txt'],
  ['answer', "a lesson's quiz question: answer <question> <choice number>"],
];

/** What the lab lets you see that a real user cannot: other people's logs, a router's
 * traffic, someone else's mailbox. */
const LAB_VIEWS: readonly (readonly [string, string])[] = [
  ['logs', "a server's mail log (logs mx.example.org), or the firewalls' (logs firewall)"],
  ['eavesdrop', 'what a sniffer on one hop read (eavesdrop isp-edge)'],
  ['mailbox', 'the mail delivered to an address (mailbox bob@example.org)'],
];

const column = ([name, text]: readonly [string, string]) => `  ${name.padEnd(12)}${text}`;

/** Each named page in turn (a blank line between two), or the refusal for an unknown name. */
function pages(
  names: readonly string[],
  print: (line: string) => void,
  layout: (name: string, page: ToolManual) => string[],
  unknown: (name: string) => string,
): void {
  names.forEach((name, i) => {
    if (i > 0) print('');
    const page = manualOf(name);
    (page === undefined ? [unknown(name)] : layout(name, page)).forEach((line) => print(line));
  });
}

/** help: the list of commands; help <command>: that command's page (bash's help builtin
 * answers an unknown topic with "no help topics match"). */
const help: Builtin = (args, { print }) => {
  if (args.length > 0) {
    const unknown = (name: string) =>
      `help: no help topics match '${name}'.  Try 'help' for the commands.`;
    return pages(args, print, helpPage, unknown);
  }
  print('Tools (each answers as the real one does), with a command to try:');
  TOOL_EXAMPLES.forEach((entry) => print(column(entry)));
  print('Shell commands:');
  SHELL_COMMANDS.forEach((entry) => print(column(entry)));
  print("The lab's own views (a real user has none of these: they belong to the servers'");
  print('operators, the ISP and the recipient; on a real network you have your terminal):');
  LAB_VIEWS.forEach((entry) => print(column(entry)));
  print('Ctrl-C stops a running tool.');
  print('help <command> (or man <command>) describes one command.');
};

/** man <command>: the same page laid out as man(1) shows one, with man-db's own words when
 * no page is named or none exists. */
const man: Builtin = (args, { print }) => {
  if (args.length === 0) {
    print('What manual page do you want?');
    return print("For example, try 'man man'.");
  }
  pages(args, print, manPage, (name) => `No manual entry for ${name}`);
};

const clear: Builtin = (_args, { clear }) => clear();

const HISTORY_USAGE =
  'history: usage: history [-c] [-d offset] [n] or history -anrw [filename] or history -ps arg [arg...]';

/** bash's history: "%5d  %s" per entry, numbered from history_base; `history n` shows the
 * last n. */
const history: Builtin = (args, { print, history }) => {
  const [first] = args;
  if (first === '-c') {
    history.clear();
    return;
  }
  if (first !== undefined && /^-./.test(first)) {
    if (/^-[danrwps]+$/.test(first)) {
      print(`bash: history: ${first}: not available in this lab (history, history n, history -c)`);
    } else {
      print(`bash: history: ${first}: invalid option`);
      print(HISTORY_USAGE);
    }
    return;
  }
  if (args.length > 1) return print('bash: history: too many arguments');
  if (first !== undefined && !/^\d+$/.test(first))
    return print(`bash: history: ${first}: numeric argument required`);
  const count = first === undefined ? history.length : Number(first);
  const from = Math.max(0, history.length - count);
  history
    .from(from)
    .forEach((line, i) => print(`${String(history.base + from + i).padStart(5)}  ${line}`));
};

/** sleep NUMBER[SUFFIX]: coreutils' suffixes s, m, h, d; time passes in the world. */
const sleep: Builtin = (args, { print, wait }) => {
  if (args.length === 0) {
    print('sleep: missing operand');
    return print("Try 'sleep --help' for more information.");
  }
  let ms = 0;
  for (const arg of args) {
    const m = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(arg);
    if (!m) {
      print(`sleep: invalid time interval '${arg}'`);
      return print("Try 'sleep --help' for more information.");
    }
    ms += Number(m[1]) * { '': 1000, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2]!]!;
  }
  wait(ms);
};

/** echo, for `echo $?` after a tool (the shell expands $? before echo sees it). */
const echo: Builtin = (args, { print, lastStatus }) =>
  print(args.map((a) => a.replaceAll('$?', String(lastStatus))).join(' '));

/** ls [-a] [-1] [-l] [-h] [file...]: the home directory, which holds only the files tools read
 * (home.ts). Missing names are refused as GNU ls 9.1 refuses them. */
const ls: Builtin = (args, { print, sim }) => {
  const options = args.filter((a) => a.startsWith('-') && a !== '-');
  const names = args.filter((a) => !options.includes(a));
  const unknown = options.find((o) => !/^-[a1lh]+$/.test(o));
  if (unknown !== undefined)
    return print(`ls: this lab's ls knows only -a, -1, -l and -h (not ${unknown})`);
  const has = (letter: string) => options.some((o) => o.includes(letter));
  const listed = names.length === 0 ? [...(has('a') ? ['.', '..'] : []), ...homeFiles()] : [];
  for (const name of names) {
    if (openFile(sim.world, name) === null)
      print(`ls: cannot access '${name}': No such file or directory`);
    else listed.push(name);
  }
  if (listed.length === 0) return;
  if (has('l')) longListing(listed, names.length === 0, has('h'), sim).forEach((l) => print(l));
  else if (!has('1')) print(listed.join('  '));
  else listed.forEach((name) => print(name));
};

/** GNU ls -l: mode, links, owner, group, size (or -h's 3.0M), "%b %e %H:%M", name; "total"
 * counts 1 KiB blocks of 4 KiB ext4 blocks. The files were put there an hour before the lab
 * started. */
function longListing(
  names: readonly string[],
  directory: boolean,
  human: boolean,
  sim: BuiltinContext['sim'],
): string[] {
  const user = sim.world.laptop.user;
  const rows = names.map((name) => {
    const isDir = name === '.' || name === '..';
    const size = isDir ? 4096 : (openFile(sim.world, name)?.size ?? 0);
    return { name, mode: isDir ? 'drwxr-xr-x' : '-rw-r--r--', links: isDir ? '2' : '1', size };
  });
  const shown = rows.map((r) => (human ? humanSize(r.size) : String(r.size)));
  const width = Math.max(...shown.map((s) => s.length));
  const linkWidth = Math.max(...rows.map((r) => r.links.length));
  const when = lsTime(new Date(sim.now().getTime() - sim.elapsed - 3_600_000));
  const blocks = rows.reduce((sum, r) => sum + Math.ceil(r.size / 4096) * 4, 0);
  return [
    ...(directory ? [`total ${human ? humanSize(blocks * 1024) : blocks}`] : []),
    ...rows.map(
      (r, i) =>
        `${r.mode} ${r.links.padStart(linkWidth)} ${user} ${user} ${shown[i]!.padStart(width)} ${when} ${r.name}`,
    ),
  ];
}

/** "%b %e %H:%M", as ls shows a file changed in the last six months (local time). */
const lsTime = (d: Date) =>
  `${MONTHS[d.getMonth()]} ${String(d.getDate()).padStart(2)} ${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;

/** ls -h: powers of 1024, one decimal below 10 (rounded up, as ls rounds): 3.0M, 768K, 36. */
function humanSize(size: number): string {
  const units = ['K', 'M', 'G'];
  if (size < 1024) return String(size);
  let value = size / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const text = value < 10 ? (Math.ceil(value * 10) / 10).toFixed(1) : String(Math.ceil(value));
  return `${text}${units[unit]}`;
}

/** cat file...: a file's lines as they are; a missing one is refused as GNU cat refuses it.
 * A binary file (photo.jpg) comes out as a UTF-8 terminal shows raw octets: whatever is not
 * UTF-8 as U+FFFD, a new line at each LF. */
const cat: Builtin = (args, { print, sim }) => {
  if (args.length === 0)
    return print('cat: name a file to show, e.g. cat message.txt (the lab has no input to copy)');
  for (const name of args) {
    const file = openFile(sim.world, name);
    if (file === null) print(`cat: ${name}: No such file or directory`);
    else if (file.text !== null)
      file.text
        .replace(/\n$/, '')
        .split('\n')
        .forEach((line) => print(line));
    else {
      const decoder = new TextDecoder();
      let row = '';
      for (const piece of file.octets()) {
        const lines = (row + decoder.decode(octetsToBytes(piece), { stream: true })).split('\n');
        row = lines.pop()!;
        lines.forEach((line) => print(line));
      }
      row += decoder.decode();
      if (row !== '') print(row);
    }
  }
};

/** logs <server> | logs firewall: what a server's Postfix wrote, or what the firewalls on
 * the way dropped (in a real network you would need a login on those machines). */
const logs: Builtin = (args, { print, sim }) => {
  const [which] = args;
  const servers = sim.world.hosts.map((h) => h.name);
  if (which === undefined || (which !== 'firewall' && !servers.includes(which))) {
    return print(`usage: logs <${[...servers, 'firewall'].join('|')}>`);
  }
  const lines =
    which === 'firewall'
      ? firewallLog(sim.recorded, sim.startedAt)
      : serverLog(sim.recorded, which, sim.startedAt);
  if (lines.length === 0) print(`(nothing logged on ${which} yet)`);
  lines.forEach((line) => print(line));
};

/** eavesdrop <hop>: what a sniffer on that hop captured so far (the lab's stand-in for a
 * tcpdump on a machine you do not have). */
const eavesdrop: Builtin = (args, { print, sim }) => {
  const hops = [
    ...new Set(sim.world.hosts.flatMap((host) => sim.world.pathTo(host).map((hop) => hop.id))),
  ];
  const [hop] = args;
  if (hop === undefined || !hops.includes(hop))
    return print(`usage: eavesdrop <${hops.join('|')}>`);
  const seen = overheardAt(sim.recorded, hop);
  if (seen.length === 0) print(`(nothing has crossed ${hop} yet)`);
  seen.forEach((item) => print(describeOverheard(item)));
};

/** mailbox <address>: the mbox file local(8) wrote for that address, Received: chain and
 * all (what `cat /var/mail/bob` shows on the server). */
const mailbox: Builtin = (args, { print, sim }) => {
  const [address] = args;
  if (address === undefined) return print('usage: mailbox <address>, e.g. mailbox bob@example.org');
  const entries = sim.recorded.flatMap(({ event }) =>
    event.type === 'mail.delivered' && event.mailbox.toLowerCase() === address.toLowerCase()
      ? [event.content]
      : [],
  );
  if (entries.length === 0) return print(`(no mail for ${address} yet)`);
  entries
    .join('')
    .replace(/\n$/, '')
    .split('\n')
    .forEach((line) => print(line));
};

/** answer <question> <choice>: a lesson quiz answer, by the number the panel shows beside the
 * choice. It is judged and explained here exactly as a click in the panel is; a question or a
 * number that does not exist is refused and nothing is recorded. */
const answer: Builtin = (args, { print, sim, quiz }) => {
  const [question, choice] = args;
  if (question === undefined || choice === undefined || args.length > 2 || !/^\d+$/.test(choice))
    return print('usage: answer <question> <choice number>, e.g. answer why-554 2');
  if (quiz === null) return print('answer: there is no quiz here: open a lesson to answer one');
  const verdict = quiz.answer(question, Number(choice));
  if ('problem' in verdict) return print(`answer: ${verdict.problem}`);
  sim.trace({ type: 'lesson.answer', question, choice: verdict.choice });
  print(`${question}, choice ${verdict.shown}: ${verdict.text}`);
  print(`${verdictWord(verdict.right)} ${verdict.explain}`);
};

export const BUILTINS: Readonly<Record<string, Builtin>> = {
  answer,
  eavesdrop,
  mailbox,
  help,
  man,
  clear,
  history,
  sleep,
  echo,
  logs,
  ls,
  cat,
};
