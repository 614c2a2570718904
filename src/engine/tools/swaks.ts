// swaks (20201014.0): the Swiss Army Knife for SMTP, as recorded in
// shared/fidelity/tools/swaks-*.txt. It runs the client statechart and prints each step with
// its markers: "===" info, " ->" sent, "<- " received, "~>"/"<~" inside TLS, "<**"/"<~*" an
// unexpected reply, "***" an error. Its exit status says where a session failed.
import type { ClientNotice, ClientPlan, ClientResult, ClientStage } from '../smtp/client/plan.ts';
import { textToOctets } from '../smtp/octets.ts';
import { startAutomaticClient, type AutomaticClient } from '../world/automatic-client.ts';
import { certificateNameOf, certificateOf } from '../world/certificate.ts';
import { TLS_SESSION } from '../world/connection.ts';
import { lookupHost, mxLookup } from '../world/dns.ts';
import { swaksConnect } from './connect-report.ts';
import { dial } from './dial.ts';
import { attachments, boundaryOf, mimeBody, mimeHeaders, type MimePart } from './swaks-mime.ts';
import { mechanismsFor, parseSwaks, type SwaksOptions } from './swaks-options.ts';
import type { RunningTool, Tool, ToolContext } from './tool.ts';
import { own } from '../own.ts';
import { MONTHS } from '../months.ts';

const VERSION = 'v20201014.0';

/** What OpenSSL says of a certificate --tls-verify refuses (recorded:
 * test/fixtures/postfix-policy/certificate-name-swaks.txt). */
const VERIFY_FAILED = 'error:0A000086:SSL routines::certificate verify failed';

/** swaks's exit status for a session that failed at each step (its do_smtp_quit calls). */
const EXIT_AT: Readonly<Record<ClientStage, number>> = {
  banner: 21,
  helo: 22,
  tls: 29,
  'helo-after-tls': 32,
  auth: 28,
  mail: 23,
  rcpt: 24,
  data: 25,
  body: 26,
  command: 1, // swaks sends no such command (curl's VRFY and HELP)
  quit: 27,
  done: 0,
};

/** "Fri, 27 Nov 2026 18:16:27 +0000": swaks's %DATE%, in the laptop's time zone (UTC). */
function swaksDate(d: Date): string {
  const day = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][d.getUTCDay()];
  // Not toLocaleString: the first Intl call of a page loads locale data (some 12 ms).
  const month = MONTHS[d.getUTCMonth()];
  const two = (n: number) => String(n).padStart(2, '0');
  return `${day}, ${two(d.getUTCDate())} ${month} ${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`;
}

/** "20261127181627.002844@vm": the time, swaks's pid and the host name. */
function messageId(d: Date, pid: number, hostname: string): string {
  const stamp = d.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return `${stamp}.${String(pid).padStart(6, '0')}@${hostname}`;
}

/** swaks's default DATA: its headers, then --body (or "This is a test mailing"); with
 * attachments, the MIME headers and a multipart body (swaks-mime.ts) instead. Made line by
 * line: an attached photo is never held whole. */
function* message(
  o: SwaksOptions,
  envelope: { to: string; from: string; date: Date; id: string; pid: number },
  parts: readonly MimePart[],
): Iterable<string> {
  const when = swaksDate(envelope.date);
  const boundary = boundaryOf(envelope.pid);
  yield `Date: ${when}`;
  yield `To: ${envelope.to}`;
  yield `From: ${envelope.from}`;
  yield `Subject: test ${when}`;
  yield `Message-Id: <${envelope.id}>`;
  yield `X-Mailer: swaks ${VERSION} jetmore.org/john/code/swaks/`;
  if (parts.length > 0) yield* mimeHeaders(boundary);
  yield* o.headers;
  yield '';
  const body = (o.body ?? 'This is a test mailing').split('\n');
  yield* parts.length > 0 ? mimeBody(boundary, body, parts) : body;
  yield '';
  yield '';
}

/** Lines of a streamed DATA per write: some 80 KB of base64. */
const LINES_PER_WRITE = 1024;

const NOTICES: Readonly<Record<Exclude<ClientNotice, 'reply-timeout'>, string>> = {
  'starttls-not-advertised': 'Host did not advertise STARTTLS',
  'starttls-refused': 'STARTTLS attempted but failed',
  'auth-not-advertised': 'Host did not advertise authentication',
  'auth-type-unavailable': 'Auth not attempted, requested type not available',
  'auth-failed': 'No authentication type succeeded',
};

