// A quiz's right answer must not be guessable from its shape: across the curriculum the right
// choice is the longest one no more often than chance would make it (and not the shortest one
// either, the overcorrection), and its length stays close to the others'.
import { expect, test } from 'vitest';
import { loadLessons } from '../../src/adapters/lessons/load-lessons.ts';

// A diagnosis lesson asks `fault` once per fault of its pool, each time with other choices.
const questions = loadLessons().flatMap((lesson) => [
  ...lesson.quiz
    .filter((q) => lesson.fault === null || q.id !== 'fault')
    .map((q) => ({ id: `${lesson.id}/${q.id}`, question: q })),
  ...lesson.faults.map((variant) => ({
    id: `${lesson.id}/fault (${variant.fault!.id})`,
    question: variant.quiz.find((q) => q.id === 'fault')!,
  })),
]);

/** 1 when the right choice alone is the longest (or shortest); a tie shares the count. */
function extremeShare(lengths: readonly number[], right: number, pick: 'max' | 'min'): number {
  const best = pick === 'max' ? Math.max(...lengths) : Math.min(...lengths);
  const tied = lengths.filter((l) => l === best).length;
  return lengths[right] === best ? 1 / tied : 0;
}

const lengthsOf = (q: (typeof questions)[number]['question']) =>
  q.choices.map((c) => c.text.length);
const chance = questions.reduce((sum, { question: q }) => sum + 1 / q.choices.length, 0);

test('the curriculum has a quiz worth checking', () => {
  expect(questions.length).toBeGreaterThanOrEqual(30);
});

test.each(['max', 'min'] as const)(
  'the right answer is the %s-length choice no more than chance',
  (pick) => {
    const hits = questions.reduce(
      (sum, { question: q }) => sum + extremeShare(lengthsOf(q), q.answer, pick),
      0,
    );
    expect(
      hits,
      `right answer is the ${pick === 'max' ? 'longest' : 'shortest'} choice in ${hits} of ${questions.length} questions (chance: ${chance.toFixed(1)})`,
    ).toBeLessThanOrEqual(chance);
  },
);

test.each(questions.map((q) => [q.id, q.question] as const))(
  '%s: no choice stands out by its length',
  (_id, q) => {
    const lengths = lengthsOf(q);
    // The longest choice is at most 1.6 times as long as the shortest.
    expect(Math.max(...lengths) / Math.min(...lengths)).toBeLessThanOrEqual(1.6);
  },
);

test('the right answer is not always in the same place', () => {
  const places = new Set(questions.map(({ question: q }) => q.answer));
  expect(places.size).toBeGreaterThan(1);
});
