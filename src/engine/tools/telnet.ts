// telnet host [port]: connects through the world's path and, once connected, passes typed
// lines to the server with CRLF, printing its replies as they come (netkit telnet 0.17, as
// recorded in shared/fidelity/tools/telnet-*.txt).
import { octetsToText, textToOctets } from '../smtp/octets.ts';
import { createServerSession } from '../smtp/session.ts';
import { walkPath } from '../net/path.ts';
import { resolve } from '../world/world.ts';
import { telnetConnect } from './connect-report.ts';
import type { RunningTool, Tool } from './tool.ts';

export const telnet: Tool = (args, { world, io, attempt, clock }) => {
  const [hostArg, portArg = '23'] = args;
  if (hostArg === undefined) {
    io.print('usage: telnet [-l user] [-a] [host-name [port]]');
    return null;
  }
  const host = resolve(world, hostArg);
  if (host === undefined) {
    io.print(`telnet: could not resolve ${hostArg}/${portArg}: Name or service not known`);
    return null;
  }
  const port = Number(portArg);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    io.print(
      `telnet: could not resolve ${hostArg}/${portArg}: Servname not supported for ai_socktype`,
    );
    return null;
  }
  const profile = host.services[port];
  const { verdict, events } = walkPath(
    { hops: world.pathTo(host), listening: profile !== undefined },
    port,
    attempt,
  );
  events.forEach((e) => io.trace(e));
  const report = telnetConnect(verdict, { host: hostArg, address: host.address, port });
  io.print(report.lines[0]!);
  if (report.afterMs > 0) io.wait(report.afterMs);
  report.lines.slice(1).forEach((line) => io.print(line));
  if (report.exitCode !== null || profile === undefined) return null;
  if (report.result.kind === 'connected' && report.result.silent) return silentConnection();

  let finished = false;
  const session = createServerSession({
    profile,
    clock,
    client: { hostname: 'unknown', address: world.laptop.publicAddress },
    onEffect: (effect) => {
      if (effect.type === 'reply') {
        if (effect.delayMs > 0) io.wait(effect.delayMs);
        // telnet shows the server's CRLF line ends as plain new lines.
        octetsToText(effect.wire)
          .split('\r\n')
          .slice(0, -1)
          .forEach((line) => io.print(line));
      } else if (effect.type === 'close') {
        finished = true;
        io.print('Connection closed by foreign host.');
      }
    },
  });
  session.start();
  return {
    input(line) {
      if (!finished) session.receive(textToOctets(`${line}\r\n`)); // telnet sends CRLF
    },
    interrupt() {
      if (finished) return;
      finished = true;
      session.clientClosed();
      io.print('Connection closed.');
    },
    get finished() {
      return finished;
    },
  };

  /** Connected, but nothing ever comes back: telnet waits until interrupted. */
  function silentConnection(): RunningTool {
    let stopped = false;
    return {
      input() {},
      interrupt() {
        stopped = true;
        io.print('Connection closed.');
      },
      get finished() {
        return stopped;
      },
    };
  }
};
