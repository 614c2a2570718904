// The lab's manual: one page per command, for `help <command>` and `man <command>`. Each page
// says what THIS simulation does, in the real tool's words: its synopsis as the tool writes
// it, and only the options the lab's parser really takes (test/unit/tool-manual.test.ts runs
// each one through the tool to keep the page honest). The real tools have many more.
import { own } from '../own.ts';

export interface ToolManual {
  /** One line: what the command is for. */
  readonly summary: string;
  /** Usage lines, as the real tool's manual writes them. */
  readonly synopsis: readonly string[];
  /** The options the lab parses: how they are spelt, and what they do here. */
  readonly options: readonly (readonly [spelling: string, meaning: string])[];
  /** A few lines on what is particular to the lab. */
  readonly notes: readonly string[];
}

const NC: ToolManual = {
  summary: 'open a raw TCP connection and type to the server yourself',
  synopsis: ['nc [-vzC] [-w timeout] destination port'],
  options: [
    ['-C', 'send CRLF as the line end (without it Enter sends a bare LF)'],
    ['-v', 'say whether the connection succeeded or why it failed'],
    ['-w timeout', 'give up a connection attempt after timeout seconds'],
    ['-z', 'only check that the port answers, then exit without sending'],
  ],
  notes: [
    'SMTP lines end in CRLF (RFC 5321 §2.3.8): a strict Postfix refuses a bare LF, so use -C.',
    'Letters may be grouped: nc -vC mx.example.org 25. Ctrl-C ends the connection.',
  ],
};

