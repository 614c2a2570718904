// The command history kept in the browser across reloads, offline use and app updates
// (localStorage, a versioned record). A record that cannot be read is replaced, with a notice,
// never a broken page.
import { browserStorage, readStored, writeStored, type KeyValueStore } from './browser-storage.ts';

const KEY = 'port25lab.history';
const VERSION = 1;
/** The newest lines kept. */
export const HISTORY_LIMIT = 500;

export interface LoadedHistory {
  readonly lines: string[];
  /** Set when a stored history was unreadable and has been reset. */
  readonly notice: string | null;
}

export function loadHistory(store: KeyValueStore | null = browserStorage()): LoadedHistory {
  const raw = readStored(store, KEY);
  if (raw === null) return { lines: [], notice: null };
  try {
    const data = JSON.parse(raw) as { version?: unknown; lines?: unknown };
    if (
      data.version === VERSION &&
      Array.isArray(data.lines) &&
      data.lines.every((l) => typeof l === 'string')
    ) {
      return { lines: data.lines as string[], notice: null };
    }
  } catch {
    // fall through to the reset below
  }
  // Reset the record; if even that cannot be written, the terminal works from memory.
  writeStored(store, KEY, JSON.stringify({ version: VERSION, lines: [] }));
  return {
    lines: [],
    notice: 'Your saved command history could not be read, so it was started afresh.',
  };
}

export function saveHistory(
  lines: readonly string[],
  store: KeyValueStore | null = browserStorage(),
): boolean {
  return writeStored(
    store,
    KEY,
    JSON.stringify({ version: VERSION, lines: lines.slice(-HISTORY_LIMIT) }),
  );
}
