// What lets a learner pick up where they left off: the lesson last opened (for the home page's
// "continue" link, without loading the lessons), and a lesson's transcript, kept for the tab
// (sessionStorage) so that a reload mid-lesson shows what was typed and answered. A record that
// cannot be read is dropped, with a notice; it never breaks the page.
import {
  browserSessionStorage,
  browserStorage,
  readStored,
  writeStored,
} from './browser-storage.ts';
import { classifyOutput, type LineKind, type ShellLine } from './shell-lines.ts';

const LAST_KEY = 'port25lab.lastLesson';
const TRANSCRIPT_KEY = (lesson: string) => `port25lab.transcript.${lesson}`;
const VERSION = 1;
/** Text kept of a lesson's transcript for a reload (the newest lines). */
export const TRANSCRIPT_CHARS = 200_000;
const KINDS: ReadonlySet<string> = new Set<LineKind>([
  'command',
  'client',
  'output',
  'reply',
  'server',
  'sent',
  'sent-tls',
  'server-tls',
  'wait',
  'info',
  'error',
]);

const TONES: ReadonlySet<string> = new Set(['positive', 'intermediate', 'transient', 'permanent']);

export interface LastLesson {
  readonly id: string;
  readonly title: string;
  readonly order: number;
  readonly goals: number;
}

export function saveLastLesson(last: LastLesson, store = browserStorage()): void {
  writeStored(store, LAST_KEY, JSON.stringify({ version: VERSION, ...last }));
}

export function loadLastLesson(store = browserStorage()): LastLesson | null {
  try {
    const data = JSON.parse(readStored(store, LAST_KEY) ?? 'null') as Partial<LastLesson> & {
      version?: unknown;
    };
    if (
      data?.version === VERSION &&
      typeof data.id === 'string' &&
      /^[a-z0-9-]{1,64}$/.test(data.id) &&
      typeof data.title === 'string' &&
      typeof data.order === 'number' &&
      typeof data.goals === 'number'
    )
      return { id: data.id, title: data.title.slice(0, 200), order: data.order, goals: data.goals };
  } catch {
    // an unreadable record: no "continue" link
  }
  return null;
}

/** Keeps the transcript's text for this tab (ids are the page's own, given afresh on load). */
export function saveTranscript(
  lesson: string,
  lines: readonly ShellLine[],
  store = browserSessionStorage(),
): void {
  // The newest lines, up to TRANSCRIPT_CHARS of text: a reload shows the recent work, and
  // a session of pasted thousands of long lines costs no more to keep than this.
  const kept: [string, string, string | null][] = [];
  let chars = 0;
  for (let i = lines.length - 1; i >= 0 && chars < TRANSCRIPT_CHARS; i--) {
    const { id, kind, text, tone } = lines[i]!;
    if (id < 0) continue;
    chars += text.length;
    kept.unshift([kind, text, tone ?? null]);
  }
  writeStored(store, TRANSCRIPT_KEY(lesson), JSON.stringify({ version: VERSION, lines: kept }));
}

export interface LoadedTranscript {
  readonly lines: readonly Omit<ShellLine, 'id'>[];
  readonly notice: string | null;
}

export function loadTranscript(lesson: string, store = browserSessionStorage()): LoadedTranscript {
  const raw = readStored(store, TRANSCRIPT_KEY(lesson));
  if (raw === null) return { lines: [], notice: null };
  try {
    const data = JSON.parse(raw) as { version?: unknown; lines?: unknown };
    if (data.version === VERSION && Array.isArray(data.lines)) {
      const lines = data.lines.map((entry: unknown) => {
        if (!Array.isArray(entry)) throw new Error('not a line');
        const [kind, text, tone] = entry as unknown[];
        if (typeof kind !== 'string' || !KINDS.has(kind) || typeof text !== 'string')
          throw new Error('not a line');
        if (tone !== null && !TONES.has(tone as string)) throw new Error('not a tone');
        const note = kind === 'output' || kind === 'error' ? classifyOutput(text).note : undefined;
        return {
          kind: kind as LineKind,
          text,
          ...(tone ? { tone: tone as ShellLine['tone'] } : {}),
          ...(note && { note }),
        };
      });
      return { lines, notice: null };
    }
  } catch {
    // unreadable: dropped below
  }
  writeStored(store, TRANSCRIPT_KEY(lesson), JSON.stringify({ version: VERSION, lines: [] }));
  return {
    lines: [],
    notice: 'The transcript kept from before the reload could not be read, so it was left out.',
  };
}
