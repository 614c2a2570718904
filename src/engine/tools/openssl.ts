// openssl (OpenSSL 3.0.22, Debian 12): `s_client`, the TLS client sysadmins test mail servers
// with, as recorded in shared/fidelity/tools/openssl-*.txt; `version` and `help`. With
// -starttls smtp it reads the banner, says EHLO and STARTTLS itself, unprinted, then
// handshakes; after that what the learner types goes to the server inside TLS. Without -quiet
// (or -ign_eof) a line starting with Q, R or K is one of its own commands, not a line for the
// server: the classic "RCPT TO" that renegotiates instead.
import { lookupHost } from '../world/dns.ts';
import type { SeenReply } from '../smtp/client/plan.ts';
import { messageSize } from '../smtp/client/client-steps.ts';
import type { Connection } from '../world/connection.ts';
import type { Host } from '../world/world.ts';
import { opensslConnect } from './connect-report.ts';
import { dial } from './dial.ts';
import { interactiveSession, type Negotiated, type SessionHooks } from './interactive-session.ts';
import { COMMAND_GROUPS } from './openssl-help.ts';
import {
  briefReport,
  certificateOf,
  connectionReport,
  errorLine,
  failedHandshakeReport,
  HANDSHAKE_BYTES,
  newSessionTicketReport,
  SSL_ERRORS,
  threadId,
  verifyErrors,
  verifyLines,
} from './openssl-output.ts';
import { certificateNameOf } from '../world/certificate.ts';
import { parseSClient, type SClientOptions } from './openssl-options.ts';
import type { Tool, ToolContext } from './tool.ts';
import { own } from '../own.ts';

const VERSION = 'OpenSSL 3.0.22 25 Aug 2026 (Library: OpenSSL 3.0.22 25 Aug 2026)';

/** Service names getaddrinfo() knows from /etc/services. */
const SERVICES: Readonly<Record<string, number>> = {
  smtp: 25,
  submission: 587,
  submissions: 465,
  smtps: 465,
  ssmtp: 465,
};

/** Names of the learner's own machine, where nothing listens: each address refuses. */
const LOCAL_ADDRESSES: Readonly<Record<string, number>> = { localhost: 2, '127.0.0.1': 1 };

export const openssl: Tool = (args, context) => {
  const { io } = context;
  const [command, ...rest] = args;
  if (command === undefined || command === 'help') {
    helpLines().forEach((line) => io.print(line));
    return 0;
  }
  if (command === 'version' && rest.length === 0) {
    io.print(VERSION);
    return 0;
  }
  if (command === 's_client') return sClient(rest, context);
  if (COMMAND_GROUPS.some((group) => group.names.includes(command))) {
    io.print(`openssl: ${[command, ...rest].join(' ')} is not simulated in Port 25 Lab`);
    return 1;
  }
  io.print(`Invalid command '${command}'; type "help" for a list.`);
  return 1;
};

/** `openssl help`: each group in columns of 18, four to a row. */
function helpLines(): string[] {
  const lines = ['help:'];
  for (const { title, names } of COMMAND_GROUPS) {
    lines.push('', title);
    for (let i = 0; i < names.length; i += 4) {
      lines.push(
        names
          .slice(i, i + 4)
          .map((name) => name.padEnd(18))
          .join(''),
      );
    }
  }
  return [...lines, ''];
}

/** Like is_dNS_name() in s_client: at least two labels and not an address, so that
 * `-connect mx.example.org:25` sends SNI and `-connect 198.51.100.25:25` does not. */
function isDnsName(host: string): boolean {
  const label = '[A-Za-z0-9_](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?';
  return new RegExp(`^${label}(?:\\.${label})+$`).test(host) && !/^[\d.]+$/.test(host);
}

