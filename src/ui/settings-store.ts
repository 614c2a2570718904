// The learner's settings, kept in the browser like the history (a versioned record; anything
// unreadable falls back to the defaults).
const KEY = 'port25lab.settings';
const VERSION = 1;

export interface Settings {
  /** Packet animation: milliseconds per crossing, "0" for none. */
  readonly pace: string;
}

export function loadSettings(defaults: Settings): Settings {
  try {
    const data = JSON.parse(globalThis.localStorage?.getItem(KEY) ?? 'null') as {
      version?: unknown;
      pace?: unknown;
    } | null;
    if (data?.version === VERSION && typeof data.pace === 'string') return { pace: data.pace };
  } catch {
    // storage disabled or a corrupt record: the defaults
  }
  return defaults;
}

export function saveSettings(settings: Settings): void {
  try {
    globalThis.localStorage?.setItem(KEY, JSON.stringify({ version: VERSION, ...settings }));
  } catch {
    // full or disabled storage: the setting lasts for this page
  }
}
