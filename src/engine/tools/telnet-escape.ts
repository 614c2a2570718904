// telnet's command mode: Ctrl-] (the escape character its banner names) stops passing lines
// to the server and opens the `telnet>` prompt, as netkit telnet 0.17 does
// (test/fixtures/telnet/escape-prompt.txt). close and quit end the connection, ? lists the
// commands, an empty line goes back to the session. Commands may be abbreviated.
import type { ToolIo } from './tool.ts';

const COMMANDS: readonly (readonly [string, string])[] = [
  ['close', 'close current connection'],
  ['logout', 'forcibly logout remote user and close the connection'],
  ['display', 'display operating parameters'],
  ['mode', "try to enter line or character mode ('mode ?' for more)"],
  ['open', 'connect to a site'],
  ['quit', 'exit telnet'],
  ['send', "transmit special characters ('send ?' for more)"],
  ['set', "set operating parameters ('set ?' for more)"],
  ['unset', "unset operating parameters ('unset ?' for more)"],
  ['status', 'print status information'],
  ['toggle', "toggle operating parameters ('toggle ?' for more)"],
  ['slc', "change state of special characters ('slc ?' for more)"],
  ['auth', "turn on (off) authentication ('auth ?' for more)"],
  ['encrypt', "turn on (off) encryption ('encrypt ?' for more)"],
  ['z', 'suspend telnet'],
  ['!', 'invoke a subshell'],
  ['environ', "change environment variables ('environ ?' for more)"],
  ['?', 'print help information'],
];

/** What a line typed at `telnet>` does: stay at the prompt, go back to the session, or end
 * the connection ("Connection closed." is printed by the caller). */
export type EscapeOutcome = 'prompt' | 'session' | 'close';

export const TELNET_PROMPT = 'telnet> ';

export function telnetCommand(line: string, io: ToolIo): EscapeOutcome {
  const word = line.trim().split(/\s+/)[0] ?? '';
  if (word === '') return 'session';
  const matches = COMMANDS.filter(([name]) => name.startsWith(word));
  const exact = COMMANDS.find(([name]) => name === word);
  const command = exact ?? (matches.length === 1 ? matches[0] : undefined);
  if (command === undefined) {
    io.print(matches.length > 1 ? '?Ambiguous command' : '?Invalid command');
  } else if (command[0] === 'close' || command[0] === 'quit' || command[0] === 'logout') {
    return 'close';
  } else if (command[0] === '?') {
    io.print('Commands may be abbreviated.  Commands are:');
    io.print('');
    COMMANDS.forEach(([name, text]) => io.print(`${name.padEnd(8)}\t${text}`));
  } else {
    // The lab's telnet has no settings to show or change: say so in its own voice.
    io.print(`?'${command[0]}' is not simulated in this lab`);
  }
  io.print(TELNET_PROMPT);
  return 'prompt';
}
