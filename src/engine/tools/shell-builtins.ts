// The shell's own commands: help (ours), clear, and history as bash 5.2 prints it
// (test/fixtures/shell/bash-history.txt).

export interface BuiltinContext {
  print(line: string): void;
  /** Wipe the screen (the terminal decides how). */
  clear(): void;
  /** The command lines typed at the prompt, oldest first, this one included. */
  readonly history: string[];
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
  ['traceroute', 'traceroute -T -p 25 mx.example.org'],
];

const SHELL_COMMANDS: readonly (readonly [string, string])[] = [
  ['help', 'this list'],
  ['clear', 'clear the screen'],
  ['history', 'what you typed; history 5: the last five; history -c: forget it all'],
];

const column = ([name, text]: readonly [string, string]) => `  ${name.padEnd(12)}${text}`;

const help: Builtin = (_args, { print }) => {
  print('Tools (each answers as the real one does), with a command to try:');
  TOOL_EXAMPLES.forEach((entry) => print(column(entry)));
  print('Shell commands:');
  SHELL_COMMANDS.forEach((entry) => print(column(entry)));
  print('Ctrl-C stops a running tool.');
};

const clear: Builtin = (_args, { clear }) => clear();

const HISTORY_USAGE =
  'history: usage: history [-c] [-d offset] [n] or history -anrw [filename] or history -ps arg [arg...]';

/** bash's history: "%5d  %s" per entry, numbered from 1; `history n` shows the last n. */
const history: Builtin = (args, { print, history }) => {
  const [first] = args;
  if (first === '-c') {
    history.length = 0;
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
  history.slice(from).forEach((line, i) => print(`${String(from + i + 1).padStart(5)}  ${line}`));
};

export const BUILTINS: Readonly<Record<string, Builtin>> = { help, clear, history };
