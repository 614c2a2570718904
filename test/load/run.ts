// `npm run load`: `npm run serve` (the mx profile, as a child process) under hostile load, as
// issue 11 asks: 1,000 concurrent sessions, 200 slow clients among them, 500 abrupt resets
// mid-DATA and mid-handshake, a 600 MB body and a 64 MB line. Prints sessions/s, p99 per
// command, peak RSS, descriptors before and after, malformed reply lines and crashes; exits 1
// when a target is missed (0 crashes, 0 malformed lines, 0 leaked descriptors, RSS back
// within 20 % of the start).
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SmtpClient, type LoadCounters } from './smtp-client.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SESSIONS = Number(process.env.LOAD_SESSIONS ?? 1000);
const SLOW = Number(process.env.LOAD_SLOW ?? 200);
const RESETS = Number(process.env.LOAD_RESETS ?? 500);
const BIG_BODY = Number(process.env.LOAD_BODY_MB ?? 600) * 1024 * 1024;
const BIG_LINE = Number(process.env.LOAD_LINE_MB ?? 64) * 1024 * 1024;

const counters: LoadCounters = { malformed: 0, latencies: new Map() };
let failures = 0;
const problem = (what: string) => {
  failures++;
  if (failures <= 10) process.stderr.write(`load: ${what}\n`);
};

// --- the server -------------------------------------------------------------------------
// node --import tsx, not the tsx launcher: one process, whose RSS and descriptors are the server's.
const child = spawn(
  process.execPath,
  [
    '--expose-gc',
    '--require',
    path.join(root, 'test/load/gc-on-signal.cjs'),
    '--import',
    'tsx',
    path.join(root, 'src/adapters/tcp/serve.ts'),
    '--profile',
    'mx',
    '--port',
    '0',
  ],
  { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] },
);
let crashes = 0;
let panics = 0;
let exited = false;
child.once('exit', (code, signal) => {
  exited = true;
  if (!stopping) {
    crashes++;
    problem(`serve exited (${code ?? signal}) during the load`);
  }
});
let stopping = false;
let stderrTail = '';
let lastHeap = 0;
const port = await new Promise<number>((resolve, reject) => {
  child.stderr.on('data', (chunk: Buffer) => {
    stderrTail = (stderrTail + chunk.toString('latin1')).slice(-100_000);
    const text = chunk.toString('latin1');
    panics += text.split('panic:').length - 1;
    const heap = /load-gc: heapUsed=(\d+)/.exec(text);
    if (heap) lastHeap = Number(heap[1]);
    if (heap && process.env.LOAD_DEBUG) process.stderr.write(text);
    const m = /listening on 127\.0\.0\.1:(\d+)/.exec(stderrTail);
    if (m) resolve(Number(m[1]));
  });
  child.once('exit', () => reject(new Error(`serve did not start:\n${stderrTail}`)));
});
const pid = child.pid!;

const statusField = (field: string) => {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(
    readFileSync(`/proc/${pid}/status`, 'utf8'),
  );
  return m ? Number(m[1]) * 1024 : 0;
};
const rss = () => statusField('VmRSS');
const fds = () => readdirSync(`/proc/${pid}/fd`).length;
let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, rss())), 50);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

// --- the clients ------------------------------------------------------------------------
async function ordinarySession(i: number): Promise<void> {
  const c = await SmtpClient.open(port, counters);
  const expect = (reply: string[] | null, code: string, what: string) => {
    if (!reply || !reply.at(-1)!.startsWith(code))
      problem(`session ${i}: ${what}: ${JSON.stringify(reply)}`);
  };
  expect(await c.reply(), '220', 'banner');
  expect(await c.command(`EHLO client${i}.example.net`), '250', 'EHLO');
  expect(await c.command('MAIL FROM:<alice@example.net>'), '250', 'MAIL');
  expect(await c.command('RCPT TO:<bob@example.org>'), '250', 'RCPT');
  expect(await c.command('DATA'), '354', 'DATA');
  expect(await c.command(`Subject: load ${i}\r\n\r\nhello\r\n.`, '.'), '250', 'end of data');
  expect(await c.command('QUIT'), '221', 'QUIT');
  c.socket.end();
}

/** One octet at a time, 40 ms apart: a client on a very bad line. */
async function slowSession(i: number): Promise<void> {
  const c = await SmtpClient.open(port, counters);
  await c.reply();
  for (const octet of `EHLO slow${i}.example.net\r\n`) {
    c.socket.write(octet);
    await sleep(40);
  }
  const reply = await c.reply();
  if (!reply?.at(-1)?.startsWith('250')) problem(`slow ${i}: ${JSON.stringify(reply)}`);
  await c.command('QUIT');
  c.socket.end();
}

async function resetSession(i: number): Promise<void> {
  const c = await SmtpClient.open(port, counters);
  await c.reply();
  await c.command('EHLO reset.example.net');
  if (i % 2 === 0) {
    await c.command('MAIL FROM:<alice@example.net>');
    await c.command('RCPT TO:<bob@example.org>');
    await c.command('DATA');
    c.socket.write('Subject: cut short\r\n\r\nhalf a mess');
  } else {
    await c.command('STARTTLS');
    c.socket.write(Buffer.from([0x16, 0x03, 0x01, 0x00, 0xc8, 0x01, 0x00])); // a ClientHello begun
  }
  await sleep(5);
  c.socket.resetAndDestroy();
}

