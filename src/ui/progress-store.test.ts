import { describe, expect, test } from 'vitest';
import {
  loadProgress,
  mergeProgress,
  progressFile,
  readProgressFile,
  saveProgress,
} from './progress-store.ts';

function memory(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: (key: string) => data.get(key) ?? null,
    setItem: (key: string, value: string) => void data.set(key, value),
  };
}

const SAVED = { 'say-ehlo': { goals: ['greeting', 'ehlo'], completedAt: null } };

describe('progress in the browser', () => {
  test('what is saved is loaded again', () => {
    const store = memory();
    saveProgress(SAVED, store);
    expect(loadProgress(store)).toEqual({ progress: SAVED, notice: null });
  });

  test('nothing saved yet: empty, no notice', () => {
    expect(loadProgress(memory())).toEqual({ progress: {}, notice: null });
  });

  test('a corrupt record is set aside under a backup key and started afresh, with a notice', () => {
    const store = memory({ 'port25lab.progress': '{"version":1,"lessons":{"x":{"goals":3}}}' });
    const loaded = loadProgress(store);
    expect(loaded.progress).toEqual({});
    expect(loaded.notice).toMatch(/could not be read/);
    expect(store.data.get('port25lab.progress.unreadable')).toContain('"goals":3');
    expect(loadProgress(store).notice).toBeNull();
  });

  test('a record from a newer version of the app is left alone, never overwritten', () => {
    const newer = '{"version":2,"lessons":{},"badges":[]}';
    const store = memory({ 'port25lab.progress': newer });
    expect(loadProgress(store).notice).toMatch(/newer version/);
    saveProgress(SAVED, store);
    expect(store.data.get('port25lab.progress')).toBe(newer);
  });
});

describe('the progress file', () => {
  test('an exported file reads back as the same progress', () => {
    expect(readProgressFile(progressFile(SAVED))).toEqual(SAVED);
  });

  test.each([
    ['not JSON', 'hello', /not JSON/],
    ['another JSON file', '{"name":"package"}', /not a progress file exported by Port 25 Lab/],
    ['a newer version', '{"kind":"port25-lab-progress","version":9,"lessons":{}}', /newer version/],
    [
      'damaged lessons',
      '{"kind":"port25-lab-progress","version":1,"lessons":{"a":{"goals":"all"}}}',
      /damaged/,
    ],
  ])('%s is refused with a clear message', (_what, text, message) => {
    expect(() => readProgressFile(text)).toThrow(message);
  });

  test('importing merges: every goal met in either record stays met', () => {
    const other = {
      'say-ehlo': { goals: ['data'], completedAt: null },
      'relay-denied': { goals: ['denied'], completedAt: '2026-11-27T10:00:00.000Z' },
    };
    expect(mergeProgress(SAVED, other)).toEqual({
      'say-ehlo': { goals: ['greeting', 'ehlo', 'data'], completedAt: null },
      'relay-denied': { goals: ['denied'], completedAt: '2026-11-27T10:00:00.000Z' },
    });
  });
});
