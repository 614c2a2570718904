// A connected terminal tool (telnet, nc, openssl s_client): what the learner types goes to
// the server with the tool's line end, and the server's replies are printed as they come.
import { Connection, type Dialled } from '../world/connection.ts';
import type { Host } from '../world/world.ts';
import type { RunningTool, ToolContext } from './tool.ts';

export interface InteractiveOptions {
  readonly host: Host;
  readonly port: number;
  /** "\r\n" for telnet and nc -C; "\n" for plain nc (a bare LF, which strict servers refuse). */
  readonly lineEnd: string;
  /** Printed when the server closes the connection ("Connection closed by foreign host."). */
  readonly closedByServer: string | null;
  /** Printed when the learner interrupts. */
  readonly closedByUser: string | null;
  /** Before the banner: a TLS handshake (openssl s_client, and on 465). Returns false when
   * the tool gave up (it has printed why). */
  readonly beforeBanner?: (connection: Connection) => boolean;
  /** Each typed line, before it is sent: return false to keep it from the server (openssl's
   * "Q" and "R"). */
  readonly onInput?: (line: string, connection: Connection) => boolean;
}

export function interactiveSession(
  context: ToolContext,
  dialled: Dialled,
  options: InteractiveOptions,
): RunningTool | number {
  const { io, world } = context;
  let finished = false;
  const connection = new Connection(context.sim, dialled, options.host, options.port, {
    endpoint: { hostname: 'unknown', address: world.laptop.publicAddress },
    end: {
      reply: (reply) => reply.lines.forEach((line) => io.print(line)),
      closed: () => {
        finished = true;
        if (options.closedByServer !== null) io.print(options.closedByServer);
      },
      wait: (ms) => io.wait(ms),
    },
  });
  connection.open();
  if (options.beforeBanner && !options.beforeBanner(connection)) {
    connection.close();
    return 1;
  }
  // The server hung up at once (a 421 instead of a banner): the tool has already exited.
  if (finished) return 0;
  return {
    input(line) {
      if (finished) return;
      if (options.onInput && !options.onInput(line, connection)) {
        finished = connection.closed;
        return;
      }
      connection.send([line], options.lineEnd);
    },
    interrupt() {
      if (finished) return;
      finished = true;
      connection.close();
      if (options.closedByUser !== null) io.print(options.closedByUser);
    },
    get finished() {
      return finished;
    },
    get exitStatus() {
      return finished ? 0 : null;
    },
  };
}
