// The learner's settings, kept in the browser like the history (a versioned record; anything
// unreadable falls back to the defaults).
import { browserStorage, readStored, writeStored } from './browser-storage.ts';

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

/** The values the app's own controls write (path-view's animation pace, in ms; the virtual
 * wait pace, ms per virtual second): a stored value is used only if it is one of these,
 * because it ends up in a style attribute and a timer. */
export const PACE_VALUES = ['0', '500', '1500'] as const;
export const WAIT_PACE_VALUES = [0, 10, 100] as const;

export function loadSettings(defaults: Settings = defaultSettings()): Settings {
  try {
    const data = JSON.parse(readStored(browserStorage(), KEY) ?? 'null') as {
      version?: unknown;
      pace?: unknown;
      waitPace?: unknown;
    } | null;
    if (data?.version === VERSION) {
      return {
        pace: (PACE_VALUES as readonly unknown[]).includes(data.pace)
          ? (data.pace as string)
          : defaults.pace,
        waitPace: (WAIT_PACE_VALUES as readonly unknown[]).includes(data.waitPace)
          ? (data.waitPace as number)
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

export function saveSettings(settings: Settings): boolean {
  return writeStored(browserStorage(), KEY, JSON.stringify({ version: VERSION, ...settings }));
}