export const TOOL_MANUAL: Readonly<Record<string, ToolManual>> = {
  telnet: {
    summary: 'open a TCP connection and type SMTP commands to the server yourself',
    synopsis: ['telnet host [port]'],
    options: [],
    notes: [
      "The port defaults to 23, telnet's own; mail servers listen on 25 (and 587 for submission).",
      'Each line you type goes out with CRLF, the line end SMTP needs (RFC 5321 §2.3.8).',
      'Ctrl-] opens the telnet> prompt: close or quit ends the connection, ? lists the commands.',
    ],
  },
  nc: NC,
  netcat: { ...NC, notes: [...NC.notes, 'netcat is another name for nc.'] },
  openssl: {
    summary: 'talk to a mail server through TLS with s_client',
    synopsis: [
      'openssl s_client [-connect host:port] [-starttls smtp|lmtp] [options]',
      'openssl version',
      'openssl help',
    ],
    options: [
      ['-connect host:port', 'where to connect (default localhost:4433)'],
      ['-host host', 'the host alone (s_client says: use -connect instead)'],
      ['-port port', 'the port alone (s_client says: use -connect instead)'],
      ['-starttls smtp|lmtp', 'read the banner, send EHLO and STARTTLS, then start TLS'],
      ['-name hostname', 'the name -starttls says in its EHLO (default mail.example.com)'],
      ['-servername name', 'the server name sent in the handshake (SNI)'],
      ['-noservername', 'send no server name'],
      ['-crlf', 'send CRLF for Enter instead of a bare LF'],
      ['-quiet', 'no certificate or session report; implies -ign_eof'],
      ['-brief', 'a short connection report; implies -quiet and -verify_quiet'],
      ['-verify_quiet', 'print only verification errors'],
      ['-ign_eof', 'no command letters; end of input does not end the session'],
      ['-no_ign_eof', 'undo -ign_eof'],
      ['-nocommands', 'no command letters: Q, R and K go to the server as typed'],
      ['-showcerts', "print the server's whole certificate chain"],
      ['-verify_hostname name', 'check that the certificate is issued for this name'],
      ['-ignore_unexpected_eof', 'a server that closes without close_notify is not an error'],
      ['-4', 'use IPv4 only (the lab has nothing else)'],
      ['-help', "print s_client's list of options"],
    ],
    notes: [
      '-starttls smtp does the STARTTLS exchange itself (RFC 3207 §4), then EHLO again in TLS.',
      'Without -quiet or -ign_eof, a line starting with Q quits, R renegotiates, K updates keys:',
      "so type 'rcpt to:' in lower case. Other openssl commands exist but are not simulated.",
    ],
  },
  swaks: {
    summary: 'send a test mail and print the whole SMTP dialogue',
    synopsis: ['swaks --to address [--server host[:port]] [options]'],
    options: [
      ['-t, --to address', 'the recipient (swaks asks for it when missing)'],
      ['-f, --from address', 'the sender (default: you at the laptop)'],
      ['-s, --server host[:port]', "the server (default: the recipient domain's MX)"],
      ['-p, --port port', 'a number or a name: smtp, submission, smtps (default 25)'],
      ['-h, --helo, --ehlo name', 'the name to say in EHLO (default: the laptop)'],
      ['--tls', 'require STARTTLS; quit if the server does not offer it'],
      ['--tlso, --tls-optional', 'use STARTTLS if offered, go on in the clear if not'],
      ['--tlsc, --tls-on-connect', 'start TLS as soon as it connects, before the banner'],
      ['--tls-verify', "check the server's certificate chain (never its name)"],
      ['-a, --auth [type[,type]]', 'authenticate with LOGIN or PLAIN (default: any)'],
      ['--au, --auth-user user', 'the user name for --auth'],
      ['--ap, --auth-password pass', 'the password (swaks asks for it when missing)'],
      ['-q, --quit-after point', 'stop after connect, first-ehlo, tls, ehlo, auth, mail, rcpt'],
      ['--pipe, --pipeline', 'send MAIL, RCPT and DATA together when PIPELINING is offered'],
      ['--timeout secs', 'how long to wait for each reply (default 30s)'],
      ['--body text', 'the message body (default: "This is a test mailing")'],
      ['--header "Name: value"', 'add a header to the message'],
      ['--attach @file', 'attach a file (MIME, base64), e.g. --attach @photo.jpg'],
      ['--attach-type type', 'the MIME type of the attachments after it'],
      ['--attach-name name', 'the file name the next attachment carries'],
      ['-n, --suppress-data', 'print "N lines sent" instead of every line of the message'],
    ],
    notes: [
      '--tls requires STARTTLS (RFC 3207), --tls-on-connect is implicit TLS (port 465, RFC 8314 §3.3).',
      '--auth is SMTP AUTH (RFC 4954); --pipeline is PIPELINING (RFC 2920).',
      "Without --server swaks sends to the MX of the first recipient's domain (RFC 5321 §5.1).",
    ],
  },
  curl: {
    summary: 'send a mail (smtp://, smtps://) or fetch a page (http://)',
    synopsis: [
      'curl [options...] <url>',
      'curl smtp://host[:port][/ehlo-name] --mail-from address --mail-rcpt address -T file',
    ],
    options: [
      ['-v, --verbose', 'show the dialogue: > is what curl sends, < what it reads'],
      ['-s, --silent', 'no progress meter and no error messages'],
      ['-S, --show-error', 'with -s, still print an error'],
      ['--no-progress-meter', 'no progress meter, errors still shown'],
      ['-k, --insecure', "go on whatever the server's certificate"],
      ['--ssl', 'use STARTTLS if the server offers it'],
      ['--ssl-reqd', 'require STARTTLS, or fail'],
      ['-T, --upload-file file', 'the message to send; -T - reads what you type until Ctrl-D'],
      ['--mail-from address', 'the MAIL FROM address'],
      ['--mail-rcpt address', 'a RCPT TO address (give it once per recipient)'],
      ['--mail-rcpt-allowfails', 'go on when some recipients are refused'],
      ['-u, --user user[:password]', 'log in with SASL (curl asks for a missing password)'],
      ['--login-options AUTH=mech', 'the SASL mechanism: PLAIN, LOGIN or *'],
      ['--sasl-ir', 'with AUTH PLAIN, send the credentials on the AUTH line itself'],
      ['--crlf', 'turn the LF line ends of the upload into CRLF'],
      ['--url url', 'the URL, as an option'],
      ['-h, --help', "print curl's short help"],
      ['-V, --version', "print curl's version"],
    ],
    notes: [
      'smtps:// is implicit TLS on port 465 (RFC 8314 §3.3); --ssl-reqd is STARTTLS (RFC 3207).',
      'Without -T curl sends VRFY for the --mail-rcpt address (or HELP) instead of a message.',
      'Other real curl options are accepted with a warning that the lab ignores them.',
    ],
  },
  dig: {
    summary: 'ask DNS about a name: where its mail goes (MX), its address (A), its TXT',
    synopsis: ['dig [@server] [-p port] [-t type] [+short] name [type]', 'dig -x address'],
    options: [
      ['@server', 'the resolver to name in the answer (the lab has one DNS)'],
      ['-p port', 'the resolver port shown in the answer (default 53)'],
      ['-t type', 'the record type: A, AAAA, CNAME, MX, NS, PTR, SOA, TLSA or TXT (default A)'],
      ['-x address', 'a reverse lookup: the PTR record of an IPv4 address'],
      ['+short', 'print only the answers'],
    ],
    notes: [
      'The type may also follow the name: dig MX example.org. The flag ad means the resolver checked the answer with DNSSEC (RFC 4035 §3.2.3).',
      'A sender tries the MX hosts in order of preference, lowest first (RFC 5321 §5.1).',
      'SPF is a TXT record at the domain, DMARC one at _dmarc.<domain>; a DNS blocklist lists 203.0.113.45 as 45.113.0.203.<zone> (RFC 5782 §2.1).',
    ],
  },
  nslookup: {
    summary: 'ask DNS for a name, the older way',
    synopsis: ['nslookup [-type=type] [-port=port] name [server]', 'nslookup address [server]'],
    options: [
      [
        '-type=type, -query=type',
        'the record type: A, AAAA, CNAME, MX, NS, PTR, SOA, TLSA or TXT (default A; PTR for an address)',
      ],
      ['-port=port', 'the resolver port shown in the answer (default 53)'],
    ],
    notes: ['Interactive mode (nslookup without a name) is not simulated.'],
  },
  host: {
    summary: 'ask DNS about a name, in a sentence per answer',
    synopsis: ['host [-t type] [-p port] name [server]', 'host address [server]'],
    options: [
      [
        '-t type',
        'the record type (A, AAAA, CNAME, MX, NS, PTR, SOA, TLSA, TXT); without it A, AAAA and MX',
      ],
      ['-p port', 'the resolver port shown with a server (default 53)'],
    ],
    notes: [
      'An address is looked up in reverse: its PTR record, the name its owner gave it.',
      "host -t txt _dmarc.example.org shows a domain's DMARC policy (RFC 7489 §6.1).",
    ],
  },
  traceroute: {
    summary: 'list the hops on the way to a host, and where probes stop',
    synopsis: ['traceroute [-nT] [-m max_ttl] [-p port] [-q nqueries] [-w MAX] host [packetlen]'],
    options: [
      ['-n', 'print addresses only, no names'],
      ['-T, --tcp', 'probe with TCP SYN instead of UDP (default port 80)'],
      ['-p, --port port', 'the TCP port, or the first UDP port (default 33434)'],
      ['-m, --max-hops max_ttl', 'the most hops to try (default 30)'],
      ['-q, --queries nqueries', 'probes per hop (default 3)'],
      ['-w, --wait MAX', 'seconds to wait for each probe (default 5)'],
      ['-4', 'use IPv4 (the only kind the lab has)'],
      ['-V, --version', "print traceroute's version"],
      ['--help', "print traceroute's usage"],
    ],
    notes: [
      'traceroute -T -p 25 shows where port 25 is filtered: * * * is a hop that drops the probes.',
    ],
  },
  help: {
    summary: "list the lab's commands, or describe one",
    synopsis: ['help [command]'],
    options: [],
    notes: ['help works in every lesson, as do man, clear, history and answer.'],
  },
  man: {
    summary: 'show the manual page of one command',
    synopsis: ['man command'],
    options: [],
    notes: ['The pages describe what this lab simulates, not all of the real tool.'],
  },
  clear: {
    summary: 'clear the terminal screen',
    synopsis: ['clear'],
    options: [],
    notes: [],
  },
  history: {
    summary: 'list the command lines you typed',
    synopsis: ['history [n]', 'history -c'],
    options: [['-c', 'clear the history list']],
    notes: ['history n lists the last n lines. Lines typed to a running tool are not kept.'],
  },
  sleep: {
    summary: 'let virtual time pass',
    synopsis: ['sleep NUMBER[SUFFIX]...'],
    options: [],
    notes: [
      'SUFFIX is s (seconds, the default), m, h or d; several times are added up.',
      'No real time passes. Servers retry their queued mail meanwhile (RFC 5321 §4.5.4.1).',
    ],
  },
  echo: {
    summary: 'print its arguments',
    synopsis: ['echo [string...]'],
    options: [],
    notes: ['$? is replaced by the exit status of the last command: echo $?'],
  },
  ls: {
    summary: 'list the files in your home directory',
    synopsis: ['ls [-a] [-1] [file...]'],
    options: [
      ['-a', 'also list . and ..'],
      ['-1', 'one name per line'],
    ],
    notes: ['The lab keeps only the files its tools read: curl -T message.txt sends one.'],
  },
  cat: {
    summary: 'show the content of a file',
    synopsis: ['cat file...'],
    options: [],
    notes: ['cat message.txt shows the message that curl -T message.txt sends.'],
  },
  logs: {
    summary: "read a server's mail log, or what the firewalls dropped",
    synopsis: ['logs server', 'logs firewall'],
    options: [],
    notes: [
      "A server's log is what its Postfix wrote; on a real network it needs a login there.",
      'logs alone lists the servers you can read.',
    ],
  },
  eavesdrop: {
    summary: 'show what a sniffer on one hop of the path could read',
    synopsis: ['eavesdrop hop'],
    options: [],
    notes: [
      'It stands in for a tcpdump on a machine you do not have. eavesdrop alone lists the hops.',
      'SMTP in the clear is read as typed; after STARTTLS only the size of each TLS record.',
    ],
  },
  mailbox: {
    summary: 'show the mail delivered to an address',
    synopsis: ['mailbox address'],
    options: [],
    notes: ['It prints the mbox file as the server wrote it, Received: headers and all.'],
  },
  answer: {
    summary: "answer a lesson's quiz question",
    synopsis: ['answer question choice'],
    options: [],
    notes: ['choice is the number the lesson panel shows beside it: answer why-554 2'],
  },
};

