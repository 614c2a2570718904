// A connected terminal tool (telnet, nc): what the learner types goes to the server with the
// tool's line end, and the server's replies are printed as they come.
import { octetsToText, textToOctets } from '../smtp/octets.ts';
import type { ServerProfile } from '../smtp/profile.ts';
import { createServerSession } from '../smtp/session.ts';
import type { RunningTool, ToolContext } from './tool.ts';

export interface InteractiveOptions {
  readonly profile: ServerProfile;
  /** The server's host name and port, as the trace names them. */
  readonly host: string;
  readonly port: number;
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
  const { host, port } = options;
  let finished = false;
  const end = (message: string | null, by: 'client' | 'server') => {
    finished = true;
    io.trace({ type: 'tcp.closed', host, port, by });
    if (message !== null) io.print(message);
  };
  const session = createServerSession({
    profile: options.profile,
    clock,
    client: { hostname: 'unknown', address: world.laptop.publicAddress },
    onEffect: (effect) => {
      if (options.silent) return;
      switch (effect.type) {
        case 'reply': {
          if (effect.delayMs > 0) io.wait(effect.delayMs);
          // A terminal shows the server's CRLF line ends as plain new lines.
          const lines = octetsToText(effect.wire).split('\r\n').slice(0, -1);
          io.trace({ type: 'smtp.reply', host, port, code: effect.reply.code, lines });
          lines.forEach((line) => io.print(line));
          const queued = / queued as ([0-9A-F]+)$/.exec(lines[0]!);
          if (queued) io.trace({ type: 'mail.queued', host, queueId: queued[1]! });
          return;
        }
        case 'close':
          return end(options.closedByServer, 'server');
        case 'log':
          return io.trace({ type: 'smtp.log', host, message: octetsToText(effect.message) });
        case 'deliver': {
          const mailbox = effect.message.recipients[0]!;
          return io.trace({
            type: 'mail.delivered',
            host,
            mailbox,
            content: octetsToText(effect.message.content),
          });
        }
        case 'tls.start':
          return; // a plain terminal cannot do TLS: what it types next breaks the handshake
      }
    },
  });
  session.start();
  return {
    input(line) {
      if (finished) return;
      io.trace({ type: 'smtp.cmd', host, port, line });
      session.receive(textToOctets(`${line}${options.lineEnd}`));
    },
    interrupt() {
      if (finished) return;
      session.clientClosed();
      end(options.closedByUser, 'client');
    },
    get finished() {
      return finished;
    },
  };
}
