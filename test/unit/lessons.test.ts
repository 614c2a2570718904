// Every lesson loads, its reference solution meets every goal in its scenario, and nothing is
// met before the learner does anything. Together the lessons cover every topic.
import { describe, expect, test } from 'vitest';
import { loadLessons } from '../../src/adapters/lessons/load-lessons.ts';
import { goalsMet } from '../../src/engine/lessons/goals.ts';
import { TOPIC_IDS } from '../../src/engine/lessons/topics.ts';
import type { Lesson } from '../../src/engine/lessons/lesson.ts';
import { Shell, type ShellOutput } from '../../src/engine/tools/shell.ts';
import { Quiz } from '../../src/engine/lessons/quiz.ts';
import { referenceWorld } from '../../src/engine/world/reference-world.ts';
import type { Traced } from '../../src/engine/world/trace.ts';

const lessons = loadLessons();

/** Plays lines in a fresh world of the lesson, as a learner typing them would (a learner who
 * sees the quiz's choices in their own order types the numbers they see). */
function play(lesson: Lesson, lines: readonly string[], learner = 'learner-1') {
  const printed: string[] = [];
  const quiz = new Quiz(lesson.quiz, learner, lesson.id);
  const shell = new Shell(
    referenceWorld(lesson.scenario),
    (o: ShellOutput) => (o.kind === 'line' ? printed.push(o.text) : undefined),
    Date.UTC(2026, 10, 27, 9),
    { tools: lesson.tools ?? undefined, quiz },
  );
  for (const line of lines) shell.run(quiz.shownLine(line));
  return { trace: shell.sim.recorded as readonly Traced[], printed };
}

test('the curriculum has at least 14 lessons and covers every topic', () => {
  expect(lessons.length).toBeGreaterThanOrEqual(14);
  const covered = new Set(lessons.flatMap((l) => l.topics));
  expect(TOPIC_IDS.filter((t) => !covered.has(t))).toEqual([]);
});

/** Every lesson as a learner can meet it: a diagnosis lesson once per fault of its pool. */
const attempts = lessons.flatMap((l) =>
  (l.faults.length > 0 ? l.faults : [l]).map(
    (v) =>
      [
        `${String(l.order).padStart(2, '0')}-${l.id}${v.fault ? ` (fault ${v.fault.index + 1}, ${v.fault.id})` : ''}`,
        v,
      ] as const,
  ),
);

describe.each(attempts)('lesson %s', (_name, lesson) => {
  test.each(['learner-1', 'learner-2', 'learner-3'])(
    'its solution meets every goal (choices shuffled for %s)',
    (learner) => {
      const { trace, printed } = play(lesson, lesson.solution, learner);
      expect(printed.filter((line) => line.endsWith('not available in this lesson'))).toEqual([]);
      const met = goalsMet(lesson, trace);
      expect(lesson.goals.filter((g) => !met.has(g.id)).map((g) => g.id)).toEqual([]);
    },
  );

  test('no goal is met before the learner does anything', () => {
    const { trace } = play(lesson, []);
    expect([...goalsMet(lesson, trace)]).toEqual([]);
  });

  test('its hint ladder and its quiz are complete', () => {
    expect(lesson.hints.length).toBeGreaterThanOrEqual(2);
    for (const q of lesson.quiz) expect(q.choices[q.answer]).toBeDefined();
  });
});

describe('a goal accepts every way that shows the same thing', () => {
  test.each([
    ['relay-denied', 'denied', '--to carol@example.com'],
    ['greylisting', 'greylisted', '--to bob@example.org'],
    ['blocklists', 'refused', '--to bob@example.org'],
  ])('%s: the refusal swaks --pipeline reads is the reply to RCPT (goal %s)', (id, goal, to) => {
    const lesson = lessons.find((l) => l.id === id)!;
    const { trace, printed } = play(lesson, [
      `swaks --pipeline ${to} --from alice@example.net --server mx.example.org`,
    ]);
    expect(printed.some((line) => /^<\*\* +(554|450)/.test(line))).toBe(true);
    expect(goalsMet(lesson, trace).has(goal)).toBe(true);
  });
});

