// A connected terminal tool (telnet, nc): what the learner types goes to the server with the
// tool's line end, and the server's replies are printed as they come.
import { octetsToText, textToOctets } from '../smtp/octets.ts';
import type { ServerProfile } from '../smtp/profile.ts';
import { createServerSession } from '../smtp/session.ts';
import type { RunningTool, ToolContext } from './tool.ts';

export interface InteractiveOptions {
  readonly profile: ServerProfile;
  /** "\r\n" for telnet and nc -C; "\n" for plain nc (a bare LF, which strict servers refuse). */
  readonly lineEnd: string;
  /** Printed when the server closes the connection ("Connection closed by foreign host."). */
  readonly closedByServer: string | null;
  /** Printed when the learner interrupts. */
  readonly closedByUser: string | null;
  /** The server never answers (a black hole after the handshake). */
  readonly silent: boolean;
}

export function interactiveSession(context: ToolContext, options: InteractiveOptions): RunningTool {
  const { io, world, clock } = context;
  let finished = false;
  const end = (message: string | null) => {
    finished = true;
    if (message !== null) io.print(message);
  };
  const session = createServerSession({
    profile: options.profile,
    clock,
    client: { hostname: 'unknown', address: world.laptop.publicAddress },
    onEffect: (effect) => {
      if (options.silent) return;
      if (effect.type === 'reply') {
        if (effect.delayMs > 0) io.wait(effect.delayMs);
        // A terminal shows the server's CRLF line ends as plain new lines.
        octetsToText(effect.wire)
          .split('\r\n')
          .slice(0, -1)
          .forEach((line) => io.print(line));
      } else if (effect.type === 'close') {
        end(options.closedByServer);
      }
    },
  });
  session.start();
  return {
    input(line) {
      if (!finished) session.receive(textToOctets(`${line}${options.lineEnd}`));
    },
    interrupt() {
      if (finished) return;
      session.clientClosed();
      end(options.closedByUser);
    },
    get finished() {
      return finished;
    },
  };
}
