// The learner's shell against anything typed: real tool names with hostile options, names
// that are JavaScript property names, huge and odd numbers, quotes, control characters, SMTP
// lines to a connected server, Ctrl-C and Ctrl-D at any point, in every scenario. The shell
// must never throw, no simulated tool may fault ("internal error in Port 25 Lab"), every
// printed line must be one line, a typed line may print a bounded number of lines and take a
// bounded time, and the world's clock must stay a valid date.
import fc from 'fast-check';
import { loadScenarios } from '../../src/adapters/cli/scenario-files.ts';
import { COMMAND_NAMES } from '../../src/engine/tools/command-names.ts';
import { Shell, type ShellOutput } from '../../src/engine/tools/shell.ts';
import { referenceWorld } from '../../src/engine/world/reference-world.ts';
import { WORLD_HORIZON_MS } from '../../src/engine/world/simulation.ts';
import type { FuzzTarget } from './fuzz-target.ts';

const worlds = [...loadScenarios().values()];
/** What one typed line may print: traceroute -m 255 -q 10 prints 256 lines. */
const MAX_LINES_PER_INPUT = 2_000;
/** Generous: a slow machine under load, not the page's budget (npm run bench measures that). */
const MAX_MS_PER_INPUT = 1_000;

const HOSTS = [
  'mx.example.org',
  'smtp.example.net',
  'mx.example.com',
  'relay.example.com',
  'example.org',
  'example.net',
  '198.51.100.25',
  '192.0.2.87',
  'localhost',
  '127.0.0.1',
  '[::1]',
];
const PROPERTY_NAMES = ['constructor', '__proto__', 'valueOf', 'toString', 'hasOwnProperty'];
const OPTIONS = [
  ...'-m -q -w -p -T -n -I -f -N -z -s -t -v -C -u -l -x -c -e -S -d -4 -6 -h -V'.split(' '),
  ...'--to --from --server --port --tls --tls-on-connect --auth --auth-user --auth-password --body --header --quit-after --timeout --protocol --ehlo --helo --data --mail-from --mail-rcpt --upload-file --ssl-reqd --user --connect-timeout --max-time --verbose --crlf --help --version'.split(
    ' ',
  ),
  ...'-connect -starttls -crlf -quiet -servername -brief -showcerts -tls1_2 -tls1_3 -ign_eof -verify_return_error s_client x509 version'.split(
    ' ',
  ),
  ...'MX A AAAA TXT PTR ANY +short +trace -x -type=mx -query=mx'.split(' '),
];
const NUMBERS = [
  '0',
  '1',
  '25',
  '465',
  '587',
  '65535',
  '65536',
  '-1',
  '1e15',
  '1e308',
  'NaN',
  'Infinity',
  '0x19',
  '99999999999999999999',
  '0.0000001',
  '3.5',
  '255',
  '256',
];
const SMTP = [
  'EHLO laptop.example',
  'HELO x',
  'MAIL FROM:<alice@example.net>',
  'RCPT TO:<bob@example.org>',
  'RCPT TO:<carol@example.com>',
  'DATA',
  'Subject: hi',
  '',
  '.',
  'QUIT',
  'RSET',
  'NOOP',
  'VRFY bob',
  'STARTTLS',
  'AUTH PLAIN AGFsaWNlQGV4YW1wbGUubmV0AHNlY3JldA==',
  'AUTH LOGIN',
  'BDAT 5 LAST',
  'Q',
  'R',
  '^]',
];

