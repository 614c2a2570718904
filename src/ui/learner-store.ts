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
