// traceroute's command line, parsed and refused as traceroute 2.1.2 does it (word for word from
// test/fixtures/traceroute): options first, then the host (resolved as it is read), then the
// ranges. Only the options the lab simulates are taken; other real ones are said to be so.

export interface TracerouteOptions {
  /** The host as typed (the header repeats it). */
  readonly target: string;
  /** -n: addresses only, no reverse lookups. */
  readonly numeric: boolean;
  /** -T: TCP SYN probes instead of UDP. */
  readonly tcp: boolean;
  /** -p: the TCP port (default 80), or the first UDP port (default 33434). */
  readonly port: number | null;
  /** -m max_ttl (30). */
  readonly maxTtl: number;
  /** -q nqueries (3). */
  readonly queries: number;
  /** -w MAX: how long a probe is waited for (5 s). */
  readonly waitMs: number;
  /** The packetlen argument (UDP only; TCP probes are always 60 bytes). */
  readonly packetLength: number | null;
}

/** What to run, or what to print instead (usage, version, an error). */
export type TracerouteCommand =
  | { readonly kind: 'trace'; readonly options: TracerouteOptions }
  | { readonly kind: 'print'; readonly lines: readonly string[] };

export const TRACEROUTE_USAGE = `Usage:
  traceroute [ -46dFITnreAUDV ] [ -f first_ttl ] [ -g gate,... ] [ -i device ] [ -m max_ttl ] [ -N squeries ] [ -p port ] [ -t tos ] [ -l flow_label ] [ -w MAX,HERE,NEAR ] [ -q nqueries ] [ -s src_addr ] [ -z sendwait ] [ --fwmark=num ] host [ packetlen ]
Options:
  -4                          Use IPv4
  -6                          Use IPv6
  -d  --debug                 Enable socket level debugging
  -F  --dont-fragment         Do not fragment packets
  -f first_ttl  --first=first_ttl
                              Start from the first_ttl hop (instead from 1)
  -g gate,...  --gateway=gate,...
                              Route packets through the specified gateway
                              (maximum 8 for IPv4 and 127 for IPv6)
  -I  --icmp                  Use ICMP ECHO for tracerouting
  -T  --tcp                   Use TCP SYN for tracerouting (default port is 80)
  -i device  --interface=device
                              Specify a network interface to operate with
  -m max_ttl  --max-hops=max_ttl
                              Set the max number of hops (max TTL to be
                              reached). Default is 30
  -N squeries  --sim-queries=squeries
                              Set the number of probes to be tried
                              simultaneously (default is 16)
  -n                          Do not resolve IP addresses to their domain names
  -p port  --port=port        Set the destination port to use. It is either
                              initial udp port value for "default" method
                              (incremented by each probe, default is 33434), or
                              initial seq for "icmp" (incremented as well,
                              default from 1), or some constant destination
                              port for other methods (with default of 80 for
                              "tcp", 53 for "udp", etc.)
  -t tos  --tos=tos           Set the TOS (IPv4 type of service) or TC (IPv6
                              traffic class) value for outgoing packets
  -l flow_label  --flowlabel=flow_label
                              Use specified flow_label for IPv6 packets
  -w MAX,HERE,NEAR  --wait=MAX,HERE,NEAR
                              Wait for a probe no more than HERE (default 3)
                              times longer than a response from the same hop,
                              or no more than NEAR (default 10) times than some
                              next hop, or MAX (default 5.0) seconds (float
                              point values allowed too)
  -q nqueries  --queries=nqueries
                              Set the number of probes per each hop. Default is
                              3
  -r                          Bypass the normal routing and send directly to a
                              host on an attached network
  -s src_addr  --source=src_addr
                              Use source src_addr for outgoing packets
  -z sendwait  --sendwait=sendwait
                              Minimal time interval between probes (default 0).
                              If the value is more than 10, then it specifies a
                              number in milliseconds, else it is a number of
                              seconds (float point values allowed too)
  -e  --extensions            Show ICMP extensions (if present), including MPLS
  -A  --as-path-lookups       Perform AS path lookups in routing registries and
                              print results directly after the corresponding
                              addresses
  -M name  --module=name      Use specified module (either builtin or external)
                              for traceroute operations. Most methods have
                              their shortcuts (\`-I' means \`-M icmp' etc.)
  -O OPTS,...  --options=OPTS,...
                              Use module-specific option OPTS for the
                              traceroute module. Several OPTS allowed,
                              separated by comma. If OPTS is "help", print info
                              about available options
  --sport=num                 Use source port num for outgoing packets. Implies
                              \`-N 1'
  --fwmark=num                Set firewall mark for outgoing packets
  -U  --udp                   Use UDP to particular port for tracerouting
                              (instead of increasing the port per each probe),
                              default port is 53
  -UL                         Use UDPLITE for tracerouting (default dest port
                              is 53)
  -D  --dccp                  Use DCCP Request for tracerouting (default port
                              is 33434)
  -P prot  --protocol=prot    Use raw packet of protocol prot for tracerouting
  --mtu                       Discover MTU along the path being traced. Implies
                              \`-F -N 1'
  --back                      Guess the number of hops in the backward path and
                              print if it differs
  -V  --version               Print version info and exit
  --help                      Read this help and exit

Arguments:
+     host          The host to traceroute to
      packetlen     The full packet length (default is the length of an IP
                    header plus 40). Can be ignored or increased to a minimal
                    allowed value`;

const VERSION = [
  'Modern traceroute for Linux, version 2.1.2',
  'Copyright (c) 2016  Dmitry Butskoy,   License: GPL v2 or any later',
];