function sClient(args: readonly string[], context: ToolContext) {
  const { world, io, sim } = context;
  const parsed = parseSClient(args);
  if ('lines' in parsed) {
    parsed.lines.forEach((line) => io.print(line));
    return parsed.status;
  }
  const o = parsed;
  const thread = threadId(sim.nextProcessId());
  const fail = (lines: readonly string[]) => {
    lines.forEach((line) => io.print(line));
    return 1;
  };
  const port = /^\d+$/.test(o.port) ? Number(o.port) % 65536 : own(SERVICES, o.port);
  if (port === undefined) {
    return fail([
      errorLine(thread, `${SSL_ERRORS.lookup}Servname not supported for ai_socktype`),
      'connect:errno=0',
    ]);
  }
  const host = lookupHost(context.sim, world.laptop.name, o.host);
  if (host === undefined) {
    const local = own(LOCAL_ADDRESSES, o.host);
    if (local !== undefined) {
      // Nothing listens on the learner's own machine: each of its addresses refuses.
      const { lines } = opensslConnect({ kind: 'reset' }, thread);
      const refused = Array.from({ length: local }, () => lines.slice(0, -1)).flat();
      return fail([...refused, lines.at(-1)!]);
    }
    return fail([
      errorLine(thread, `${SSL_ERRORS.lookup}Name or service not known`),
      'connect:errno=22',
    ]);
  }
  const dialled = dial(context, host, port);
  const report = opensslConnect(dialled.verdict, thread);
  if (report.afterMs > 0) io.wait(report.afterMs);
  if (report.exitCode !== null) return fail(report.lines);
  if (!o.quiet) report.lines.forEach((line) => io.print(line));
  const sni = o.noservername ? null : (o.servername ?? (isDnsName(o.host) ? o.host : null));
  return interactiveSession(context, dialled, {
    host,
    port,
    lineEnd: o.crlf ? '\r\n' : '\n', // -crlf turns the terminal's LF into CRLF
    closedByServer: null,
    closedByUser: null,
    hooks: sClientHooks(o, context, {
      host,
      port,
      sni,
      thread,
      silent: dialled.verdict.kind === 'silent',
    }),
  });
}

interface Peer {
  readonly host: Host;
  readonly port: number;
  /** The server name sent in the ClientHello, if any. */
  readonly sni: string | null;
  readonly thread: string;
  /** Connected, but nothing the server sends arrives (a black hole past the handshake). */
  readonly silent: boolean;
}

