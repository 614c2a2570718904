// @vitest-environment jsdom
import { flushSync, mount, unmount } from 'svelte';
import { afterEach, expect, it } from 'vitest';
import type { TranscriptEntry } from './transcript.ts';
import TranscriptView from './transcript-view.svelte';

let view: ReturnType<typeof mount> | undefined;
afterEach(() => {
  if (view) void unmount(view);
  document.body.replaceChildren();
});

it('says in words who wrote each line, for screen readers as much as for eyes', () => {
  const entries: TranscriptEntry[] = [
    { id: 0, kind: 'server', text: '220 mx.example.org ESMTP', tone: 'positive' },
    { id: 1, kind: 'client', text: 'EHLO laptop.example.net' },
    { id: 2, kind: 'note', text: '(1 s pass)' },
    { id: 3, kind: 'client', text: '' },
  ];
  view = mount(TranscriptView, { target: document.body, props: { entries } });
  flushSync();

  const log = document.querySelector('[role="log"]');
  expect(log?.getAttribute('aria-live')).toBe('polite');
  const lines = [...(log?.children ?? [])].map((line) => line.textContent?.trim());
  expect(lines).toEqual([
    'S: 220 mx.example.org ESMTP',
    'C: EHLO laptop.example.net',
    '(1 s pass)',
    'C: (empty line)',
  ]);
});
