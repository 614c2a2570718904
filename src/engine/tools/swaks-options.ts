// swaks's command line (swaks 20201014.0, Getopt::Long): long and short names, "--opt value"
// and "--opt=value", options whose argument is optional (--auth [type]), and its error texts.
import type { QuitPoint, SaslMechanism } from '../smtp/client/plan.ts';
import { own } from '../own.ts';

export interface SwaksOptions {
  to: string | null;
  from: string | null;
  server: string | null;
  port: string | null;
  helo: string | null;
  tls: 'none' | 'optional' | 'required' | 'implicit';
  /** --auth with its types ("ANY" when none is named); null without AUTH. */
  auth: string[] | null;
  authUser: string | null;
  authPassword: string | null;
  quitAfter: QuitPoint | null;
  pipeline: boolean;
  timeoutSecs: number;
  body: string | null;
  headers: string[];
  /** --attach, --attach-type and --attach-name in the order given (swaks's attach_accum: a
   * type holds for the attachments after it, a name for the next one). */
  attach: AttachOption[];
  /** -n, --suppress-data: "N lines sent" instead of every line of the DATA. */
  suppressData: boolean;
  /** --tls-verify: check the server's certificate chain (SSL_VERIFY_PEER; never its name). */
  tlsVerify: boolean;
}

export interface AttachOption {
  readonly option: 'attach' | 'attach-type' | 'attach-name';
  /** --attach-name without a name: no file name for the next part. */
  readonly value: string | null;
}

type Setter = (o: SwaksOptions, value: string | null) => string | void;

interface Spec {
  readonly names: readonly string[];
  /** 'required': takes the next word; 'optional': takes it unless it looks like an option. */
  readonly arg: 'none' | 'required' | 'optional';
  readonly set: Setter;
}

/** --quit-after's points and their aliases (swaks: "banner" is "connect", "to" is "rcpt"...). */
const QUIT_POINTS: Readonly<Record<string, QuitPoint>> = {
  connect: 'connect',
  banner: 'connect',
  'first-helo': 'first-helo',
  'first-ehlo': 'first-helo',
  'first-lhlo': 'first-helo',
  tls: 'tls',
  helo: 'helo',
  ehlo: 'helo',
  lhlo: 'helo',
  auth: 'auth',
  mail: 'mail',
  from: 'mail',
  rcpt: 'rcpt',
  to: 'rcpt',
};

const SPECS: readonly Spec[] = [
  { names: ['to', 't'], arg: 'required', set: (o, v) => void (o.to = v) },
  { names: ['from', 'f'], arg: 'required', set: (o, v) => void (o.from = v) },
  { names: ['server', 's'], arg: 'required', set: (o, v) => void (o.server = v) },
  { names: ['port', 'p'], arg: 'required', set: (o, v) => void (o.port = v) },
  { names: ['helo', 'ehlo', 'lhlo', 'h'], arg: 'required', set: (o, v) => void (o.helo = v) },
  { names: ['tls'], arg: 'none', set: (o) => void (o.tls = 'required') },
  { names: ['tls-optional', 'tlso'], arg: 'none', set: (o) => void (o.tls = 'optional') },
  {
    names: ['tls-on-connect', 'tlsc'],
    arg: 'none',
    set: (o) => void (o.tls = 'implicit'),
  },
  {
    names: ['auth', 'a'],
    arg: 'optional',
    set: (o, v) => void (o.auth = v ? v.toUpperCase().split(',') : ['ANY']),
  },
  { names: ['auth-user', 'au'], arg: 'required', set: (o, v) => void (o.authUser = v) },
  { names: ['auth-password', 'ap'], arg: 'required', set: (o, v) => void (o.authPassword = v) },
  {
    names: ['quit-after', 'quit', 'q'],
    arg: 'required',
    set: (o, v) => {
      const point = own(QUIT_POINTS, (v ?? '').toLowerCase());
      if (point === undefined)
        return `*** Unknown quit_after value ${(v ?? '').toLowerCase()}, exiting`;
      o.quitAfter = point;
    },
  },
  { names: ['pipeline', 'pipe'], arg: 'none', set: (o) => void (o.pipeline = true) },
  {
    names: ['timeout', 'to'],
    arg: 'required',
    set: (o, v) => {
      const m = /^(\d+)([smh]?)$/.exec(v ?? '');
      if (!m) return `*** Unknown timeout format '${v ?? ''}'`;
      o.timeoutSecs = Number(m[1]) * ({ '': 1, s: 1, m: 60, h: 3600 } as const)[m[2] as '' | 's'];
    },
  },
  { names: ['body'], arg: 'required', set: (o, v) => void (o.body = v) },
  { names: ['header'], arg: 'required', set: (o, v) => void o.headers.push(v ?? '') },
  // Getopt "attach:s" and "attach-type:s": the argument may be left out, which swaks then
  // refuses ("Arg-Required").
  { names: ['attach'], arg: 'optional', set: (o, v) => attachOption(o, 'attach', v) },
  { names: ['attach-type'], arg: 'optional', set: (o, v) => attachOption(o, 'attach-type', v) },
  {
    names: ['attach-name'],
    arg: 'optional',
    set: (o, v) => void o.attach.push({ option: 'attach-name', value: v || null }),
  },
  { names: ['suppress-data', 'n'], arg: 'none', set: (o) => void (o.suppressData = true) },
  { names: ['tls-verify'], arg: 'none', set: (o) => void (o.tlsVerify = true) },
];

