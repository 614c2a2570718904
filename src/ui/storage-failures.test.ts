// Issue 11: no storage failure stops the lab. A corrupt record in a full storage, writes that
// throw, reads that throw: the stores answer from memory, report false, and the learner hears
// it once.
import { afterEach, describe, expect, it } from 'vitest';
import { onStorageTrouble, STORAGE_TROUBLE, writeStored } from './browser-storage.ts';
import { loadHistory, saveHistory } from './history-store.ts';
import { loadProgress, saveProgress } from './progress-store.ts';

/** A storage that holds `initial` and refuses every write, as a full localStorage does. */
function fullStorage(initial: Record<string, string> = {}) {
  return {
    getItem: (k: string) => initial[k] ?? null,
    setItem: () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    },
  };
}
const brokenReads = {
  getItem: () => {
    throw new Error('SecurityError');
  },
  setItem: () => {},
};

afterEach(() => onStorageTrouble(null));

describe('storage that refuses', () => {
  it('a corrupt history in a full storage: a fresh history and a notice, no exception', () => {
    const loaded = loadHistory(fullStorage({ 'port25lab.history': '{"version":1,"lines":[4' }));
    expect(loaded.lines).toEqual([]);
    expect(loaded.notice).toMatch(/could not be read/);
  });

  it('saving reports false, and the learner is told once however many saves fail', () => {
    const told: string[] = [];
    onStorageTrouble((m) => told.push(m));
    const store = fullStorage();
    expect(saveHistory(['dig MX example.org'], store)).toBe(false);
    expect(saveProgress({ 'lesson-01': { goals: ['g'], completedAt: null } }, store)).toBe(false);
    expect(writeStored(store, 'k', 'v')).toBe(false);
    expect(told).toEqual([STORAGE_TROUBLE]);
  });

  it('a storage whose reads throw is read as empty', () => {
    expect(loadHistory(brokenReads)).toEqual({ lines: [], notice: null });
    expect(loadProgress(brokenReads)).toEqual({ progress: {}, notice: null });
  });

  it('a write that works says so', () => {
    const data = new Map<string, string>();
    const store = {
      getItem: (k: string) => data.get(k) ?? null,
      setItem: (k: string, v: string) => void data.set(k, v),
    };
    expect(saveHistory(['telnet mx.example.org 25'], store)).toBe(true);
  });
});

describe('stored settings are only what the app itself writes', () => {
  it('a crafted pace (it goes into a style attribute) falls back to the default', async () => {
    const { loadSettings } = await import('./settings-store.ts');
    const defaults = { pace: '500', waitPace: 10 };
    const saved = Object.getOwnPropertyDescriptor(globalThis, 'localStorage');
    const stored = (value: unknown) =>
      Object.defineProperty(globalThis, 'localStorage', {
        configurable: true,
        value: { getItem: () => JSON.stringify(value), setItem: () => {} },
      });
    try {
      stored({ version: 1, pace: '1ms; background: url(https://evil.example/x)', waitPace: -5 });
      expect(loadSettings(defaults)).toEqual(defaults);
      stored({ version: 1, pace: '1500', waitPace: 100 });
      expect(loadSettings(defaults)).toEqual({ pace: '1500', waitPace: 100 });
    } finally {
      if (saved) Object.defineProperty(globalThis, 'localStorage', saved);
      else delete (globalThis as { localStorage?: unknown }).localStorage;
    }
  });
});

describe('saved scenarios', () => {
  it('two with one id (the editor keys its list by id): the second is left out, with a notice', async () => {
    const { loadSavedScenarios } = await import('./scenario-store.ts');
    const { scenarioData } = await import('../engine/world/scenario.ts');
    const { scenarios } = await import('./scenarios.ts');
    const one = scenarioData(scenarios[0]!);
    const saved = Object.getOwnPropertyDescriptor(globalThis, 'localStorage');
    Object.defineProperty(globalThis, 'localStorage', {
      configurable: true,
      value: {
        getItem: () => JSON.stringify({ version: 1, scenarios: [one, { ...one, title: 'Twin' }] }),
        setItem: () => {},
      },
    });
    try {
      const loaded = loadSavedScenarios();
      expect(loaded.scenarios).toHaveLength(1);
      expect(loaded.notice).toMatch(/1 saved scenario/);
    } finally {
      if (saved) Object.defineProperty(globalThis, 'localStorage', saved);
      else delete (globalThis as { localStorage?: unknown }).localStorage;
    }
  });
});
