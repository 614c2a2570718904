import { describe, expect, it } from 'vitest';
import { choiceOrder, Quiz } from './quiz.ts';
import type { QuizQuestion } from './lesson.ts';

const question: QuizQuestion = {
  id: 'dot',
  prompt: 'Why the dot?',
  choices: [
    { text: 'It ends the data.', explain: 'RFC 5321 §4.1.1.4.' },
    { text: 'It encrypts.', explain: 'That is STARTTLS.' },
    { text: 'A telnet habit.', explain: 'telnet passes lines through.' },
    { text: 'It means QUIT.', explain: 'QUIT is a command.' },
  ],
  answer: 0,
};

describe('quiz order', () => {
  it('is a permutation, the same for a learner every time, and differs between learners', () => {
    const orders = Array.from({ length: 200 }, (_, i) => choiceOrder(`learner-${i}`, 'l/q', 4));
    for (const order of orders) expect([...order].sort()).toEqual([0, 1, 2, 3]);
    expect(choiceOrder('learner-7', 'l/q', 4)).toEqual(orders[7]);
    expect(new Set(orders.map((o) => o.join())).size).toBeGreaterThan(12);
  });

  it('puts the right answer in every place about as often (its place tells nothing)', () => {
    const places = [0, 0, 0, 0];
    for (let i = 0; i < 4000; i++) places[choiceOrder(`learner-${i}`, 'l/q', 4).indexOf(0)]!++;
    for (const count of places) expect(count).toBeGreaterThan(850);
  });
});

describe('Quiz', () => {
  const quiz = new Quiz([question], 'learner-1', 'say-ehlo');
  const shown = quiz.shownNumber('dot', 0)!;

  it('judges an answer by the number the learner sees', () => {
    const right = quiz.answer('dot', shown);
    expect(right).toMatchObject({ right: true, choice: 0, shown, text: 'It ends the data.' });
    const wrong = quiz.answer('dot', shown === 1 ? 2 : 1);
    expect(wrong).toMatchObject({ right: false });
  });

  it('refuses a question or a number that does not exist', () => {
    expect(quiz.answer('dot', 9)).toEqual({ problem: 'question "dot" has choices 1 to 4' });
    expect(quiz.answer('dot', 0)).toEqual({ problem: 'question "dot" has choices 1 to 4' });
    expect(quiz.answer('why', 1)).toEqual({
      problem: 'no question "why" in this lesson (its questions: dot)',
    });
    expect(new Quiz([], 'x', 'y').answer('dot', 1)).toEqual({ problem: 'this lesson has no quiz' });
  });

  it("writes a solution's answer line in the learner's numbering", () => {
    expect(quiz.shownLine('answer dot 1')).toBe(`answer dot ${shown}`);
    expect(quiz.shownLine('answer nothing 1')).toBe('answer nothing 1');
    expect(quiz.shownLine('EHLO x')).toBe('EHLO x');
  });
});