const text = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.uint8Array({ maxLength: 20 }).map((b) => String.fromCharCode(...b)),
  fc.constantFrom('"', "'", '\\', '$?', '\x1b[2J', '\r', '\t', '\u0000', '\u00e9', '@', '<>'),
);
const word = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...OPTIONS) },
  { weight: 3, arbitrary: fc.constantFrom(...HOSTS) },
  { weight: 2, arbitrary: fc.constantFrom(...NUMBERS) },
  { weight: 1, arbitrary: fc.constantFrom(...PROPERTY_NAMES) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('bob@example.org', 'alice@example.net', 'x@constructor'),
  },
  { weight: 2, arbitrary: text },
  { weight: 1, arbitrary: fc.nat(5_000).map((n) => 'a'.repeat(n)) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom(...HOSTS), fc.constantFrom(...NUMBERS))
      .map(([h, p]) => `${h}:${p}`),
  },
);
const host = fc.constantFrom(...HOSTS);
const port = fc.oneof(fc.constantFrom('25', '587', '465'), fc.constantFrom(...NUMBERS));
const address = fc.oneof(
  fc.constantFrom('bob@example.org', 'alice@example.net', 'carol@example.com', 'x@constructor'),
  text,
);
const maybe = (arb: fc.Arbitrary<string>) => fc.option(arb, { nil: '' });
/** Commands as a learner types them, with one odd slot or more: they reach the servers. */
const realistic = fc.oneof(
  fc.tuple(host, port).map(([h, p]) => `telnet ${h} ${p}`),
  fc.tuple(host, port).map(([h, p]) => `nc -C ${h} ${p}`),
  fc
    .tuple(
      host,
      port,
      fc.constantFrom('-starttls smtp ', ''),
      maybe(fc.constantFrom('-crlf -quiet', '-brief', '-crlf')),
    )
    .map(([h, p, st, tail]) => `openssl s_client ${st}-connect ${h}:${p} ${tail}`),
  fc
    .tuple(
      address,
      host,
      port,
      maybe(
        fc.constantFrom(
          '--tls',
          '--tls-on-connect',
          '--auth LOGIN --auth-user alice@example.net --auth-password secret',
          '--quit-after RCPT',
          '--body x',
        ),
      ),
    )
    .map(([a, h, p, more]) => `swaks --to ${a} --server ${h} --port ${p} ${more}`),
  fc
    .tuple(host, port, address, address)
    .map(([h, p, from, to]) => `curl smtp://${h}:${p} --mail-from ${from} --mail-rcpt ${to} -T -`),
  fc
    .tuple(fc.constantFrom('MX', 'A', 'TXT', 'PTR', ''), fc.oneof(host, text))
    .map(([t, n]) => `dig ${t} ${n}`),
  fc
    .tuple(
      fc.array(fc.constantFrom('-T', '-n', '-I', '-m', '-q', '-w', '-p', ...NUMBERS), {
        maxLength: 6,
      }),
      host,
    )
    .map(([o, h]) => `traceroute ${o.join(' ')} ${h}`),
  fc
    .tuple(
      fc.constantFrom('logs', 'mailbox', 'eavesdrop', 'sleep', 'answer'),
      fc.oneof(host, address, port),
    )
    .map(([c, a]) => `${c} ${a}`),
);
const commandLine = fc
  .tuple(
    fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...COMMAND_NAMES) },
      { weight: 1, arbitrary: fc.constantFrom(...PROPERTY_NAMES) },
      { weight: 1, arbitrary: text },
    ),
    fc.array(word, { maxLength: 8 }),
  )
  .map(([name, args]) => [name, ...args].join(' '));
type Input =
  | { readonly kind: 'line'; readonly text: string }
  | { readonly kind: 'interrupt' }
  | { readonly kind: 'end' };
const input: fc.Arbitrary<Input> = fc.oneof(
  { weight: 4, arbitrary: commandLine.map((t) => ({ kind: 'line', text: t }) as const) },
  { weight: 4, arbitrary: realistic.map((t) => ({ kind: 'line', text: t }) as const) },
  {
    weight: 4,
    arbitrary: fc.constantFrom(...SMTP).map((t) => ({ kind: 'line', text: t }) as const),
  },
  { weight: 1, arbitrary: text.map((t) => ({ kind: 'line', text: t }) as const) },
  { weight: 1, arbitrary: fc.constant({ kind: 'interrupt' } as const) },
  { weight: 1, arbitrary: fc.constant({ kind: 'end' } as const) },
);

function check(scenario: number, inputs: readonly Input[]): void {
  const outputs: ShellOutput[] = [];
  const shell = new Shell(
    referenceWorld(worlds[scenario]),
    (o) => outputs.push(o),
    Date.UTC(2026, 11, 3),
  );
  for (const given of inputs) {
    const before = outputs.length;
    const started = performance.now();
    if (given.kind === 'line') shell.run(given.text);
    else if (given.kind === 'interrupt') shell.interrupt();
    else shell.endOfInput();
    const ms = performance.now() - started;
    const printed = outputs.slice(before).filter((o) => o.kind === 'line');
    const what = given.kind === 'line' ? JSON.stringify(given.text.slice(0, 120)) : given.kind;
    if (ms > MAX_MS_PER_INPUT) throw new Error(`${what} took ${Math.round(ms)} ms`);
    if (printed.length > MAX_LINES_PER_INPUT)
      throw new Error(`${what} printed ${printed.length} lines`);
    for (const o of printed) {
      if (typeof o.text !== 'string') throw new Error(`${what} printed a ${typeof o.text}`);
      if (o.text.includes('\n')) throw new Error(`${what} printed ${JSON.stringify(o.text)}`);
      if (o.text.includes('internal error in Port 25 Lab'))
        throw new Error(`${what}: a tool faulted: ${o.text}`);
    }
    const elapsed = shell.sim.elapsed;
    if (!(elapsed >= 0 && elapsed <= WORLD_HORIZON_MS))
      throw new Error(`${what} left the clock at ${elapsed}`);
    if (Number.isNaN(shell.sim.now().getTime())) throw new Error(`${what} made the date invalid`);
  }
}

const shell: FuzzTarget = {
  name: 'shell',
  claim:
    'nothing typed makes the shell throw or a tool fault, prints a line holding a newline, ' +
    `prints more than ${MAX_LINES_PER_INPUT} lines or takes over ${MAX_MS_PER_INPUT} ms for one input, ` +
    "or moves the world's clock past its horizon",
  property: () => fc.property(fc.nat(worlds.length - 1), fc.array(input, { maxLength: 16 }), check),
};

export default shell;