const INTEGER = /^[-+]?\d+$/;
// One way to match each number (no \d+\d* split to try): linear on 100 KB of digits.
const FLOAT = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?$/i;
const integer = (text: string) => (INTEGER.test(text) ? [Number(text)] : null);

type Valued = 'm' | 'p' | 'q' | 'w';
/** Options taking a value: long name, the value's name in the usage, and how it is read. */
const VALUED: Readonly<
  Record<Valued, { long: string; value: string; read: (text: string) => number[] | null }>
> = {
  m: { long: 'max-hops', value: 'max_ttl', read: integer },
  p: { long: 'port', value: 'port', read: integer },
  q: { long: 'queries', value: 'nqueries', read: integer },
  w: {
    long: 'wait',
    value: 'MAX,HERE,NEAR',
    read: (text) => {
      const parts = text.split(',');
      return parts.length <= 3 && parts.every((p) => FLOAT.test(p)) ? parts.map(Number) : null;
    },
  },
};
const isValued = (letter: string): letter is Valued => Object.hasOwn(VALUED, letter);
/** Real options the lab does not simulate. */
const OTHERS = new Set('6dFIrUeADfgiNtlszMOP');

class Refusal {
  constructor(readonly lines: readonly string[]) {}
}
const refuse: (...lines: string[]) => never = (...lines) => {
  throw new Refusal(lines);
};

export function parseTraceroute(
  args: readonly string[],
  knownHost: (name: string) => boolean,
): TracerouteCommand {
  try {
    return parse(args, knownHost);
  } catch (error) {
    if (error instanceof Refusal) return { kind: 'print', lines: error.lines };
    throw error;
  }
}

function parse(args: readonly string[], knownHost: (name: string) => boolean): TracerouteCommand {
  const usage: TracerouteCommand = { kind: 'print', lines: TRACEROUTE_USAGE.split('\n') };
  const version: TracerouteCommand = { kind: 'print', lines: VERSION };
  if (args.length === 0) return usage;
  let numeric = false;
  let tcp = false;
  const given: Partial<Record<Valued, number[]>> = {};
  const positional: { text: string; argc: number }[] = [];

  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const argc = i + 1;
    /** An option's value: attached to it, or the next word whatever it looks like. */
    const take = (letter: Valued, shown: string, attached: string) => {
      let at = argc;
      if (attached === '') {
        const spec = `${shown}${shown.startsWith('--') ? '=' : ' '}${VALUED[letter].value}`;
        if (i + 1 >= args.length)
          refuse(`Option \`${shown}' (argc ${argc}) requires an argument: \`${spec}'`);
        at = ++i + 1;
      }
      const text = attached === '' ? args[i]! : attached;
      const value = VALUED[letter].read(text);
      if (value === null)
        refuse(`Cannot handle \`${shown}' option with arg \`${text}' (argc ${at})`);
      given[letter] = value;
    };
    if (arg.startsWith('--')) {
      const [name, attached = ''] = arg.slice(2).split(/=(.*)/s);
      const letter = (Object.keys(VALUED) as Valued[]).find((l) => VALUED[l].long === name);
      if (name === 'help') return usage;
      if (name === 'version') return version;
      if (name === 'tcp') tcp = true;
      else if (letter !== undefined) take(letter, `--${name}`, attached);
      else refuse(`Bad option \`${arg}' (argc ${argc})`);
      continue;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positional.push({ text: arg, argc });
      continue;
    }
    for (let j = 1; j < arg.length; j++) {
      const letter = arg[j]!;
      if (isValued(letter)) {
        take(letter, `-${letter}`, arg.slice(j + 1));
        break;
      }
      if (letter === 'V') return version;
      if (letter === 'n') numeric = true;
      else if (letter === 'T') tcp = true;
      else if (OTHERS.has(letter))
        refuse(`traceroute: -${letter} is not simulated here (the lab has -n, -T, -p, -m, -q, -w)`);
      else if (letter !== '4') refuse(`Bad option \`-${letter}' (argc ${argc})`); // IPv4 is all there is
    }
  }

  if (positional.length > 2) {
    const extra = positional[2]!;
    refuse(`Extra arg \`${extra.text}' (position 3, argc ${extra.argc})`);
  }
  const [host, length] = positional;
  if (host === undefined) return refuse('Specify "host" missing argument.');
  if (!knownHost(host.text)) {
    refuse(
      `${host.text}: Name or service not known`,
      `Cannot handle "host" cmdline arg \`${host.text}' on position 1 (argc ${host.argc})`,
    );
  }
  if (length !== undefined && !INTEGER.test(length.text))
    refuse(
      `Cannot handle "packetlen" cmdline arg \`${length.text}' on position 2 (argc ${length.argc})`,
    );

  const [maxTtl = 30] = given.m ?? [];
  const [queries = 3] = given.q ?? [];
  // -w MAX alone leaves HERE and NEAR at 0 (the recorded error shows "-1,0,0").
  const [max = 5, here = 0, near = 0] = given.w ?? [5, 3, 10];
  if (maxTtl < 1) refuse('first hop out of range');
  if (maxTtl > 255) refuse('max hops cannot be more than 255');
  if (queries < 1 || queries > 10) refuse('no more than 10 probes per hop');
  if (max < 0 || here < 0 || near < 0)
    refuse(`bad wait specifications \`${max},${here},${near}' used`);

  return {
    kind: 'trace',
    options: {
      target: host.text,
      numeric,
      tcp,
      port: given.p === undefined ? null : ((given.p[0]! % 65536) + 65536) % 65536,
      maxTtl,
      queries,
      waitMs: Math.round(max * 1000),
      packetLength: length === undefined ? null : Number(length.text),
    },
  };
}
