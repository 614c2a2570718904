import { describe, expect, it } from 'vitest';
import { delayNote, replyTone, wireLines } from './transcript.ts';

describe('wireLines', () => {
  it('splits a multi-line reply at CRLF and drops the final empty piece', () => {
    expect(wireLines('250-mx.example.org\r\n250-PIPELINING\r\n250 CHUNKING\r\n')).toEqual([
      '250-mx.example.org',
      '250-PIPELINING',
      '250 CHUNKING',
    ]);
  });
});

describe('replyTone', () => {
  it.each([
    ['250 2.0.0 Ok', 'positive'],
    ['354 End data with <CR><LF>.<CR><LF>', 'intermediate'],
    ['454 4.7.1 <carol@example.com>: Relay access denied', 'transient'],
    ['554 5.7.1 <carol@example.com>: Relay access denied', 'permanent'],
    ['garbage', undefined],
  ])('%s is %s', (line, tone) => {
    expect(replyTone(line)).toBe(tone);
  });
});

describe('delayNote', () => {
  it.each([
    [1000, '(1 s pass)'],
    [1500, '(1.5 s pass)'],
    [300_000, '(300 s pass)'],
    [20, '(0.1 s pass)'],
  ])('%i ms reads %s', (ms, note) => {
    expect(delayNote(ms)).toBe(note);
  });
});
