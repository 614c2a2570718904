// The browser's localStorage for the stores (history, settings, progress, scenarios), or null
// where it is switched off (private modes, sandboxed frames): the page then works without it.
// Every read and write goes through readStored()/writeStored(), which never throw: a full or
// refusing storage leaves the lab working from memory, and the learner is told once.
export type KeyValueStore = Pick<Storage, 'getItem' | 'setItem'>;

export function browserStorage(): KeyValueStore | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

/** The tab's sessionStorage (kept across a reload of this tab only), or null. */
export function browserSessionStorage(): KeyValueStore | null {
  try {
    return globalThis.sessionStorage ?? null;
  } catch {
    return null;
  }
}

export const STORAGE_TROUBLE =
  'This browser is not letting the lab save (its storage is full or switched off). ' +
  'What you do now stays on this page, but it will be gone after a reload.';

let onTrouble: ((message: string) => void) | null = null;
let told = false;

/** Whether storage has refused a write on this page (and the learner was told). */
export function storageRefused(): boolean {
  return told;
}

/** Where the one notice about storage goes (the lab's transcript). */
export function onStorageTrouble(report: ((message: string) => void) | null): void {
  onTrouble = report;
  told = false;
}

export function readStored(store: KeyValueStore | null, key: string): string | null {
  try {
    return store?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

/** true when the value is stored; false (and the learner told, once per page) when not. */
export function writeStored(store: KeyValueStore | null, key: string, value: string): boolean {
  if (store === null) return false;
  try {
    store.setItem(key, value);
    return true;
  } catch {
    if (!told) {
      told = true;
      onTrouble?.(STORAGE_TROUBLE);
    }
    return false;
  }
}
