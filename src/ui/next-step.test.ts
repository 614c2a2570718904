import { describe, expect, it } from 'vitest';
import type { TypedStep } from './lab.svelte.ts';
import { nextStep } from './next-step.ts';

const prompt = (line: string): TypedStep => ({ line, atPrompt: true });
const session = (line: string): TypedStep => ({ line, atPrompt: false });

const SOLUTION: TypedStep[] = [
  prompt('dig MX example.org'),
  prompt('telnet mx.example.org 25'),
  session('EHLO laptop.example.net'),
  session('MAIL FROM:<alice@example.net>'),
  session('RCPT TO:<bob@example.org>'),
  session('DATA'),
  session('Subject: hi'),
  session(''),
  session('Hello.'),
  session('.'),
  session('QUIT'),
  prompt('mailbox bob@example.org'),
];

describe('the next step of the solution, fitting where the learner is', () => {
  it('starts with the first command', () => {
    expect(nextStep(SOLUTION, [], false)).toEqual({
      kind: 'line',
      line: 'dig MX example.org',
      atPrompt: true,
    });
  });

  it("offers the running session's next line, never a shell command, inside telnet", () => {
    const typed = [prompt('telnet mx.example.org 25'), session('ehlo me')];
    expect(nextStep(SOLUTION, typed, true)).toEqual({
      kind: 'line',
      line: 'MAIL FROM:<alice@example.net>',
      atPrompt: false,
    });
  });

  it("inside DATA, the message is the learner's own: any text, then the dot", () => {
    const typed = [
      prompt('telnet mx.example.org 25'),
      session('EHLO x'),
      session('MAIL FROM:<alice@example.net>'),
      session('RCPT TO:<bob@example.org>'),
      session('DATA'),
      session('Subject: my own words'),
    ];
    expect(nextStep(SOLUTION, typed, true)).toMatchObject({ line: '.' });
    expect(nextStep(SOLUTION, [...typed, session('.')], true)).toMatchObject({ line: 'QUIT' });
  });

  it('after the session closed half way, offers the command that opens it again, not EHLO', () => {
    const typed = [
      prompt('dig MX example.org'),
      prompt('telnet mx.example.org 25'),
      session('QUIT'),
    ];
    expect(nextStep(SOLUTION, typed, false)).toEqual({
      kind: 'line',
      line: 'telnet mx.example.org 25',
      atPrompt: true,
    });
  });

  it('in a session the solution does not need, says to end it first (QUIT for SMTP)', () => {
    expect(nextStep(SOLUTION, [prompt('telnet smtp.example.net 587')], true)).toEqual({
      kind: 'leave',
      line: 'QUIT',
    });
    expect(nextStep(SOLUTION, [prompt('curl -T - smtp://mx.example.org')], true)).toEqual({
      kind: 'leave',
      line: null,
    });
  });

  it('moves on once a session is complete, and ends when everything is typed', () => {
    const done = SOLUTION.slice(0, 11);
    expect(nextStep(SOLUTION, done, false)).toMatchObject({ line: 'mailbox bob@example.org' });
    expect(nextStep(SOLUTION, SOLUTION, false)).toEqual({ kind: 'done' });
  });
});
