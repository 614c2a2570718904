// curl 7.88.1 (Debian 12) sending mail: `curl -v smtp://mx.example.org --mail-from ...
// --mail-rcpt ... -T message.txt`, as recorded in shared/fidelity/tools/curl-*.txt and checked
// against the real binary. The URL's path is the EHLO name ("-T file" appends the file's name
// when there is none, so EHLO says "message.txt"); -T - reads what the learner types once the
// server has said 354, until Ctrl-D; without -T curl asks VRFY (or HELP) instead.
import type { AuthPlan, ClientPlan, SaslMechanism, TlsPolicy } from '../smtp/client/plan.ts';
import { resolve } from '../world/world.ts';
import { curlConnect } from './connect-report.ts';
import { httpTransfer } from './curl-http.ts';
import { parseCurl, type CurlOptions } from './curl-options.ts';
import { CurlOutput } from './curl-output.ts';
import { SmtpTransfer, type CurlError } from './curl-smtp.ts';
import { dial } from './dial.ts';
import { DEFAULT_PORT, parseUrl, withFileName, type CurlUrl } from './curl-url.ts';
import { openFile } from './home.ts';
import { textToOctets } from '../smtp/octets.ts';
import type { RunningTool, Tool, ToolContext } from './tool.ts';

const TRY_HELP = "curl: try 'curl --help' or 'curl --manual' for more information";

/** `curl --help` (7.88.1). */
const HELP = [
  'Usage: curl [options...] <url>',
  ' -d, --data <data>          HTTP POST data',
  ' -f, --fail                 Fail fast with no output on HTTP errors',
  ' -h, --help <category>      Get help for commands',
  ' -i, --include              Include protocol response headers in the output',
  ' -o, --output <file>        Write to file instead of stdout',
  ' -O, --remote-name          Write output to a file named as the remote file',
  ' -s, --silent               Silent mode',
  ' -T, --upload-file <file>   Transfer local FILE to destination',
  ' -u, --user <user:password> Server user and password',
  ' -A, --user-agent <name>    Send User-Agent <name> to server',
  ' -v, --verbose              Make the operation more talkative',
  ' -V, --version              Show version number and quit',
  '',
  'This is not the full help, this menu is stripped into categories.',
  'Use "--help category" to get an overview of all categories.',
  'For all options use the manual or "--help all".',
];

/** `curl --version` of Debian 12, built (in this lab) with the protocols it simulates. */
const VERSION = [
  'curl 7.88.1 (x86_64-pc-linux-gnu) libcurl/7.88.1 OpenSSL/3.0.22 zlib/1.2.13 brotli/1.0.9 zstd/1.5.4 libidn2/2.3.3 libpsl/0.21.2 (+libidn2/2.3.3) libssh2/1.10.0 nghttp2/1.52.0 librtmp/2.3 OpenLDAP/2.5.13',
  'Release-Date: 2023-02-20, security patched: 7.88.1-10+deb12u14',
  'Protocols: http smtp smtps',
  'Features: alt-svc AsynchDNS brotli GSS-API HSTS HTTP2 HTTPS-proxy IDN IPv6 Kerberos Largefile libz NTLM NTLM_WB PSL SPNEGO SSL threadsafe TLS-SRP UnixSockets zstd',
];

/** curl's upload buffer (CURLOPT_UPLOAD_BUFFERSIZE's default, UPLOADBUFFER_DEFAULT). */
const UPLOAD_BUFFER = 65_536;

/** The octets again, in pieces of `size` (the last one shorter). */
function* inPiecesOf(size: number, octets: Iterable<string>): Iterable<string> {
  let held = '';
  for (const piece of octets) {
    held += piece;
    for (; held.length >= size; held = held.slice(size)) yield held.slice(0, size);
  }
  if (held !== '') yield held;
}

/** smtp_parse_address(): the address without its angle brackets, if given with them. */
const bare = (address: string) => address.replace(/^</, '').replace(/>$/, '');

/** --login-options AUTH=<mechanism> (or AUTH=*): the mechanisms curl may use, in its order
 * (PLAIN before LOGIN, Curl_sasl_start()). */
function mechanisms(loginOptions: string | null): SaslMechanism[] {
  const wanted = /(?:^|;)AUTH=([^;]*)/i.exec(loginOptions ?? '')?.[1]?.toUpperCase() ?? '*';
  return (['PLAIN', 'LOGIN'] as const).filter((m) => wanted === '*' || wanted === m);
}

