// nc [-v] [-z] [-C] [-w timeout] host port (netcat-openbsd 1.219): a raw TCP connection.
// Without -C, Enter sends a bare LF, which a strict Postfix refuses
// (smtpd_forbid_bare_newline); quiet unless -v.
import { lookupHost } from '../world/dns.ts';
import { ncConnect } from './connect-report.ts';
import { dial } from './dial.ts';
import { interactiveSession } from './interactive-session.ts';
import type { Tool } from './tool.ts';

const USAGE = 'usage: nc [-46CDdFhklNnrStUuvZz] [-I length] [-i interval] [-M ttl]';

interface NcOptions {
  verbose: boolean;
  zero: boolean;
  crlf: boolean;
  waitMs: number | null;
  operands: string[];
}

function parse(args: readonly string[]): NcOptions | string {
  const options: NcOptions = {
    verbose: false,
    zero: false,
    crlf: false,
    waitMs: null,
    operands: [],
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('-') || arg === '-') {
      options.operands.push(arg);
      continue;
    }
    for (const flag of arg.slice(1)) {
      if (flag === 'v') options.verbose = true;
      else if (flag === 'z') options.zero = true;
      else if (flag === 'C') options.crlf = true;
      else if (flag === 'w') {
        const seconds = Number(args[++i]);
        if (!Number.isFinite(seconds) || seconds <= 0)
          return `nc: timeout invalid: ${args[i] ?? ''}`;
        options.waitMs = seconds * 1000;
      } else return `nc: invalid option -- '${flag}'\n${USAGE}`;
    }
  }
  return options;
}

export const nc: Tool = (args, context) => {
  const { world, io } = context;
  const options = parse(args);
  if (typeof options === 'string') {
    options.split('\n').forEach((line) => io.print(line));
    return 1;
  }
  const [hostArg, portArg] = options.operands;
  if (hostArg === undefined || portArg === undefined) {
    io.print(USAGE);
    return 1;
  }
  const port = Number(portArg);
  const host = lookupHost(context.sim, world.laptop.name, hostArg);
  if (host === undefined || !Number.isInteger(port) || port < 1 || port > 65535) {
    io.print(`nc: getaddrinfo for host "${hostArg}" port ${portArg}: Name or service not known`);
    return 1;
  }
  const dialled = dial(context, host, port);
  const report = ncConnect(
    dialled.verdict,
    { host: hostArg, address: host.address, port },
    options,
  );
  if (report.afterMs > 0) io.wait(report.afterMs);
  if (options.verbose) report.lines.forEach((line) => io.print(line));
  if (report.exitCode !== null) return report.exitCode;
  if (options.zero) return 0;
  return interactiveSession(context, dialled, {
    host,
    port,
    lineEnd: options.crlf ? '\r\n' : '\n',
    closedByServer: null, // nc just exits
    closedByUser: null,
  });
};
