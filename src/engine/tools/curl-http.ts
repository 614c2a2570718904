// curl without "smtp://" guesses HTTP (a host not named smtp.*): it connects, sends an HTTP
// request and reads the mail server's banner as the answer, which is no HTTP at all
// ("Received HTTP/0.9 when not allowed", verified against curl 7.88.1 and the simulated
// Postfix). The server, for its part, hangs up on the request (Postfix: "I can break rules,
// too").
import type { SeenReply } from '../smtp/client/plan.ts';
import { Connection } from '../world/connection.ts';
import { resolve } from '../world/world.ts';
import { curlConnect } from './connect-report.ts';
import type { CurlUrl } from './curl-url.ts';
import type { CurlOutput } from './curl-output.ts';
import type { CurlError } from './curl-smtp.ts';
import { dial } from './dial.ts';
import type { ToolContext } from './tool.ts';

/** The request curl 7.88.1 sends: GET, or PUT with -T (a file's length, or chunks from
 * stdin) and "Expect: 100-continue". */
function request(url: CurlUrl, upload: { file: string | null; size: number | null }): string[] {
  const lines = [
    `${upload.file === null ? 'GET' : 'PUT'} ${url.path || '/'} HTTP/1.1`,
    `Host: ${url.host}${url.port === 80 ? '' : `:${url.port}`}`,
    'User-Agent: curl/7.88.1',
    'Accept: */*',
  ];
  if (upload.file !== null) {
    lines.push(
      upload.size === null ? 'Transfer-Encoding: chunked' : `Content-Length: ${upload.size}`,
    );
    lines.push('Expect: 100-continue');
  }
  return [...lines, ''];
}

/** One HTTP transfer; its error, if any (curl has none to report only with a web server,
 * and the world has none). */
export function httpTransfer(
  context: ToolContext,
  out: CurlOutput,
  url: CurlUrl,
  upload: { uploadFile: string | null; size: number | null },
): CurlError | null {
  const host = resolve(context.world, url.host);
  if (host === undefined) {
    const message = `Could not resolve host: ${url.host}`;
    out.note(message);
    out.note('Closing connection 0');
    return { status: 6, message, noted: true };
  }
  const dialled = dial(context, host, url.port);
  const connect = curlConnect(dialled.verdict, {
    host: url.host,
    address: host.address,
    port: url.port,
  });
  out.note(connect.lines[0]!.slice(2));
  if (connect.afterMs > 0) context.io.wait(connect.afterMs);
  connect.lines
    .slice(1, connect.exitCode === null ? undefined : -1)
    .forEach((l) => out.note(l.slice(2)));
  if (connect.exitCode !== null) {
    const message = connect.lines.at(-1)!.replace(/^curl: \(\d+\) /, '');
    return { status: connect.exitCode, message, noted: false };
  }

  const replies: SeenReply[] = [];
  const connection = new Connection(context.sim, dialled, host, url.port, {
    endpoint: { hostname: 'unknown', address: context.world.laptop.publicAddress },
    end: {
      reply: (reply) => replies.push(reply),
      closed: () => {},
      wait: (ms) => context.io.wait(ms),
    },
  });
  connection.open();
  const lines = request(url, { file: upload.uploadFile, size: upload.size });
  lines.forEach((line) => out.sent(line));
  connection.send(lines);
  connection.close();
  // The first thing read decides: an SMTP banner is no HTTP status line; nothing is nothing.
  const message =
    replies.length > 0 ? 'Received HTTP/0.9 when not allowed' : 'Empty reply from server';
  out.note(message);
  out.note('Closing connection 0');
  return { status: replies.length > 0 ? 1 : 52, message, noted: true };
}