export const swaks: Tool = (args, context) => {
  const parsed = parseSwaks(args);
  if (Array.isArray(parsed)) {
    parsed.forEach((line) => context.io.print(line));
    return 1;
  }
  // Like swaks, ask for what it needs and was not given ("To: ", "Password: ").
  const questions: { prompt: string; answer: (o: SwaksOptions, value: string) => void }[] = [];
  if (parsed.to === null) questions.push({ prompt: 'To: ', answer: (o, v) => (o.to = v) });
  if (parsed.authUser !== null && parsed.authPassword === null) {
    questions.push({ prompt: 'Password: ', answer: (o, v) => (o.authPassword = v) });
  }
  if (questions.length === 0) return session(parsed, context);
  let status: number | null = null;
  context.io.print(questions[0]!.prompt);
  return {
    input(line) {
      questions.shift()!.answer(parsed, line);
      if (questions.length > 0) return context.io.print(questions[0]!.prompt);
      status = session(parsed, context);
    },
    interrupt() {
      status = 130; // 128 + SIGINT
    },
    get finished() {
      return status !== null;
    },
    get exitStatus() {
      return status;
    },
  } satisfies RunningTool;
};

/** One swaks run; returns its exit status. */
function session(o: SwaksOptions, context: ToolContext): number {
  const { io, world, sim } = context;
  const print = (marker: string, text: string) => io.print(`${marker} ${text}`);
  // The attachments are read with the options, before swaks connects.
  const attached = attachments(world, o.attach);
  if ('error' in attached) {
    io.print(attached.error);
    return 1;
  }
  attached.warnings.forEach((line) => io.print(line));
  const { parts } = attached;
  const to = o.to!;
  const hostname = world.laptop.name;
  const from = o.from ?? `${world.laptop.user}@${hostname}`;

  // --server host[:port]; without it, the first recipient's MX (swaks uses Net::DNS).
  let server = o.server;
  let port = o.port;
  if (server !== null && /^[^:]+:\d+$/.test(server) && port === null) {
    [server, port] = server.split(':') as [string, string];
  }
  if (server === null) {
    const domain = to.split(',')[0]!.replace(/^.*@/, '');
    server = mxLookup(sim, world.laptop.name, domain)[0] ?? 'localhost';
  }
  const portNumber = Number(port ?? (o.tls === 'implicit' ? 465 : 25));
  const SERVICES: Record<string, number> = {
    smtp: 25,
    submission: 587,
    smtps: 465,
    submissions: 465,
  };
  const resolvedPort = Number.isInteger(portNumber)
    ? portNumber
    : (own(SERVICES, port ?? '') ?? NaN);
  if (!Number.isInteger(resolvedPort)) {
    print('***', `unable to resolve service name ${port} into a port, exiting`);
    return 1;
  }
  const host = lookupHost(context.sim, world.laptop.name, server);
  if (host === undefined) {
    print('===', `Trying ${server}:${resolvedPort}...`);
    print('***', `Error connecting to ${server}:${resolvedPort}:`);
    print('***', '\tIO::Socket::INET6: getaddrinfo: Name or service not known');
    return 2;
  }

  const dialled = dial(context, host, resolvedPort);
  const report = swaksConnect(
    dialled.verdict,
    { host: server, address: host.address, port: resolvedPort },
    o.timeoutSecs * 1000,
  );
  io.print(report.lines[0]!);
  if (report.afterMs > 0) io.wait(report.afterMs);
  report.lines.slice(1).forEach((line) => io.print(line));
  if (report.exitCode !== null) return report.exitCode;

  const date = context.now();
  const pid = sim.nextProcessId();
  const data = message(o, { to, from, date, id: messageId(date, pid, hostname), pid }, parts);
  const plan: ClientPlan = {
    helo: o.helo ?? hostname,
    from,
    to: to.split(','),
    tls: o.tls,
    auth:
      o.auth !== null || o.authUser !== null
        ? {
            user: o.authUser ?? world.laptop.user,
            password: o.authPassword ?? '',
            mechanisms: mechanismsFor(o.auth ?? ['ANY']),
            initialResponse: true,
            required: true,
          }
        : null,
    pipelining: o.pipeline,
    declareSize: false,
    quitAfter: o.quitAfter,
    quitWhenDone: true,
    // A MIME message is streamed after the 354 (below); the plain one goes in the plan.
    message: parts.length > 0 ? [] : [...data],
    ...(parts.length > 0 ? { streamedBody: { size: null } } : {}),
  };
  let tlsFailure: string | null = null;
  let secure = false;
  const certificate = certificateOf(host, resolvedPort);
  const client = startAutomaticClient(sim, dialled, host, resolvedPort, {
    plan,
    // --tls-verify: the chain only (SSL_VERIFY_PEER), which a self-signed certificate fails.
    checkCertificate: () => (o.tlsVerify && certificate.selfSigned ? VERIFY_FAILED : null),
    endpoint: { hostname: 'unknown', address: world.laptop.publicAddress },
    replyTimeoutMs: o.timeoutSecs * 1000,
    wait: (ms) => io.wait(ms),
    onTlsUp: () => {
      print(
        '===',
        `TLS started with cipher ${TLS_SESSION.protocol}:${TLS_SESSION.cipher}:${TLS_SESSION.bits}`,
      );
      print('===', 'TLS no local certificate set');
      // The peer's subject, whatever name it is issued for: swaks checks no name, even with
      // --tls-verify (SSL_VERIFY_PEER only; test/fixtures/postfix-policy/certificate-name-swaks.txt).
      print('===', `TLS peer DN="/CN=${certificateNameOf(host, resolvedPort)}"`);
    },
    onTlsFailure: (reason) => (tlsFailure = reason),
    observe: (emitted, connection) => {
      const tls = (secure = connection.secure);
      switch (emitted.type) {
        case 'send':
          // -n: one line for the DATA, its lines counted with the final "." (swaks ptrans()).
          if (emitted.what === 'body' && o.suppressData)
            return print(tls ? ' ~>' : ' ->', `${emitted.lines.length} lines sent`);
          return emitted.lines.forEach((line) => print(tls ? ' ~>' : ' ->', line));
        case 'received': {
          const marker = tls
            ? emitted.expected
              ? '<~ '
              : '<~*'
            : emitted.expected
              ? '<- '
              : '<**';
          return emitted.reply.lines.forEach((line) => print(marker, line));
        }
        case 'tls.start':
          return;
        case 'notice':
          if (emitted.notice === 'reply-timeout') {
            return print(
              tls ? '<~*' : '<**',
              `Timeout (${o.timeoutSecs} secs) waiting for server response`,
            );
          }
          if (emitted.notice === 'auth-type-unavailable' && (o.auth ?? ['ANY']).includes('ANY')) {
            return print('***', 'Auth not attempted, no advertised types available');
          }
          return print('***', NOTICES[emitted.notice]);
        case 'close':
          return;
      }
    },
  });
  if (client.result === null)
    streamMessage(client, data, o.suppressData, (line) => print(secure ? ' ~>' : ' ->', line));
  return finish(client.result!, tlsFailure, o.tls !== 'implicit', print);
}

