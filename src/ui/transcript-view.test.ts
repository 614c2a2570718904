// @vitest-environment jsdom
import { flushSync, mount, unmount } from 'svelte';
import { afterEach, expect, it } from 'vitest';
import type { ShellLine } from './shell-lines.ts';
import TranscriptView from './transcript-view.svelte';

let view: ReturnType<typeof mount> | undefined;
afterEach(() => {
  if (view) void unmount(view);
  document.body.replaceChildren();
});

it('says in words who wrote each line, for screen readers as much as for eyes', () => {
  const lines: ShellLine[] = [
    { id: 0, kind: 'command', text: 'telnet mx.example.org 25' },
    { id: 1, kind: 'reply', text: '220 mx.example.org ESMTP', tone: 'positive' },
    { id: 2, kind: 'client', text: 'EHLO laptop.example.net' },
    { id: 3, kind: 'wait', text: '(1 s pass)' },
    { id: 4, kind: 'client', text: '' },
    { id: 5, kind: 'sent', text: ' -> QUIT' },
  ];
  view = mount(TranscriptView, { target: document.body, props: { lines } });
  flushSync();

  const log = document.querySelector('[role="log"]');
  expect(log?.getAttribute('aria-live')).toBe('polite');
  const shown = [...(log?.children ?? [])].map((line) => line.textContent?.trim());
  expect(shown).toEqual([
    '$ telnet mx.example.org 25',
    'S: 220 mx.example.org ESMTP',
    'C: EHLO laptop.example.net',
    '(1 s pass)',
    'C: (empty line)',
    '-> QUIT',
  ]);
});

it('puts the newest 400 lines in the page, and the older ones of the scrollback on request', () => {
  const lines: ShellLine[] = Array.from({ length: 1500 }, (_, id) => ({
    id,
    kind: 'output',
    text: `line ${id}`,
  }));
  view = mount(TranscriptView, { target: document.body, props: { lines } });
  flushSync();
  const rows = () => document.querySelectorAll('[role="log"] .line');
  expect(rows()).toHaveLength(400);
  expect(rows()[0]?.textContent?.trim()).toBe('line 1100');
  const more = document.querySelector<HTMLButtonElement>('[role="log"] button.earlier')!;
  expect(more.textContent).toBe('Show the 1,100 earlier lines');
  more.click();
  flushSync();
  expect(rows()).toHaveLength(1500);
  expect(document.querySelector('[role="log"] button.earlier')).toBeNull();
});
