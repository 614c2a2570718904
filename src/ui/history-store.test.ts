import { describe, expect, it } from 'vitest';
import { HISTORY_LIMIT, loadHistory, saveHistory } from './history-store.ts';

function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return {
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
    data,
  };
}

describe('history store', () => {
  it('keeps the newest lines across a reload', () => {
    const store = memoryStorage();
    saveHistory(['telnet mx.example.org 25', 'dig MX example.org'], store);
    expect(loadHistory(store)).toEqual({
      lines: ['telnet mx.example.org 25', 'dig MX example.org'],
      notice: null,
    });
    saveHistory(
      Array.from({ length: HISTORY_LIMIT + 20 }, (_, i) => `cmd ${i}`),
      store,
    );
    const { lines } = loadHistory(store);
    expect(lines).toHaveLength(HISTORY_LIMIT);
    expect(lines[0]).toBe('cmd 20');
  });

  it.each([
    ['not JSON', '{oops'],
    ['a future version', JSON.stringify({ version: 9, lines: ['x'] })],
    ['lines of the wrong type', JSON.stringify({ version: 1, lines: [1, 2] })],
  ])('resets %s with a notice instead of failing', (_, raw) => {
    const store = memoryStorage({ 'port25lab.history': raw });
    const loaded = loadHistory(store);
    expect(loaded.lines).toEqual([]);
    expect(loaded.notice).toMatch(/could not be read/);
    expect(loadHistory(store)).toEqual({ lines: [], notice: null });
  });

  it('starts empty without storage', () => {
    expect(loadHistory(null)).toEqual({ lines: [], notice: null });
  });
});

describe('settings store', () => {
  it('keeps the pace, and falls back to the defaults on a bad record', async () => {
    const { loadSettings, saveSettings } = await import('./settings-store.ts');
    const data = new Map<string, string>();
    Object.defineProperty(globalThis, 'localStorage', {
      configurable: true,
      value: {
        getItem: (k: string) => data.get(k) ?? null,
        setItem: (k: string, v: string) => data.set(k, v),
      },
    });
    const defaults = { pace: '500', waitPace: 10 };
    expect(loadSettings(defaults)).toEqual(defaults);
    saveSettings({ pace: '1500', waitPace: 0 });
    expect(loadSettings(defaults)).toEqual({ pace: '1500', waitPace: 0 });
    data.set('port25lab.settings', '[broken');
    expect(loadSettings(defaults)).toEqual(defaults);
    Reflect.deleteProperty(globalThis, 'localStorage');
  });
});
