// The learner's own random id, kept in the browser: it seeds the order in which each quiz shows
// its choices, so the order is the learner's own and the same after a reload. It identifies
// nobody and never leaves the browser.
import { browserStorage, readStored, writeStored, type KeyValueStore } from './browser-storage.ts';

const KEY = 'port25lab.learner';
const ID = /^[0-9a-f]{16}$/;

function freshId(): string {
  const bytes = new Uint8Array(8);
  crypto.getRandomValues(bytes);
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The stored id, or a new one (stored when the browser allows; for this page otherwise). */
export function learnerId(store: KeyValueStore | null = browserStorage()): string {
  const saved = readStored(store, KEY);
  if (saved !== null && ID.test(saved)) return saved;
  const id = freshId();
  writeStored(store, KEY, id);
  return id;
}

const ATTEMPTS = 'port25lab.attempts';

/** Each diagnosis lesson's attempt number (which fault of its pool is drawn); 0 at first, or
 * when what is stored cannot be read. */
function attempts(store: KeyValueStore | null): Record<string, number> {
  try {
    const data: unknown = JSON.parse(readStored(store, ATTEMPTS) ?? '{}');
    if (typeof data !== 'object' || data === null || Array.isArray(data)) return {};
    return Object.fromEntries(
      Object.entries(data).filter(
        (entry): entry is [string, number] =>
          Number.isSafeInteger(entry[1]) && (entry[1] as number) >= 0,
      ),
    );
  } catch {
    return {};
  }
}

export function faultAttempt(lessonId: string, store = browserStorage()): number {
  return Object.hasOwn(attempts(store), lessonId) ? attempts(store)[lessonId]! : 0;
}

/** The next attempt: another fault is drawn when the lesson opens again. */
export function nextFaultAttempt(lessonId: string, store = browserStorage()): number {
  const all = attempts(store);
  const next = (Object.hasOwn(all, lessonId) ? all[lessonId]! : 0) + 1;
  writeStored(store, ATTEMPTS, JSON.stringify({ ...all, [lessonId]: next }));
  return next;
}
