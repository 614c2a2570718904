// A connected terminal tool (telnet, nc, openssl s_client): what the learner types goes to
// the server with the tool's line end, and the server's replies are printed as they come.
import type { SeenReply } from '../smtp/client/plan.ts';
import { Connection, type Dialled } from '../world/connection.ts';
import type { Host } from '../world/world.ts';
import type { RunningTool, ToolContext } from './tool.ts';
import { TELNET_PROMPT, telnetCommand } from './telnet-escape.ts';

/** How a tool's own start went: on to the session; stuck waiting for a reply that never comes
 * (only Ctrl-C ends it); or the tool exited with this status. */
export type Negotiated = 'connected' | 'stuck' | { readonly exitStatus: number };

/** What a typed line does: it goes to the server; the tool keeps it (a command letter of
 * openssl s_client); or the tool exits with this status. */
export type Typed = 'send' | 'keep' | { readonly exitStatus: number };

/** A tool with a handshake and words of its own (openssl s_client); telnet and nc have none. */
export interface SessionHooks {
  /** Once connected. The replies so far, and those that come while it runs, are held in
   * `held` instead of printed: it takes those it reads itself (the banner and EHLO reply of
   * -starttls), and what it leaves is printed after it returns. */
  negotiate(connection: Connection, held: SeenReply[]): Negotiated;
  /** Each typed line, before it goes to the server. */
  typed(line: string): Typed;
  /** A reply is about to be printed. */
  replying(reply: SeenReply): void;
  /** The server closed the connection: prints what the tool prints, returns its exit status. */
  serverClosed(): number;
  /** Ctrl-D: the exit status, or null when the tool reads on. */
  endOfInput(): number | null;
  /** The exit status after Ctrl-C. */
  readonly interruptStatus: number;
}

export interface InteractiveOptions {
  readonly host: Host;
  readonly port: number;
  /** "\r\n" for telnet and nc -C; "\n" for plain nc (a bare LF, which strict servers refuse). */
  readonly lineEnd: string;
  /** Printed when the server closes the connection ("Connection closed by foreign host."). */
  readonly closedByServer: string | null;
  /** Printed when the learner interrupts. */
  readonly closedByUser: string | null;
  /** Ctrl-] opens telnet's command prompt. */
  readonly escapePrompt?: boolean;
  readonly hooks?: SessionHooks;
}

export function interactiveSession(
  context: ToolContext,
  dialled: Dialled,
  options: InteractiveOptions,
): RunningTool | number {
  const { io, world } = context;
  const { hooks } = options;
  let status: number | null = null;
  /** Replies (and a close) held back while the tool negotiates, or for good once stuck. */
  let held: SeenReply[] | null = hooks ? [] : null;
  let closedWhileHeld = false;
  let stuck = false;
  const print = (reply: SeenReply) => {
    hooks?.replying(reply);
    reply.lines.forEach((line) => io.print(line));
  };
  const serverClosed = () => {
    status = hooks ? hooks.serverClosed() : 0;
    if (options.closedByServer !== null) io.print(options.closedByServer);
  };
  const connection = new Connection(context.sim, dialled, options.host, options.port, {
    endpoint: { hostname: 'unknown', address: world.laptop.publicAddress },
    end: {
      reply: (reply) => (held ? held.push(reply) : print(reply)),
      closed: () => (held ? (closedWhileHeld = true) : serverClosed()),
      wait: (ms) => io.wait(ms),
    },
  });
  connection.open();
  if (hooks && held) {
    const negotiated = hooks.negotiate(connection, held);
    if (typeof negotiated === 'object') {
      connection.close();
      return negotiated.exitStatus;
    }
    stuck = negotiated === 'stuck';
    if (!stuck) {
      const rest = held;
      held = null;
      rest.forEach(print);
      if (closedWhileHeld) serverClosed();
    }
  }
  // The server hung up at once (a 421 instead of a banner): the tool has already exited.
  if (status !== null) return status;
  const exit = (exitStatus: number) => {
    status = exitStatus;
    connection.close();
  };
  let escaped = false;
  return {
    input(line) {
      if (status !== null) return;
      if (escaped) {
        const outcome = telnetCommand(line, io);
        if (outcome === 'session') escaped = false;
        if (outcome === 'close') {
          exit(0);
          if (options.closedByUser !== null) io.print(options.closedByUser);
        }
        return;
      }
      if (stuck) return;
      const typed = hooks ? hooks.typed(line) : 'send';
      if (typed === 'send') connection.send([line], options.lineEnd);
      else if (typed !== 'keep') exit(typed.exitStatus);
    },
    interrupt() {
      if (status !== null) return;
      exit(hooks?.interruptStatus ?? 0);
      if (options.closedByUser !== null) io.print(options.closedByUser);
    },
    ...(options.escapePrompt
      ? {
          escape() {
            if (status !== null || escaped) return;
            escaped = true;
            io.print('^]');
            io.print(TELNET_PROMPT);
          },
        }
      : {}),
    endOfInput() {
      if (status !== null || stuck || !hooks) return;
      const exitStatus = hooks.endOfInput();
      if (exitStatus !== null) exit(exitStatus);
    },
    get finished() {
      return status !== null;
    },
    get exitStatus() {
      return status;
    },
  };
}
