// The learner's settings, kept in the browser like the history (a versioned record; anything
// unreadable falls back to the defaults).
import { browserStorage } from './browser-storage.ts';

const KEY = 'port25lab.settings';
const VERSION = 1;

export interface Settings {
  /** Packet animation: milliseconds per crossing, "0" for none. */
  readonly pace: string;
  /** Virtual waits: real milliseconds per virtual second, 0 to show them at once. */
  readonly waitPace: number;
}

/** The settings before the learner changes any: packets animate quickly (not at all under
 * prefers-reduced-motion) and virtual waits play fast. */
export function defaultSettings(): Settings {
  const reduced =
    typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
  return { pace: reduced ? '0' : '500', waitPace: 10 };
}

export function loadSettings(defaults: Settings = defaultSettings()): Settings {
  try {
    const data = JSON.parse(browserStorage()?.getItem(KEY) ?? 'null') as {
      version?: unknown;
      pace?: unknown;
      waitPace?: unknown;
    } | null;
    if (data?.version === VERSION) {
      return {
        pace: typeof data.pace === 'string' ? data.pace : defaults.pace,
        waitPace:
          typeof data.waitPace === 'number' && data.waitPace >= 0
            ? data.waitPace
            : defaults.waitPace,
      };
    }
  } catch {
    // storage disabled or a corrupt record: the defaults
  }
  return defaults;
}

/** Changes one setting and keeps the others as they are. */
export function saveSetting(change: Partial<Settings>): void {
  saveSettings({ ...loadSettings(), ...change });
}

export function saveSettings(settings: Settings): void {
  try {
    browserStorage()?.setItem(KEY, JSON.stringify({ version: VERSION, ...settings }));
  } catch {
    // full or disabled storage: the setting lasts for this page
  }
}