function sClientHooks(o: SClientOptions, context: ToolContext, peer: Peer): SessionHooks {
  const { io } = context;
  const print = (lines: readonly string[]) => lines.forEach((line) => io.print(line));
  const certificate = certificateOf(certificateNameOf(peer.host, peer.port));
  const verified = verifyErrors(certificate, o.verifyHostname);
  /** The reply last printed: how the server's close is read. */
  let lastReply: SeenReply | null = null;
  /** A "K" asked the server to update its keys too: its KeyUpdate comes with its next data. */
  let keyUpdateDue = false;

  /** Plaintext before the handshake: -starttls reads the banner and two replies itself. */
  function startTls(
    connection: Connection,
    held: SeenReply[],
    wire: Wire,
  ): Negotiated | { readonly mbuf: string } {
    const read = (): SeenReply | 'eof' | 'nothing' => {
      const reply = held.shift();
      if (reply === undefined) return connection.closed ? 'eof' : 'nothing';
      wire.read += messageSize(reply.lines);
      return reply;
    };
    // Its own lines end in CRLF whatever -crlf says.
    const write = (line: string) => {
      // The first write after the server closed still goes out; later ones fail (EPIPE).
      if (connection.closed && wire.writesAfterClose++ > 0) return;
      wire.written += messageSize([line]);
      connection.send([line]);
    };
    // BIO_gets() until the last line of the greeting; it blocks if none comes (a server
    // that waits for a ClientHello on 465 sends nothing).
    if (read() === 'nothing') return 'stuck';
    write(`${o.starttls === 'lmtp' ? 'LHLO' : 'EHLO'} ${o.ehloName}`);
    const ehlo = read();
    if (ehlo === 'nothing') return 'stuck';
    const advertised = ehlo !== 'eof' && ehlo.lines.some((line) => line.includes('STARTTLS'));
    if (!advertised) print(["Didn't find STARTTLS in server response, trying anyway..."]);
    write('STARTTLS');
    if (read() === 'nothing') return 'stuck';
    // The last line read stays in its buffer (mbuf) and is printed once TLS is up.
    return { mbuf: ehlo === 'eof' ? '' : ehlo.lines.at(-1)! };
  }

  return {
    negotiate(connection, held) {
      const wire: Wire = { read: 0, written: 0, writesAfterClose: 0 };
      let mbuf = '';
      if (o.starttls !== null) {
        const started = startTls(connection, held, wire);
        if (typeof started !== 'object' || !('mbuf' in started)) return started;
        mbuf = started.mbuf;
      }
      if (peer.silent) return 'stuck'; // the ClientHello goes; no ServerHello ever comes back
      if (wire.writesAfterClose > 0) {
        print(['write:errno=32']);
        if (!o.quiet) print(failedHandshakeReport(wire.read, wire.written));
        return { exitStatus: 1 };
      }
      if (!connection.handshake(null, peer.sni).ok) {
        // The server's plaintext (a banner, a 5xx) is no TLS record.
        print([errorLine(peer.thread, SSL_ERRORS.wrongVersion)]);
        if (!o.quiet) {
          print(
            failedHandshakeReport(
              wire.read + HANDSHAKE_BYTES.recordHeader,
              wire.written + HANDSHAKE_BYTES.clientHello(peer.sni),
            ),
          );
        }
        return { exitStatus: 1 };
      }
      if (o.verifyHostname !== null)
        context.sim.trace({
          type: 'tls.name-check',
          conn: connection.conn,
          host: peer.host.name,
          port: peer.port,
          expected: o.verifyHostname,
          certificate: certificate.cn,
          matches: !verified.some((e) => e.num === 62),
        });
      // The servername callback finds no name to look at when none was sent.
      if (peer.sni === null) print(["Can't use SSL_get_servername"]);
      print(verifyLines(certificate, verified, o.verifyQuiet));
      if (o.brief) print(briefReport(certificate, verified));
      else if (!o.quiet) {
        print(
          connectionReport(certificate, {
            showcerts: o.showcerts,
            read: wire.read + HANDSHAKE_BYTES.server(certificate),
            written: wire.written + HANDSHAKE_BYTES.client(peer.sni),
            errors: verified,
          }),
        );
      }
      if (mbuf !== '') print([mbuf]); // on stderr, so -quiet shows it too
      if (!o.quiet) {
        // TLSv1.3: the ticket comes after the handshake; reading it yields no data.
        const startTime = Math.floor(context.now().getTime() / 1000);
        print(newSessionTicketReport(peer.host.name, connection.conn, startTime, verified));
        print(['read R BLOCK']);
      }
      return 'connected';
    },
    typed(line) {
      if (o.ignEof || !o.commands) return 'send';
      switch (line[0]) {
        case 'Q':
          print(['DONE']);
          return { exitStatus: 0 };
        case 'R':
          // SSL_renegotiate() fails: TLSv1.3 has no renegotiation (RFC 8446 §4.1.2).
          print(['RENEGOTIATING', errorLine(peer.thread, SSL_ERRORS.cannotRenegotiate)]);
          return { exitStatus: 1 };
        case 'K':
        case 'k':
          // RFC 8446 §4.6.3: a KeyUpdate; "K" asks the server for one back.
          print(['KEYUPDATE']);
          if (line[0] === 'K' && !o.quiet) keyUpdateDue = true;
          return 'keep';
        default:
          return 'send';
      }
    },
    replying(reply) {
      lastReply = reply;
      if (keyUpdateDue) print(['read R BLOCK']);
      keyUpdateDue = false;
    },
    serverClosed() {
      // Postfix ends TLS with a close_notify unless its stream failed, as on the idle timeout
      // (smtpd.c tls_reset()); without one, OpenSSL 3 reports an unexpected EOF.
      const timedOut = /^421 4\.4\.2 /.test(lastReply?.lines[0] ?? '');
      if (!timedOut || o.ignoreUnexpectedEof) {
        if (!o.quiet) print(['closed']);
        return 0;
      }
      print([errorLine(peer.thread, SSL_ERRORS.unexpectedEof)]);
      return 1;
    },
    endOfInput() {
      if (o.ignEof) return null;
      print(['DONE']);
      return 0;
    },
    interruptStatus: 130, // 128 + SIGINT
  };
}

/** Plaintext octets each way before the handshake, for "SSL handshake has read ...". */
interface Wire {
  read: number;
  written: number;
  writesAfterClose: number;
}
