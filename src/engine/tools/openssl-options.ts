// openssl s_client's command line, parsed as OpenSSL 3.0's opt_next() does: options by the
// names its -help lists (one or two leading dashes), each value the next word, then at most
// one "host:port". Its complaints are word for word.
import { S_CLIENT_HELP } from './openssl-help.ts';

export interface SClientOptions {
  /** -connect host:port (or -host, -port, or the one operand); localhost:4433 by default. */
  host: string;
  port: string;
  starttls: 'smtp' | 'lmtp' | null;
  /** -name: what -starttls smtp says in its EHLO. */
  ehloName: string;
  /** -servername; by default the host's name when it looks like a DNS name. */
  servername: string | null;
  noservername: boolean;
  crlf: boolean;
  /** -quiet and -brief: no connection report, no "read R BLOCK" or "closed". */
  quiet: boolean;
  brief: boolean;
  /** -verify_quiet (and -brief): only the verify error, not each "verify return:1". */
  verifyQuiet: boolean;
  /** -ign_eof (and -quiet): no command letters, end of input does not end it. */
  ignEof: boolean;
  /** Q (quit), R (renegotiate), K and k (key update) at the start of a line; -nocommands. */
  commands: boolean;
  showcerts: boolean;
  ignoreUnexpectedEof: boolean;
  /** -verify_hostname: the name the certificate must be issued for (X509_VERIFY_PARAM_set1_host);
   * without it s_client checks no name at all. */
  verifyHostname: string | null;
}

/** What the option parser prints instead, and the exit status. */
export interface SClientUsage {
  readonly lines: readonly string[];
  readonly status: number;
}

/** Option name -> its value type ("val", "+int", "infile") or null for a flag, from -help. */
const KNOWN: ReadonlyMap<string, string | null> = new Map(
  S_CLIENT_HELP.flatMap((line) => {
    const m = /^ -(\S+)(?: (\S+))? {2,}/.exec(line);
    return m ? [[m[1]!, m[2] ?? null] as const] : [];
  }),
);

/** The options this lab plays out; the rest of -help's list is real but not simulated. */
const SIMULATED = new Set([
  'help',
  'connect',
  'host',
  'port',
  'starttls',
  'name',
  'servername',
  'noservername',
  'crlf',
  'quiet',
  'brief',
  'verify_quiet',
  'ign_eof',
  'no_ign_eof',
  'nocommands',
  'showcerts',
  'ignore_unexpected_eof',
  'verify_hostname',
  '4', // the world has IPv4 only
  '6',
]);

/** -starttls values, in the order OpenSSL lists them. */
const STARTTLS = [
  'smtp',
  'pop3',
  'imap',
  'ftp',
  'xmpp',
  'xmpp-server',
  'telnet',
  'irc',
  'mysql',
  'postgres',
  'lmtp',
  'nntp',
  'sieve',
  'ldap',
];

const SUMMARY = 's_client: Use -help for summary.';

export function parseSClient(args: readonly string[]): SClientOptions | SClientUsage {
  const o: SClientOptions = {
    host: 'localhost',
    port: '4433',
    starttls: null,
    ehloName: 'mail.example.com',
    servername: null,
    noservername: false,
    crlf: false,
    quiet: false,
    brief: false,
    verifyQuiet: false,
    ignEof: false,
    commands: true,
    showcerts: false,
    ignoreUnexpectedEof: false,
    verifyHostname: null,
  };
  let connect: string | null = null;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('-') || arg === '-') {
      // One "host:port" may follow the options, and nothing after it.
      if (i !== args.length - 1) return { lines: [SUMMARY], status: 1 };
      connect = arg;
      break;
    }
    const name = arg.replace(/^--?/, '');
    const type = KNOWN.get(name);
    if (type === undefined) {
      return { lines: [`s_client: Unknown option: -${name}`, SUMMARY], status: 1 };
    }
    if (!SIMULATED.has(name)) {
      return { lines: [`s_client: -${name} is not simulated in Port 25 Lab`], status: 1 };
    }
    let value = '';
    if (type !== null) {
      if (i + 1 >= args.length) {
        return { lines: [`s_client: Option -${name} needs a value`, SUMMARY], status: 1 };
      }
      value = args[++i]!;
    }
    switch (name) {
      case 'help':
        return { lines: S_CLIENT_HELP, status: 0 };
      case 'connect':
        connect = value;
        break;
      case 'host':
        o.host = value;
        break;
      case 'port':
        if (!/^\d+$/.test(value)) {
          return { lines: [`s_client: Can't parse "${value}" as a number`, SUMMARY], status: 1 };
        }
        o.port = value;
        break;
      case 'starttls':
        if (!STARTTLS.includes(value)) {
          return {
            lines: ['s_client: Value must be one of:', ...STARTTLS.map((v) => `\t${v}`)],
            status: 1,
          };
        }
        if (value !== 'smtp' && value !== 'lmtp') {
          return {
            lines: [`s_client: -starttls ${value} is not simulated in Port 25 Lab`],
            status: 1,
          };
        }
        o.starttls = value;
        break;
      case 'name':
        o.ehloName = value;
        break;
      case 'servername':
        o.servername = value;
        break;
      case 'noservername':
        o.noservername = true;
        break;
      case 'crlf':
        o.crlf = true;
        break;
      case 'quiet':
        o.quiet = o.ignEof = true;
        break;
      case 'brief':
        o.brief = o.quiet = o.verifyQuiet = true;
        break;
      case 'verify_quiet':
        o.verifyQuiet = true;
        break;
      case 'ign_eof':
        o.ignEof = true;
        break;
      case 'no_ign_eof':
        o.ignEof = false;
        break;
      case 'nocommands':
        o.commands = false;
        break;
      case 'showcerts':
        o.showcerts = true;
        break;
      case 'ignore_unexpected_eof':
        o.ignoreUnexpectedEof = true;
        break;
      case 'verify_hostname':
        o.verifyHostname = value;
        break;
    }
  }
  if (connect !== null) {
    // BIO_parse_hostserv(): "host:port", "[v6 address]:port", or a host alone.
    const m = /^\[([^\]]*)\](?::(.*))?$/.exec(connect) ?? /^([^:]*)(?::(.*))?$/.exec(connect);
    if (m) {
      if (m[1]) o.host = m[1];
      if (m[2] !== undefined) o.port = m[2];
    }
  }
  return o;
}