function attachOption(
  o: SwaksOptions,
  option: 'attach' | 'attach-type',
  value: string | null,
): string | void {
  if (!value) return `*** Option processing error: option ${option} specified with no argument`;
  o.attach.push({ option, value });
}

/** Getopt::Long matches "--to" and "-to" alike; "-to" is --to, not --timeout (first wins). */
function specFor(name: string): Spec | undefined {
  return SPECS.find((s) => s.names.includes(name));
}

/** The options, or the error lines swaks prints (exit status 1). */
export function parseSwaks(args: readonly string[]): SwaksOptions | string[] {
  const options: SwaksOptions = {
    to: null,
    from: null,
    server: null,
    port: null,
    helo: null,
    tls: 'none',
    auth: null,
    authUser: null,
    authPassword: null,
    quitAfter: null,
    pipeline: false,
    timeoutSecs: 30,
    body: null,
    headers: [],
    attach: [],
    suppressData: false,
    tlsVerify: false,
  };
  for (let i = 0; i < args.length; i++) {
    const word = args[i]!;
    const m = /^--?([^=]+)(?:=(.*))?$/.exec(word);
    if (!m) return [`Data left in option list when processing  command line (${word})`];
    const [, name, inline] = m as unknown as [string, string, string | undefined];
    const spec = specFor(name);
    if (spec === undefined) return [`Unknown option: ${name}`];
    let value: string | null = inline ?? null;
    if (value === null && spec.arg === 'required') {
      value = args[i + 1] ?? null;
      if (value === null) return [`Option ${name} requires an argument`];
      i++;
    } else if (value === null && spec.arg === 'optional') {
      const next = args[i + 1];
      // A lone "-" (standard input) is a value, not an option.
      if (next !== undefined && (!next.startsWith('-') || next === '-')) {
        value = next;
        i++;
      }
    }
    const problem = spec.set(options, value);
    if (problem) return [problem];
  }
  return options;
}

/** The SASL mechanisms swaks tries for --auth TYPE[,TYPE]; "ANY" is every one it knows, in
 * sorted order (so LOGIN comes before PLAIN). */
export function mechanismsFor(types: readonly string[]): SaslMechanism[] {
  const known: SaslMechanism[] = ['LOGIN', 'PLAIN'];
  if (types.includes('ANY')) return known;
  return types.filter((t): t is SaslMechanism => (known as string[]).includes(t));
}
