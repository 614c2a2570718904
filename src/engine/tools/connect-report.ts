// What each client tool prints while it connects, and when a connection cannot be made, word
// for word as recorded in shared/fidelity/network/ (telnet 0.17, netcat-openbsd 1.219,
// swaks 20201014.0, curl 7.88.1) or as OpenSSL 3.0.22's s_client prints it. Each tool connects its own way (SocketStyle), which is why
// the same blocked port looks different in each of them.
import { connectResult, type ConnectResult } from '../net/kernel.ts';
import type { PathVerdict } from '../net/path.ts';

export interface ConnectReport {
  /** Lines the tool prints, in order. */
  readonly lines: readonly string[];
  /** Virtual time the tool spends before it prints the last line. */
  readonly afterMs: number;
  /** The tool's exit status when it gives up; null when connected (the session goes on). */
  readonly exitCode: number | null;
  readonly result: ConnectResult;
}

export interface Target {
  /** As the user typed it (telnet and curl echo it). */
  readonly host: string;
  /** The address connected to (what the tools print in "Trying ..."). */
  readonly address: string;
  readonly port: number;
}

/** /etc/services names netcat prints after the port. */
const SERVICES: Readonly<Record<number, string>> = {
  25: 'smtp',
  465: 'submissions',
  587: 'submission',
};

/** strerror() of the errno a failed connect() leaves. */
function strerror(result: ConnectResult): string {
  if (result.kind === 'refused') return 'Connection refused';
  if (result.kind === 'unreachable') return 'No route to host';
  return 'Connection timed out';
}

/** The errno itself: ECONNREFUSED, EHOSTUNREACH, ETIMEDOUT (Linux). */
function errno(result: ConnectResult): number {
  if (result.kind === 'refused') return 111;
  if (result.kind === 'unreachable') return 113;
  return 110;
}

/** telnet: a blocking connect() with no timeout of its own. */
export function telnetConnect(verdict: PathVerdict, t: Target): ConnectReport {
  const result = connectResult(verdict, { blocking: true, timeoutMs: null });
  const trying = `Trying ${t.address}...`;
  if (result.kind === 'connected') {
    return {
      lines: [trying, `Connected to ${t.host}.`, "Escape character is '^]'."],
      afterMs: 0,
      exitCode: null,
      result,
    };
  }
  return {
    lines: [trying, `telnet: Unable to connect to remote host: ${strerror(result)}`],
    afterMs: result.afterMs,
    exitCode: 1,
    result,
  };
}

/** nc -v [-z] [-w secs]: a non-blocking connect(), polled up to -w when given. */
export function ncConnect(
  verdict: PathVerdict,
  t: Target,
  options: { zero: boolean; waitMs: number | null },
): ConnectReport {
  const result = connectResult(verdict, { blocking: false, timeoutMs: options.waitMs });
  if (result.kind === 'connected') {
    const service = SERVICES[t.port] ? `[tcp/${SERVICES[t.port]}]` : '[tcp/*]';
    return {
      lines: [`Connection to ${t.address} ${t.port} port ${service} succeeded!`],
      afterMs: 0,
      exitCode: options.zero ? 0 : null,
      result,
    };
  }
  const where = `nc: connect to ${t.address} port ${t.port} (tcp)`;
  const line =
    result.kind === 'timed-out' && result.by === 'client'
      ? `${where} timed out: Operation now in progress`
      : `${where} failed: ${strerror(result)}`;
  return { lines: [line], afterMs: result.afterMs, exitCode: 1, result };
}

/** swaks: IO::Socket::INET6 with its --timeout (30 s by default). It names the server as it
 * was given (--server), not the address it connects to. */
export function swaksConnect(verdict: PathVerdict, t: Target, timeoutMs = 30_000): ConnectReport {
  const result = connectResult(verdict, { blocking: false, timeoutMs });
  const trying = `=== Trying ${t.host}:${t.port}...`;
  if (result.kind === 'connected') {
    return {
      lines: [trying, `=== Connected to ${t.host}.`],
      afterMs: 0,
      exitCode: null,
      result,
    };
  }
  // IO::Socket::INET6 reports an ICMP error as the EINPROGRESS of its own non-blocking connect.
  const icmp = result.kind === 'unreachable' || (result.kind === 'refused' && result.viaIcmp);
  const reason =
    result.kind === 'timed-out'
      ? 'timeout'
      : icmp
        ? 'Operation already in progress'
        : strerror(result);
  return {
    lines: [
      trying,
      `*** Error connecting to ${t.host}:${t.port}:`,
      `*** \tIO::Socket::INET6: connect: ${reason}`,
    ],
    afterMs: result.afterMs,
    exitCode: 2,
    result,
  };
}

/** curl -v smtp://...: non-blocking, with a 300 s connect timeout the kernel beats. The
 * progress meter curl draws on the same terminal is curl.ts's; on a failure, the last two
 * lines come after the meter's last line. */
export function curlConnect(verdict: PathVerdict, t: Target): ConnectReport {
  const result = connectResult(verdict, { blocking: false, timeoutMs: 300_000 });
  const trying = `*   Trying ${t.address}:${t.port}...`;
  if (result.kind === 'connected') {
    return {
      lines: [trying, `* Connected to ${t.host} (${t.address}) port ${t.port} (#0)`],
      afterMs: 0,
      exitCode: null,
      result,
    };
  }
  const failed = `Failed to connect to ${t.host} port ${t.port} after ${result.afterMs} ms: Couldn't connect to server`;
  const timedOut = result.kind === 'timed-out';
  return {
    lines: [
      trying,
      `* connect to ${t.address} port ${t.port} failed: ${strerror(result)}`,
      `* ${failed}`,
      '* Closing connection 0',
      `curl: (${timedOut ? 28 : 7}) ${failed}`,
    ],
    afterMs: result.afterMs,
    exitCode: timedOut ? 28 : 7,
    result,
  };
}

/** openssl s_client: a blocking connect() (BIO_connect) with no timeout of its own; OpenSSL's
 * error queue names the errno (ERR_SYSTEM_FLAG | errno), each line led by the thread id. */
export function opensslConnect(verdict: PathVerdict, threadId: string): ConnectReport {
  const result = connectResult(verdict, { blocking: true, timeoutMs: null });
  if (result.kind === 'connected') {
    return { lines: ['CONNECTED(00000003)'], afterMs: 0, exitCode: null, result };
  }
  const code = (0x80000000 + errno(result)).toString(16).toUpperCase();
  return {
    lines: [
      `${threadId}:error:${code}:system library:BIO_connect:${strerror(result)}:../crypto/bio/bio_sock2.c:117:calling connect()`,
      `${threadId}:error:10000067:BIO routines:BIO_connect:connect error:../crypto/bio/bio_sock2.c:119:`,
      `connect:errno=${errno(result)}`,
    ],
    afterMs: result.afterMs,
    exitCode: 1,
    result,
  };
}
