// What the terminal edition writes for each thing the shell outputs: the browser's text, and
// for `clear` what clear(1) writes to a terminal (cursor home, erase the screen). Piped output
// is a transcript, so a clear leaves it alone.
import type { ShellOutput } from '../../engine/tools/shell.ts';

export function renderOutput(output: ShellOutput, tty: boolean): string {
  switch (output.kind) {
    case 'line':
      return `${output.text}\n`;
    case 'wait':
      return `(${Math.round(output.ms / 1000)} s pass)\n`;
    case 'clear':
      return tty ? '\x1b[H\x1b[2J' : '';
    case 'trace':
      return '';
  }
}
