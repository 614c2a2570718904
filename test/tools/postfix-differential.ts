// Differential check against a real Postfix: types each probe of postfix-probes.json to the
// server on loopback (shared/fidelity/setup-postfix.sh builds it) and to the engine, and
// prints every reply that differs. Not part of `npm test`: it needs that server running.
//
//   npm run differential                  # all probes, against 127.0.0.1
//   npm run differential -- --host ::1    # another address of the same server
//
// Each probe is { port, lines }: a line is sent with CRLF (unless it ends in LF) and one
// reply is read; "@TLS" does the handshake after a 220 to STARTTLS; "@READ" only reads
// (a reply the server sends on its own, such as the 421 of smtpd_timeout).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ClientConnection } from './fidelity/client-connection.ts';
import { profileForPort } from './fidelity/profile-for-port.ts';
import { repoRoot } from './fidelity/paths.ts';
import { converse } from './converse.ts';

interface Probe {
  readonly port: number;
  readonly lines: readonly string[];
}

const TIMEOUT_MS = 15_000; // Dovecot's auth penalty can hold a reply for seconds
const wire = (line: string) => (line.endsWith('\n') ? line : `${line}\r\n`);
const normalise = (reply: string) => reply.replace(/queued as [0-9A-F]+/, 'queued as QID');

async function askPostfix(host: string, probe: Probe): Promise<string[]> {
  const client = await ClientConnection.open(host, probe.port, TIMEOUT_MS);
  const out: string[] = [];
  const read = async () => {
    const [reply, event] = await client.readReply(TIMEOUT_MS);
    out.push(reply ? reply.lines.join(' | ') : event === 'eof' ? '-- closed' : `-- ${event}`);
    return reply !== null;
  };
  try {
    if (probe.port === 465) await client.startTls();
    if (!(await read())) return out;
    for (const line of probe.lines) {
      if (line === '@TLS') await client.startTls();
      else if (line === '@READ') {
        if (!(await read())) break;
      } else {
        const sent = await client.send(Buffer.from(wire(line), 'latin1')).then(
          () => true,
          () => false, // the server has hung up
        );
        if (!sent) {
          out.push('-- closed');
          break;
        }
        if (!(await read())) break;
      }
    }
  } finally {
    client.close();
  }
  return out.map(normalise);
}

function askEngine(probe: Probe): string[] {
  const c = converse(profileForPort(probe.port));
  if (c.session.phase === 'tlsHandshake') c.session.tlsEstablished();
  const out: string[] = [];
  const read = () => {
    if (c.replies().length <= out.length) c.clock.increment(TIMEOUT_MS); // let timers fire
    const reply = c.replies()[out.length];
    out.push(reply ? reply.join(' | ') : c.session.closed ? '-- closed' : '-- timeout');
    return reply !== undefined;
  };
  if (!read()) return out;
  for (const line of probe.lines) {
    if (line === '@TLS') c.session.tlsEstablished();
    else if (line === '@READ') {
      if (!read()) break;
    } else {
      c.session.receive(wire(line));
      if (!read()) break;
    }
  }
  return out.map(normalise);
}

const hostFlag = process.argv.indexOf('--host');
const host = hostFlag === -1 ? '127.0.0.1' : process.argv[hostFlag + 1]!;
const probes = JSON.parse(
  readFileSync(path.join(repoRoot, 'test/tools/postfix-probes.json'), 'utf8'),
) as Probe[];
let same = 0;
for (const probe of probes) {
  const [postfix, engine] = [await askPostfix(host, probe), askEngine(probe)];
  const sent = ['(connect)', ...probe.lines.filter((l) => l !== '@TLS')];
  const diffs = [];
  for (let i = 0; i < Math.max(postfix.length, engine.length); i++) {
    if (postfix[i] !== engine[i]) {
      diffs.push(
        `  after ${JSON.stringify(sent[i])}\n    postfix: ${postfix[i]}\n    engine:  ${engine[i]}`,
      );
    }
  }
  if (diffs.length === 0) same++;
  else console.log(`differs on ${probe.port}: ${JSON.stringify(probe.lines)}\n${diffs.join('\n')}`);
}
console.log(`${same}/${probes.length} probes answered alike`);
process.exitCode = same === probes.length ? 0 : 1;