/** The MIME message after the 354, dot-stuffed (RFC 5321 §4.5.2) and written some lines at
 * a time, each line printed as it goes (or their count, with -n), then the final ".". */
function streamMessage(
  client: AutomaticClient,
  data: Iterable<string>,
  suppress: boolean,
  show: (line: string) => void,
): void {
  let batch: string[] = [];
  let count = 0;
  for (const line of data) {
    count++;
    if (!suppress) show(line);
    batch.push(`${line.startsWith('.') ? '.' : ''}${line}\r\n`);
    if (batch.length === LINES_PER_WRITE) {
      client.write(textToOctets(batch.join('')));
      batch = [];
    }
  }
  show(suppress ? `${count + 1} lines sent` : '.');
  client.end(`${textToOctets(batch.join(''))}.\r\n`);
}

/** The last lines and the exit status. */
function finish(
  result: ClientResult,
  tlsFailure: string | null,
  starttls: boolean,
  print: (marker: string, text: string) => void,
): number {
  if (tlsFailure !== null) {
    print('***', `TLS startup failed (connect(): ${tlsFailure})`);
    // After STARTTLS, do_smtp_tls() reports its own failure too (recorded:
    // test/fixtures/postfix-policy/certificate-name-swaks.txt); --tlsc exits at once.
    if (starttls) print('***', 'STARTTLS attempted but failed');
    return 29;
  }
  if (result.lostConnection) {
    print('***', 'Remote host closed connection unexpectedly.');
  } else {
    print('===', 'Connection closed with remote host.');
  }
  return EXIT_AT[result.stage];
}