/** The page of a command, or undefined ("constructor" is not a command). */
export const manualOf = (name: string): ToolManual | undefined => own(TOOL_MANUAL, name);

/** `help <name>`: bash's help layout (a title line, then indented sections). */
export function helpPage(name: string, page: ToolManual): string[] {
  const width = Math.max(0, ...page.options.map(([spelling]) => spelling.length));
  return [
    `${name}: ${page.summary}`,
    'Usage:',
    ...page.synopsis.map((line) => `  ${line}`),
    ...(page.options.length === 0 ? [] : ['Options the lab simulates:']),
    ...page.options.map(([spelling, meaning]) => `  ${spelling.padEnd(width)}  ${meaning}`),
    ...page.notes,
  ];
}

/** `man <name>`: man(1)'s layout, sections at the margin and text indented 7 columns. */
export function manPage(name: string, page: ToolManual): string[] {
  const text = (line: string) => `       ${line}`;
  const section = (title: string, lines: readonly string[]) =>
    lines.length === 0 ? [] : ['', title, ...lines];
  return [
    'NAME',
    text(`${name} - ${page.summary}`),
    ...section('SYNOPSIS', page.synopsis.map(text)),
    ...section(
      'OPTIONS',
      page.options.flatMap(([spelling, meaning]) => [text(spelling), `              ${meaning}`]),
    ),
    ...section('NOTES', page.notes.map(text)),
  ];
}