describe('a goal accepts only what shows the same thing', () => {
  const met = (id: string, goal: string, lines: string[]) =>
    goalsMet(
      lessons.find((l) => l.id === id)!,
      play(
        lessons.find((l) => l.id === id)!,
        lines,
      ).trace,
    ).has(goal);

  test('an address lookup: dig or nslookup, however written; not an MX question about the host', () => {
    expect(met('find-the-mx', 'address', ['nslookup mx.example.org'])).toBe(true);
    expect(met('find-the-mx', 'address', ['dig +short mx.example.org'])).toBe(true);
    expect(met('find-the-mx', 'address', ['dig mx.example.org MX'])).toBe(false);
    expect(met('find-the-mx', 'address', ['telnet mx.example.org 25'])).toBe(false);
    expect(met('find-the-mx', 'mx-lookup', ['nslookup -type=mx example.org'])).toBe(true);
    expect(met('find-the-mx', 'mx-lookup', ['dig example.org'])).toBe(false);
  });

  test('a log read before the thing to find happened does not count; read after, it does', () => {
    const refused = [
      'telnet mx.example.org 25',
      'EHLO me',
      'MAIL FROM:<alice@example.net>',
      'RCPT TO:<carol@example.com>',
      'QUIT',
    ];
    expect(met('relay-denied', 'log', ['logs mx.example.org', ...refused])).toBe(false);
    expect(met('relay-denied', 'log', [...refused, 'logs mx.example.org'])).toBe(true);
  });

  test('a prediction counts only when made before the learner saw it happen', () => {
    const session = [
      'telnet mx.example.org 25',
      'EHLO me',
      'MAIL FROM:<alice@example.net>',
      'RCPT TO:<bob@example.org>',
      'DATA',
    ];
    expect(met('say-ehlo', 'predicted', ['answer after-data 1', ...session])).toBe(true);
    // Answered at the prompt after DATA was answered with 354: seen, not predicted.
    expect(met('say-ehlo', 'predicted', [...session, '.', 'QUIT', 'answer after-data 1'])).toBe(
      false,
    );
    // A wrong guess first, then the right one: trying choices in turn predicts nothing.
    expect(
      met('say-ehlo', 'predicted', ['answer after-data 2', 'answer after-data 1', ...session]),
    ).toBe(false);
  });

  test('every prediction question of the curriculum names a goal and comes before it in the solution', () => {
    for (const lesson of lessons)
      for (const q of lesson.quiz.filter((question) => question.predicts !== undefined)) {
        const answered = lesson.solution.findIndex((line) => line.startsWith(`answer ${q.id} `));
        expect(answered, `${lesson.id}: the solution answers ${q.id}`).toBeGreaterThanOrEqual(0);
        const before = play(lesson, lesson.solution.slice(0, answered)).trace;
        const predicted = lesson.goals.find((g) => g.id === q.predicts)!;
        expect(
          goalsMet({ ...lesson, goals: [predicted] }, before).size,
          `${lesson.id}/${q.id}`,
        ).toBe(0);
      }
  });

  test('a TCP trace to 587: not a UDP traceroute that happens to start at 587', () => {
    const reset = lessons
      .find((l) => l.id === 'capstone')!
      .faults.find((f) => f.fault?.id === 'reset-587')!;
    const traced = (line: string) => goalsMet(reset, play(reset, [line]).trace).has('traced');
    expect(traced('traceroute -p 587 smtp.example.net')).toBe(false);
    expect(traced('traceroute -T -p 587 smtp.example.net')).toBe(true);
    expect(traced('traceroute -Tp587 smtp.example.net')).toBe(true);
  });
});
