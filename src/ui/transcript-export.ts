// The session transcript as a text file, in swaks's notation: " -> " what the client sent,
// "<-  " what the server answered, "=== " narration, and the tools' own lines as printed.
import type { ShellLine } from './shell-lines.ts';

export function transcriptText(lines: readonly ShellLine[], scenarioTitle: string): string {
  const body = lines.map((line) => {
    switch (line.kind) {
      case 'command':
        return `$ ${line.text}`;
      case 'client':
        return ` -> ${line.text}`;
      case 'reply':
        return `<-  ${line.text}`;
      case 'wait':
        return `=== ${line.text}`;
      default:
        return line.text;
    }
  });
  return [`=== Port 25 Lab: ${scenarioTitle}`, ...body, ''].join('\n');
}

/** A file name for the export: the scenario and the local date. */
export function transcriptFileName(scenarioId: string, date = new Date()): string {
  const day = date.toISOString().slice(0, 10);
  return `port25lab-${scenarioId}-${day}.txt`;
}
