// telnet host [port]: connects through the world's path and, once connected, passes typed
// lines to the server with CRLF, printing its replies as they come (netkit telnet 0.17, as
// recorded in shared/fidelity/tools/telnet-*.txt).
import { lookupHost } from '../world/dns.ts';
import { telnetConnect } from './connect-report.ts';
import { dial } from './dial.ts';
import { interactiveSession } from './interactive-session.ts';
import type { Tool } from './tool.ts';

export const telnet: Tool = (args, context) => {
  const { world, io } = context;
  const [hostArg, portArg = '23'] = args;
  if (hostArg === undefined) {
    io.print('usage: telnet [-l user] [-a] [host-name [port]]');
    return 1;
  }
  const host = lookupHost(context.sim, world.laptop.name, hostArg);
  if (host === undefined) {
    io.print(`telnet: could not resolve ${hostArg}/${portArg}: Name or service not known`);
    return 1;
  }
  const port = Number(portArg);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    io.print(
      `telnet: could not resolve ${hostArg}/${portArg}: Servname not supported for ai_socktype`,
    );
    return 1;
  }
  const dialled = dial(context, host, port);
  const report = telnetConnect(dialled.verdict, { host: hostArg, address: host.address, port });
  io.print(report.lines[0]!);
  if (report.afterMs > 0) io.wait(report.afterMs);
  report.lines.slice(1).forEach((line) => io.print(line));
  if (report.exitCode !== null) return report.exitCode;
  return interactiveSession(context, dialled, {
    host,
    port,
    lineEnd: '\r\n', // telnet sends CRLF for Enter
    closedByServer: 'Connection closed by foreign host.',
    closedByUser: 'Connection closed.',
    escapePrompt: true,
  });
};
