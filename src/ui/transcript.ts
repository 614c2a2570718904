// What the transcript shows, as plain data. Who said a line is carried by its kind and shown
// as text ("C:" for the client, "S:" for the server, RFC 5321's own notation), never by colour alone.

export type EntryKind = 'client' | 'server' | 'note' | 'system';

/** RFC 5321 §4.2.1: the first digit says how the command went. */
export type ReplyTone = 'positive' | 'intermediate' | 'transient' | 'permanent';

export interface TranscriptEntry {
  readonly id: number;
  readonly kind: EntryKind;
  readonly text: string;
  readonly tone?: ReplyTone;
}

export const speakerLabel: Readonly<Record<EntryKind, string>> = {
  client: 'C:',
  server: 'S:',
  note: '',
  system: '',
};

/** The lines of a reply as written on the wire ("250-PIPELINING", "250 CHUNKING"). */
export function wireLines(wireText: string): string[] {
  const lines = wireText.split('\r\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

export function replyTone(line: string): ReplyTone | undefined {
  switch (line[0]) {
    case '2':
      return 'positive';
    case '3':
      return 'intermediate';
    case '4':
      return 'transient';
    case '5':
      return 'permanent';
    default:
      return undefined;
  }
}

/** Virtual time is shown, not waited: 1000 -> "(1 s pass)", 1500 -> "(1.5 s pass)". */
export function delayNote(ms: number): string {
  const seconds = Math.max(0.1, Math.round(ms / 100) / 10);
  return `(${seconds} s pass)`;
}