function tlsPolicy(o: CurlOptions, url: CurlUrl): TlsPolicy {
  if (url.scheme === 'smtps') return 'implicit';
  return { none: 'none', try: 'optional', required: 'required' }[o.ssl] as TlsPolicy;
}

export const curl: Tool = (args, context) => {
  const { io } = context;
  const parsed = parseCurl(args);
  if (parsed.kind === 'error') {
    parsed.lines.forEach((line) => io.print(line));
    return 2;
  }
  if (parsed.kind !== 'options') {
    (parsed.kind === 'help' ? HELP : VERSION).forEach((line) => io.print(line));
    return 0;
  }
  const o = parsed.options;
  if (!o.silent) {
    if (o.ssl === 'try')
      io.print('Warning: --ssl is an insecure option, consider --ssl-reqd instead');
    for (const option of o.ignored)
      io.print(`Warning: ${option} is not simulated in this lab, ignored`);
    if (o.urls.length > 1) io.print('Warning: this lab transfers the first URL only');
  }
  // checkpasswd(): -u without ":password" asks for it (the terminal does not echo it).
  if (o.user === null || o.user.includes(':')) return transfer(o, context, o.user);
  io.print(`Enter host password for user '${o.user}':`);
  let next: RunningTool | null = null;
  let status: number | null = null;
  return {
    input(line) {
      if (next !== null) return next.input(line);
      const started = transfer(o, context, `${o.user}:${line}`);
      if (typeof started === 'number') status = started;
      else next = started;
    },
    endOfInput() {
      if (next !== null) return next.endOfInput?.();
      // Ctrl-D at the prompt: an empty password, and nothing more to read for -T -.
      const started = transfer(o, context, `${o.user}:`);
      if (typeof started === 'number') status = started;
      else (next = started).endOfInput?.();
    },
    interrupt() {
      if (next !== null) next.interrupt();
      else status = 130;
    },
    get finished() {
      return status !== null || (next?.finished ?? false);
    },
    get exitStatus() {
      return status ?? next?.exitStatus ?? null;
    },
  } satisfies RunningTool;
};

