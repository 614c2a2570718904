import { describe, expect, it } from 'vitest';
import {
  loadLastLesson,
  loadTranscript,
  saveLastLesson,
  saveTranscript,
  TRANSCRIPT_CHARS,
} from './lesson-resume.ts';

function memoryStore() {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (key: string) => data.get(key) ?? null,
    setItem: (key: string, value: string) => void data.set(key, value),
  };
}

describe('picking up where the learner left off', () => {
  it('keeps a lesson transcript for a reload, and gives its lines back', () => {
    const store = memoryStore();
    saveTranscript(
      'say-ehlo',
      [
        { id: 1, kind: 'command', text: 'telnet mx.example.org 25' },
        { id: 2, kind: 'reply', text: '220 mx.example.org ESMTP', tone: 'positive' },
        { id: 3, kind: 'output', text: 'Connection closed by foreign host.', note: true },
        { id: -1, kind: 'info', text: '(earlier lines are no longer kept)' },
      ],
      store,
    );
    expect(loadTranscript('say-ehlo', store)).toEqual({
      lines: [
        { kind: 'command', text: 'telnet mx.example.org 25' },
        { kind: 'reply', text: '220 mx.example.org ESMTP', tone: 'positive' },
        { kind: 'output', text: 'Connection closed by foreign host.', note: true },
      ],
      notice: null,
    });
    expect(loadTranscript('reply-codes', store)).toEqual({ lines: [], notice: null });
  });

  it.each([
    ['not JSON', '{"version":1,"li'],
    ['a line of an unknown kind', '{"version":1,"lines":[["shout","hi",null]]}'],
    ['a tone that does not exist', '{"version":1,"lines":[["reply","220 x","loud"]]}'],
  ])('a kept transcript that is %s is dropped with a notice', (_what, raw) => {
    const store = memoryStore();
    store.setItem('port25lab.transcript.say-ehlo', raw);
    const loaded = loadTranscript('say-ehlo', store);
    expect(loaded.lines).toEqual([]);
    expect(loaded.notice).toMatch(/could not be read/);
  });

  it('remembers the last lesson opened, and ignores a damaged record', () => {
    const store = memoryStore();
    expect(loadLastLesson(store)).toBeNull();
    saveLastLesson({ id: 'greylisting', title: 'Greylisted', order: 16, goals: 4 }, store);
    expect(loadLastLesson(store)).toEqual({
      id: 'greylisting',
      title: 'Greylisted',
      order: 16,
      goals: 4,
    });
    store.setItem('port25lab.lastLesson', '{"version":1,"id":"<script>","title":"x"}');
    expect(loadLastLesson(store)).toBeNull();
  });

  it('keeps only the newest lines of a huge transcript', () => {
    const store = memoryStore();
    const long = 'x'.repeat(4000);
    const lines = Array.from({ length: 2000 }, (_, id) => ({
      id,
      kind: 'client' as const,
      text: `${id} ${long}`,
    }));
    saveTranscript('say-ehlo', lines, store);
    const kept = loadTranscript('say-ehlo', store).lines;
    expect(kept.length).toBeLessThan(60);
    expect(kept.at(-1)?.text.startsWith('1999 ')).toBe(true);
    expect(store.data.get('port25lab.transcript.say-ehlo')!.length).toBeLessThan(
      TRANSCRIPT_CHARS * 1.1,
    );
  });
});
