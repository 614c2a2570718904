// Lesson progress kept in the browser (localStorage, a versioned record) across reloads,
// offline use and app updates; exported to and imported from a JSON file. A record that
// cannot be read is set aside (kept under a backup key) and started afresh, with a notice.
import { browserStorage, readStored, writeStored, type KeyValueStore } from './browser-storage.ts';

const KEY = 'port25lab.progress';
const BACKUP_KEY = 'port25lab.progress.unreadable';
export const PROGRESS_VERSION = 1;
const FILE_KIND = 'port25-lab-progress';

export interface LessonProgress {
  /** The ids of the goals met. */
  readonly goals: readonly string[];
  /** When every goal was met (ISO 8601). */
  readonly completedAt: string | null;
}

export type Progress = Readonly<Record<string, LessonProgress>>;

export interface LoadedProgress {
  readonly progress: Progress;
  readonly notice: string | null;
}

/** Checks a record's lessons; null when anything is off. */
function readLessons(value: unknown): Progress | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const lessons: Record<string, LessonProgress> = {};
  for (const [id, entry] of Object.entries(value)) {
    const e = entry as { goals?: unknown; completedAt?: unknown };
    if (
      typeof e !== 'object' ||
      e === null ||
      !Array.isArray(e.goals) ||
      !e.goals.every((g) => typeof g === 'string') ||
      !(e.completedAt === null || typeof e.completedAt === 'string')
    )
      return null;
    lessons[id] = { goals: e.goals as string[], completedAt: e.completedAt };
  }
  return lessons;
}

export function loadProgress(store: KeyValueStore | null = browserStorage()): LoadedProgress {
  const raw = readStored(store, KEY);
  if (raw === null) return { progress: {}, notice: null };
  let data: { version?: unknown; lessons?: unknown } | null = null;
  try {
    data = JSON.parse(raw) as { version?: unknown; lessons?: unknown } | null;
  } catch {
    // unreadable: set aside below
  }
  if (typeof data?.version === 'number' && data.version > PROGRESS_VERSION) {
    // Written by a newer version of the app (an older copy running offline): leave it alone.
    return {
      progress: {},
      notice:
        'Your lesson progress was saved by a newer version of the lab; reload to get it. Nothing was changed.',
    };
  }
  const lessons = data?.version === PROGRESS_VERSION ? readLessons(data.lessons) : null;
  if (lessons) return { progress: lessons, notice: null };
  // Set the unreadable record aside; with storage full, this page starts afresh all the same.
  if (writeStored(store, BACKUP_KEY, raw))
    writeStored(store, KEY, JSON.stringify({ version: PROGRESS_VERSION, lessons: {} }));
  return {
    progress: {},
    notice:
      'Your saved lesson progress could not be read, so it was started afresh (the old record is kept aside).',
  };
}

export function saveProgress(
  progress: Progress,
  store: KeyValueStore | null = browserStorage(),
): boolean {
  // Re-read first: a newer app's record is never overwritten by this one.
  let current: { version?: unknown } | null = null;
  try {
    current = JSON.parse(readStored(store, KEY) ?? 'null') as { version?: unknown } | null;
  } catch {
    // an unreadable record is replaced
  }
  if (typeof current?.version === 'number' && current.version > PROGRESS_VERSION) return false;
  return writeStored(store, KEY, JSON.stringify({ version: PROGRESS_VERSION, lessons: progress }));
}

/** The file a learner downloads (and can import on another browser). */
export function progressFile(progress: Progress, now = new Date()): string {
  return `${JSON.stringify(
    {
      kind: FILE_KIND,
      version: PROGRESS_VERSION,
      exportedAt: now.toISOString(),
      lessons: progress,
    },
    null,
    2,
  )}\n`;
}

/** Reads an exported file; throws an Error that says what is wrong with it. */
/** The most lessons a progress file can name (the lab has far fewer). */
const MAX_LESSONS = 500;

export function readProgressFile(text: string): Progress {
  let data: { kind?: unknown; version?: unknown; lessons?: unknown };
  try {
    data = JSON.parse(text) as typeof data;
  } catch {
    throw new Error('This file is not JSON, so it is not a progress file exported by the lab.');
  }
  if (typeof data !== 'object' || data === null || data.kind !== FILE_KIND)
    throw new Error('This JSON file is not a progress file exported by Port 25 Lab.');
  if (typeof data.version !== 'number' || data.version > PROGRESS_VERSION)
    throw new Error(
      'This progress file comes from a newer version of the lab; reload and try again.',
    );
  const lessons = readLessons(data.lessons);
  if (!lessons) throw new Error('This progress file is damaged: its lessons could not be read.');
  if (Object.keys(lessons).length > MAX_LESSONS)
    throw new Error(
      `This progress file names more than ${MAX_LESSONS} lessons; it is not the lab's.`,
    );
  return lessons;
}

/** Both records together: every goal met in either. */
export function mergeProgress(a: Progress, b: Progress): Progress {
  const merged: Record<string, LessonProgress> = { ...a };
  for (const [id, entry] of Object.entries(b)) {
    const mine = merged[id];
    merged[id] = mine
      ? {
          goals: [...new Set([...mine.goals, ...entry.goals])],
          completedAt: mine.completedAt ?? entry.completedAt,
        }
      : entry;
  }
  return merged;
}
