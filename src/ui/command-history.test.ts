import { describe, expect, it } from 'vitest';
import { CommandHistory } from './command-history.ts';

describe('CommandHistory', () => {
  it('walks back through sent lines and forward to the unfinished draft', () => {
    const history = new CommandHistory();
    history.record('EHLO x');
    history.record('MAIL FROM:<a@b>');

    expect(history.previous('RCPT')).toBe('MAIL FROM:<a@b>');
    expect(history.previous('ignored')).toBe('EHLO x');
    expect(history.previous('ignored')).toBeNull();
    expect(history.next()).toBe('MAIL FROM:<a@b>');
    expect(history.next()).toBe('RCPT');
    expect(history.next()).toBeNull();
  });

  it('keeps neither blank lines nor immediate repeats', () => {
    const history = new CommandHistory();
    for (const line of ['NOOP', 'NOOP', '', '   ', 'QUIT', 'NOOP']) history.record(line);

    const seen: string[] = [];
    for (let line = history.previous(''); line !== null; line = history.previous('')) {
      seen.push(line);
    }
    expect(seen).toEqual(['NOOP', 'QUIT', 'NOOP']);
  });

  it('starts a fresh walk after each recorded line', () => {
    const history = new CommandHistory();
    history.record('EHLO x');
    history.previous('');
    history.record('NOOP');
    expect(history.previous('')).toBe('NOOP');
  });
});
