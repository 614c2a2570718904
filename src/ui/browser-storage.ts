// The browser's localStorage for the stores (history, settings, progress, scenarios), or null
// where it is switched off (private modes, sandboxed frames): the page then works without it.
export type KeyValueStore = Pick<Storage, 'getItem' | 'setItem'>;

export function browserStorage(): KeyValueStore | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}
