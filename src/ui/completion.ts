// Tab completion, as bash does it: one match completes the word (and adds a space), several
// complete their common prefix and are listed. Commands at the prompt, then each tool's
// flags, host names and domains; SMTP verbs while a tool is connected.

export interface CompletionSources {
  /** Tools and shell commands. */
  readonly commands: readonly string[];
  /** Host names and mail domains of the world. */
  readonly hosts: readonly string[];
  /** A tool is running: the words are SMTP, not shell. */
  readonly inSession: boolean;
  /** The words a command takes instead of host names (eavesdrop: the hops; logs: the
   * servers and "firewall"; help: the commands), exactly the ones it accepts. */
  readonly args?: Readonly<Record<string, readonly string[]>>;
}

export interface Completion {
  /** The input line after completion. */
  readonly line: string;
  /** What matched, when there was more than one choice. */
  readonly choices: readonly string[];
}

/** The flags worth completing, per tool (the ones the lab simulates). */
const FLAGS: Readonly<Record<string, readonly string[]>> = {
  swaks: [
    '--to',
    '--from',
    '--server',
    '--port',
    '--helo',
    '--tls',
    '--tls-optional',
    '--tlsc',
    '--auth',
    '--auth-user',
    '--auth-password',
    '--quit-after',
    '--pipeline',
    '--timeout',
    '--body',
    '--header',
  ],
  curl: [
    '-v',
    '-s',
    '-k',
    '-u',
    '-T',
    '--mail-from',
    '--mail-rcpt',
    '--ssl',
    '--ssl-reqd',
    '--user',
    '--upload-file',
    '--crlf',
  ],
  openssl: ['s_client', '-connect', '-starttls', '-crlf', '-quiet', '-servername', '-brief'],
  nc: ['-v', '-C', '-z', '-w'],
  dig: ['MX', 'A', '+short', '-t'],
  nslookup: ['-type=mx', '-type=a'],
  traceroute: ['-T', '-p', '-n', '-m', '-q', '-w'],
  history: ['-c'],
};

/** SMTP commands a learner types inside telnet, nc or openssl (RFC 5321 §4.1, RFC 3207, RFC 4954). */
const SMTP_WORDS = [
  'EHLO ',
  'HELO ',
  'MAIL FROM:<',
  'RCPT TO:<',
  'DATA',
  'RSET',
  'NOOP',
  'QUIT',
  'VRFY ',
  'STARTTLS',
  'AUTH PLAIN ',
  'AUTH LOGIN',
];

function commonPrefix(words: readonly string[]): string {
  let prefix = words[0] ?? '';
  for (const word of words) while (!word.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}

export function complete(line: string, sources: CompletionSources): Completion {
  const start = line.lastIndexOf(' ') + 1;
  const word = line.slice(start);
  const before = line.slice(0, start);
  let candidates: readonly string[];
  if (sources.inSession) {
    if (before.trim() !== '') return { line, choices: [] };
    candidates = SMTP_WORDS.filter((w) => w.toUpperCase().startsWith(word.toUpperCase()));
  } else if (before.trim() === '') {
    candidates = sources.commands.filter((c) => c.startsWith(word)).map((c) => `${c} `);
  } else {
    const tool = before.trim().split(/\s+/)[0]!;
    const own = sources.args?.[tool];
    const pool =
      word.startsWith('-') || word.startsWith('+') ? (FLAGS[tool] ?? []) : (own ?? sources.hosts);
    // "user@" completes the domain part.
    const at = word.indexOf('@');
    const [head, tail] = at === -1 ? ['', word] : [word.slice(0, at + 1), word.slice(at + 1)];
    candidates = pool.filter((c) => c.startsWith(tail)).map((c) => `${head}${c} `);
  }
  if (candidates.length === 0) return { line, choices: [] };
  if (candidates.length === 1) return { line: before + candidates[0]!, choices: [] };
  const shared = commonPrefix(candidates);
  return {
    line: before + (shared.length > word.length ? shared : word),
    choices: candidates.map((c) => c.trim()),
  };
}