async function bigBody(): Promise<string> {
  const c = await SmtpClient.open(port, counters);
  await c.reply();
  await c.command('EHLO big.example.net');
  await c.command('MAIL FROM:<alice@example.net>');
  await c.command('RCPT TO:<bob@example.org>');
  await c.command('DATA');
  const started = performance.now();
  await c.pump(`${'x'.repeat(998)}\r\n`, BIG_BODY);
  const reply = await c.command('\r\n.', 'big-body'); // the body may end mid-line
  await c.command('QUIT');
  c.socket.end();
  const seconds = (performance.now() - started) / 1000;
  if (!reply?.[0]?.startsWith('552 5.3.4'))
    problem(`${mb(BIG_BODY)} body: ${JSON.stringify(reply)}`);
  return `${mb(BIG_BODY)} body in ${seconds.toFixed(1)} s: ${reply?.[0]}`;
}

async function bigLine(): Promise<string> {
  const c = await SmtpClient.open(port, counters);
  await c.reply();
  const started = performance.now();
  await c.pump('x', BIG_LINE);
  const reply = await c.command('', 'big-line');
  const after = await c.command('NOOP');
  c.socket.end();
  const seconds = (performance.now() - started) / 1000;
  if (!reply || !after?.[0]?.startsWith('250'))
    problem(`${mb(BIG_LINE)} line: ${JSON.stringify([reply, after])}`);
  return `${mb(BIG_LINE)} line in ${seconds.toFixed(1)} s: ${reply?.[0]}, then ${after?.[0]}`;
}

// --- the run ----------------------------------------------------------------------------
// A warm-up round first: the start is the server in its steady state (code compiled, heap
// grown to its working size), which is what "back to within 20 %" compares with.
await Promise.all(Array.from({ length: 100 }, (_, i) => ordinarySession(i)));
const collect = async () => {
  child.kill('SIGUSR2');
  await sleep(500);
};
await sleep(500);
await collect();
const startRss = rss();
const startHeap = lastHeap;
const startFds = fds();
console.log(`serve pid ${pid} on port ${port}: RSS ${mb(startRss)}, ${startFds} descriptors`);

const started = performance.now();
let seconds = 0;
await Promise.all([
  Promise.all(
    Array.from({ length: SESSIONS }, (_, i) =>
      ordinarySession(i).catch((e) => problem(`session ${i}: ${e}`)),
    ),
  ).then(() => (seconds = (performance.now() - started) / 1000)),
  ...Array.from({ length: SLOW }, (_, i) =>
    slowSession(i).catch((e) => problem(`slow ${i}: ${e}`)),
  ),
]);
console.log(
  `${SESSIONS} concurrent sessions with ${SLOW} slow clients among them: ${seconds.toFixed(1)} s, ` +
    `${(SESSIONS / seconds).toFixed(0)} sessions/s`,
);

const resetsStarted = performance.now();
await Promise.all(
  Array.from({ length: RESETS }, (_, i) =>
    resetSession(i).catch((e) => problem(`reset ${i}: ${e}`)),
  ),
);
console.log(
  `${RESETS} resets (half mid-DATA, half mid-handshake): ${((performance.now() - resetsStarted) / 1000).toFixed(1)} s`,
);

console.log(await bigBody());
console.log(await bigLine());

const p99 = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length * 0.99)] ?? 0;
const perCommand = [...counters.latencies]
  .filter(([verb]) => !verb.startsWith('big-'))
  .map(([verb, values]) => `${verb} ${p99(values).toFixed(1)} ms`)
  .join(', ');
console.log(`p99 per command: ${perCommand}`);

// Let the server finish closing what the clients left, then compare.
// V8 gives its grown heap back to the system after some idle seconds (its memory reducer):
// 20 s of quiet, as a server between bursts would have.
await sleep(Number(process.env.LOAD_SETTLE_MS ?? 20_000));
await collect();
const endFds = fds();
const endRss = rss();
clearInterval(sampler);
stopping = true;
console.log(
  `peak RSS ${mb(peakRss)}; RSS after ${mb(endRss)} (start ${mb(startRss)}); ` +
    `heap after a full GC ${mb(lastHeap)} (start ${mb(startHeap)})`,
);
console.log(`descriptors: ${startFds} before, ${endFds} after`);
console.log(
  `malformed reply lines: ${counters.malformed}; crashes: ${crashes}; engine faults (panic): ${panics}`,
);

if (counters.malformed > 0) problem(`${counters.malformed} malformed reply lines`);
if (endFds > startFds) problem(`${endFds - startFds} descriptors leaked`);
if (endRss > startRss * 1.2) problem(`RSS ${mb(endRss)} is more than 20 % over the start`);
if (panics > 0) problem(`${panics} sessions ended by an engine fault`);
if (!exited) child.kill('SIGTERM');
console.log(failures === 0 ? 'load: all targets met' : `load: ${failures} problems`);
process.exit(failures === 0 ? 0 : 1);
