// How the terminal shows each line of the shell's output: who said it (a client, a server,
// the tool itself) and, for replies, how it went. Read from the tools' own markers, so the
// colours follow the text and a screen reader hears the same words.
import type { ReplyTone } from './transcript.ts';
import { replyTone } from './transcript.ts';

export type LineKind =
  /** A command line typed at the prompt ("$ telnet mx.example.org 25"). */
  | 'command'
  /** A line typed to a running tool (telnet, nc, openssl): the client's words. */
  | 'client'
  /** A line a tool shows it sent (swaks " -> ", curl "> "); inside TLS for " ~> ". */
  | 'sent'
  | 'sent-tls'
  /** A reply line as a server sent it (what telnet, nc and openssl show). */
  | 'reply'
  /** A reply line a tool shows it read (swaks "<- ", curl "< "); inside TLS for "<~ ". */
  | 'server'
  | 'server-tls'
  /** The tool's complaints (swaks "***", "<**", curl "curl: (7)", "bash: ... not found"). */
  | 'error'
  /** The tool's own narration (swaks "===", curl "* "). */
  | 'info'
  /** Virtual time passing. */
  | 'wait'
  | 'output';

export interface ShellLine {
  readonly id: number;
  readonly kind: LineKind;
  readonly text: string;
  readonly tone?: ReplyTone;
  /** A tool's line the Explain pane has a note for (Connection refused, * * *, !X ...). */
  readonly note?: true;
}

/** The lines src/engine/tools/explain-output.ts explains (a test keeps the two in step): a
 * cheap test here, the notes themselves in the inspector's chunk. */
const HAS_NOTE =
  /Connection refused|Connection timed out|No route to host|^\s*\d+\s+(\* ?){2,}\*?\s*$|!X|!H|^Escape character is '\^]'\.$|^Trying [\d.]+\.\.\.$|^Connected to |^Connection closed by foreign host\.$/;

/** RFC 5321 §4.2: a code 2yz-5yz, then a space and text, a hyphen, or nothing. A line of
 * traceroute from its hundredth hop on ("115  * * *", "254  198.51.100.25 ...") is not one:
 * two spaces follow its number. */
const REPLY = /^[2-5]\d\d(?:-| (?! )|$)/;

/** The reply code's tone of a reply line, after any marker. */
function toneOf(text: string): ReplyTone | undefined {
  return REPLY.test(text) ? replyTone(text) : undefined;
}

/** Classifies one line a tool printed, and says whether Explain has a note for it. */
export function classifyOutput(text: string): { kind: LineKind; tone?: ReplyTone; note?: true } {
  const classified = classifyLine(text);
  return (classified.kind === 'output' || classified.kind === 'error') && HAS_NOTE.test(text)
    ? { ...classified, note: true }
    : classified;
}

function classifyLine(text: string): { kind: LineKind; tone?: ReplyTone } {
  const swaks = /^(?<marker> ->| ~>|<- |<~ |<\*\*|<~\*|\*\*\*|===) ?(?<rest>.*)$/.exec(text);
  if (swaks?.groups) {
    const { marker, rest } = swaks.groups as { marker: string; rest: string };
    switch (marker) {
      case ' ->':
        return { kind: 'sent' };
      case ' ~>':
        return { kind: 'sent-tls' };
      case '<- ':
        return { kind: 'server', tone: toneOf(rest) };
      case '<~ ':
        return { kind: 'server-tls', tone: toneOf(rest) };
      case '===':
        return { kind: 'info' };
      default:
        return { kind: 'error', tone: toneOf(rest) };
    }
  }
  if (text.startsWith('> ')) return { kind: 'sent' };
  if (text.startsWith('< ')) return { kind: 'server', tone: toneOf(text.slice(2)) };
  if (text.startsWith('* ') || text.startsWith('} [') || text.startsWith('{ [')) {
    return { kind: 'info' };
  }
  if (/^(curl|telnet|nc|bash|openssl|traceroute|sleep): /.test(text)) return { kind: 'error' };
  if (REPLY.test(text)) return { kind: 'reply', tone: toneOf(text) };
  return { kind: 'output' };
}

/** What a line is called for a screen reader and as a visible label (never colour alone). */
export const lineLabel: Readonly<Partial<Record<LineKind, string>>> = {
  command: '$',
  client: 'C:',
  reply: 'S:',
};