/** One transfer to the first URL; `credentials` as "user:password". */
function transfer(
  o: CurlOptions,
  context: ToolContext,
  credentials: string | null,
): RunningTool | number {
  const { io, world } = context;
  const uploading = o.uploadFile !== null;
  const parsedUrl = parseUrl(o.urls[0]!);
  const report = (error: CurlError) => {
    if (!o.silent || o.showError) {
      io.print(`curl: (${error.status}) ${error.message}`);
      error.more?.forEach((line) => io.print(line));
    }
    return error.status;
  };
  if (parsedUrl === null) {
    return report({
      status: 3,
      message: 'URL using bad/illegal format or missing URL',
      noted: false,
    });
  }
  const url = withFileName(parsedUrl, o.uploadFile);
  const fromStdin = o.uploadFile === '-';
  const file = uploading && !fromStdin ? openFile(world, o.uploadFile!) : null;
  if (uploading && !fromStdin && file === null) {
    io.print(`curl: Can't open '${o.uploadFile}'!`);
    io.print(TRY_HELP);
    return report({
      status: 26,
      message: 'Failed to open/read local data from file/application',
      noted: false,
    });
  }

  // With no upload the answer goes to the terminal: no meter, no data markers (isatty).
  const out = new CurlOutput((row) => io.print(row), {
    verbose: o.verbose,
    dataMarkers: uploading && url.scheme !== 'http',
  });
  const finish = (status: number, error: CurlError | null) => {
    out.flush();
    return error === null ? status : report(error);
  };
  if (!Object.hasOwn(DEFAULT_PORT, url.scheme)) {
    const message = `Protocol "${url.scheme}" not supported or disabled in libcurl`;
    out.note(message);
    out.note('Closing connection -1');
    return finish(1, { status: 1, message, noted: true });
  }
  const size = file === null ? null : file.size;
  if (url.scheme === 'http') {
    const error = httpTransfer(context, out, url, { uploadFile: o.uploadFile, size });
    return finish(error?.status ?? 0, error);
  }
  const smtp = new SmtpTransfer(context, out, {
    plan: smtpPlan(o, url, context, credentials, size),
    hostName: url.host,
    insecure: o.insecure,
    uploadSize: size,
    crlf: o.crlf,
    meter: uploading && o.progressMeter && !o.silent,
  });
  const host = resolve(world, url.host);
  if (host === undefined) {
    const message = `Could not resolve host: ${url.host}`;
    out.note(message);
    out.note('Closing connection 0');
    return finish(6, { status: 6, message, noted: true });
  }
  const dialled = dial(context, host, url.port);
  const connect = curlConnect(dialled.verdict, {
    host: url.host,
    address: host.address,
    port: url.port,
  });
  smtp.connecting(connect.lines.slice(0, 1));
  if (connect.afterMs > 0) io.wait(connect.afterMs);
  if (connect.exitCode !== null) {
    // curlConnect's last two lines come once the meter is done: "* Closing connection 0"
    // and curl's error, which this tool prints as it prints every error.
    smtp.connecting(connect.lines.slice(1, -2));
    const message = connect.lines.at(-1)!.replace(/^curl: \(\d+\) /, '');
    const status = smtp.connectFailed(connect.lines.slice(-2, -1), {
      status: connect.exitCode,
      message,
      noted: false,
    });
    return finish(status, smtp.error);
  }
  smtp.connecting(connect.lines.slice(1));
  smtp.start(host, dialled, url.port, url.host);
  if (smtp.finished || !uploading) return finish(smtp.finish(), smtp.error);
  if (!fromStdin) {
    // curl reads the file 65,536 octets at a time (its upload buffer, UPLOADBUFFER_DEFAULT)
    // and sends each piece as it comes: -v shows "} [65536 bytes data]" for the first.
    for (const piece of inPiecesOf(UPLOAD_BUFFER, file!.octets())) smtp.write(piece);
    smtp.end();
    return finish(smtp.finish(), smtp.error);
  }

  // -T -: each line the learner types is one read; Ctrl-D ends the message.
  let status: number | null = null;
  const settle = () => {
    if (smtp.finished) status = finish(smtp.finish(), smtp.error);
  };
  return {
    input(line) {
      smtp.write(textToOctets(`${line}\n`));
      settle();
    },
    endOfInput() {
      smtp.end();
      settle();
    },
    interrupt() {
      smtp.abort();
      out.flush();
      status = 130; // 128 + SIGINT
    },
    get finished() {
      return status !== null;
    },
    get exitStatus() {
      return status;
    },
  } satisfies RunningTool;
}

/** What curl sets out to do over SMTP. */
function smtpPlan(
  o: CurlOptions,
  url: CurlUrl,
  context: ToolContext,
  credentials: string | null,
  size: number | null,
): ClientPlan {
  const login = credentials ?? url.user;
  const colon = login?.indexOf(':') ?? -1;
  const auth: AuthPlan | null =
    login === null || login === undefined
      ? null
      : {
          user: colon === -1 ? login : login.slice(0, colon),
          password: colon === -1 ? '' : login.slice(colon + 1),
          mechanisms: mechanisms(o.loginOptions),
          initialResponse: o.saslIr,
          required: false, // no AUTH on offer: curl goes on without
          tryEachMechanism: false,
        };
  const recipients = o.mailRcpt.map(bare);
  const uploading = o.uploadFile !== null;
  let ehlo = context.world.laptop.name;
  try {
    ehlo = decodeURIComponent(url.path.slice(1)) || ehlo;
  } catch {
    // a malformed %-escape: curl would refuse the URL; keep the host's name
  }
  return {
    helo: ehlo,
    from: bare(o.mailFrom ?? ''),
    to: recipients,
    tls: tlsPolicy(o, url),
    auth,
    pipelining: false,
    declareSize: true,
    quitAfter: null,
    quitWhenDone: true,
    message: [],
    // An empty file is not declared (SIZE only for infilesize > 0).
    ...(uploading ? { streamedBody: { size: size === 0 ? null : size } } : {}),
    ...(uploading
      ? {}
      : { commands: recipients.length > 0 ? recipients.map((r) => `VRFY ${r}`) : ['HELP'] }),
    refusedRecipientEnds: !o.mailRcptAllowFails,
    quitOnFailure: 'after-connect-phase',
  };
}
