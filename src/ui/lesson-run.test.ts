// A lesson run as the page drives it: watching never meets a goal, answers are judged the same
// way from the panel and from the terminal, and the last hint fits where the learner is.
import { describe, expect, it } from 'vitest';
import { loadLessons } from '../adapters/lessons/load-lessons.ts';
import { summarize } from '../engine/lessons/lesson.ts';
import { Shell } from '../engine/tools/shell.ts';
import { CommandHistory } from './command-history.ts';
import { Lab } from './lab.svelte.ts';
import { LessonRun } from './lesson-run.svelte.ts';
import type { Progress } from './progress-store.ts';
import { scenarios } from './scenarios.ts';

const lessons = loadLessons();
const lesson = (id: string) => lessons.find((l) => l.id === id)!;

function open(id: string, learner = 'learner-1') {
  const lab = new Lab(scenarios, null, new CommandHistory(), {
    factory: (world, onOutput, startedAt, options) =>
      new Shell(world, onOutput, startedAt, options),
  });
  const saved: Progress[] = [];
  const run = new LessonRun(
    lab,
    lessons.map(summarize),
    lesson(id),
    {},
    {
      learner,
      save: (p) => saved.push(p),
      watchStepMs: 0,
    },
  );
  // The page saves progress whenever the trace changes: so does this test, after every line.
  const submit = lab.submit.bind(lab);
  lab.submit = () => {
    submit();
    run.record();
  };
  const type = (...lines: string[]) => {
    for (const line of lines) {
      lab.input = line;
      lab.submit();
    }
  };
  return { lab, run, saved, type };
}

const watched = lessons.filter((l) => l.watch.length > 0);

describe.each(watched.map((l) => [l.id, l] as const))('watching lesson %s', (id, l) => {
  it('meets no goal and saves nothing, and the learner then starts afresh', async () => {
    const { lab, run, saved, type } = open(id);
    for (let i = 0; i < l.watch.length; i++) await run.watch(i);
    expect([...run.met]).toEqual([]);
    expect(saved).toEqual([]);
    expect(lab.trace).toEqual([]);
    // What the learner does afterwards counts.
    type(...l.solution.map((line) => run.quiz.shownLine(line)));
    expect(run.complete).toBe(true);
    expect(saved.at(-1)?.[id]?.goals).toHaveLength(l.goals.length);
  });
});

describe('the quiz', () => {
  it('judges `answer` by the numbers the learner sees, as the panel does', () => {
    const { lab, run, type } = open('say-ehlo');
    const right = run.quiz.shownNumber('dot', 0)!;
    const wrong = right === 1 ? 2 : 1;
    type(`answer dot ${wrong}`);
    expect(lab.lines.at(-1)?.text).toMatch(/^Not quite\. /);
    expect(run.answers.get('dot')).toMatchObject({ right: false, shown: wrong });
    type(`answer dot ${right}`);
    expect(lab.lines.at(-2)?.text).toBe(
      `dot, choice ${right}: ${lesson('say-ehlo').quiz.find((q) => q.id === 'dot')!.choices[0]!.text}`,
    );
    expect(lab.lines.at(-1)?.text).toMatch(/^Right\. RFC 5321/);
    expect(run.answers.get('dot')).toMatchObject({ right: true });
    // A click in the panel is judged the same way.
    run.answer('dot', 1);
  });

  it('refuses a choice or a question that does not exist, and records nothing', () => {
    const { lab, run, type } = open('say-ehlo');
    type('answer dot 9');
    expect(lab.lines.at(-1)?.text).toBe('answer: question "dot" has choices 1 to 3');
    type('answer nope 1');
    expect(lab.lines.at(-1)?.text).toBe(
      'answer: no question "nope" in this lesson (its questions: after-data, dot)',
    );
    expect(run.answers.size).toBe(0);
    expect(lab.trace.some((t) => t.event.type === 'lesson.answer')).toBe(false);
  });

  it("shows the choices in an order of the learner's own, the same on every visit", () => {
    const q = lesson('capstone').quiz[0]!;
    const order = (learner: string) =>
      open('capstone', learner)
        .run.quiz.shownChoices(q)
        .map((c) => c.index);
    expect(order('learner-a')).toEqual(order('learner-a'));
    const places = new Set(
      Array.from({ length: 30 }, (_, i) => order(`learner-${i}`).indexOf(q.answer)),
    );
    expect(places.size).toBeGreaterThan(2);
  });
});

describe('the last hint', () => {
  it('offers a line for the running session inside telnet, never a shell command', async () => {
    const { lab, run, type } = open('capstone');
    type('telnet mx.example.org 25'); // not the solution's session, and it hangs at the ISP
    lab.interrupt();
    type('telnet smtp.example.net 465'); // refused? then at the prompt again
    const step = await run.suggest();
    if (lab.busy) expect(step).toEqual({ kind: 'leave', line: 'QUIT' });
    else expect(step).toMatchObject({ kind: 'line', atPrompt: true });
    expect(step.kind === 'line' && !step.atPrompt).toBe(false);
  });

  it('after the session closed half way, offers the command that opens it, not EHLO', async () => {
    const { lab, run, type } = open('say-ehlo');
    type('telnet mx.example.org 25', 'EHLO me', 'QUIT');
    expect(lab.busy).toBe(false);
    expect(await run.suggest()).toEqual({
      kind: 'line',
      line: 'telnet mx.example.org 25',
      atPrompt: true,
    });
    expect(lab.input).toBe('telnet mx.example.org 25');
    type(lab.input);
    expect(await run.suggest()).toEqual({
      kind: 'line',
      line: 'EHLO laptop.example.net',
      atPrompt: false,
    });
  });

  it('never answers a quiz question for the learner', async () => {
    const { lab, run, type } = open('capstone');
    type(...lesson('capstone').solution.slice(0, -1));
    lab.input = '';
    expect(await run.suggest()).toEqual({ kind: 'done' });
    expect(lab.input).toBe('');
    // From the start too: the first step offered is a command, never `answer`.
    const fresh = open('say-ehlo');
    const first = await fresh.run.suggest();
    expect(first).toMatchObject({ kind: 'line', line: 'telnet mx.example.org 25' });
  });
});

describe('a diagnosis lesson', () => {
  it('draws another fault on request: its goals cleared, the lesson opened again', () => {
    const { run, saved, type } = open('capstone');
    expect(run.lesson.fault).not.toBeNull();
    type('dig smtp.example.net');
    run.record();
    let reloaded = 0;
    run.newFault(() => reloaded++);
    expect(reloaded).toBe(1);
    expect(saved.at(-1)?.['capstone']).toBeUndefined();
    expect(run.progress['capstone']).toBeUndefined();
  });

  it('does nothing for a lesson without a pool of faults', () => {
    const { run } = open('say-ehlo');
    let reloaded = 0;
    run.newFault(() => reloaded++);
    expect(reloaded).toBe(0);
  });
});

describe('a prediction made too late', () => {
  const SUBMIT =
    'swaks --to bob@example.org --from alice@example.net --server smtp.example.net --port 465 --tlsc --auth-user alice@example.net --auth-password s3cret';

  it('is missed once what it predicts has happened, and the next goal is the current one', () => {
    const { run, type } = open('almost-right');
    expect(run.current?.id).toBe('predicted');
    expect(run.missed.size).toBe(0);
    type('openssl s_client -quiet -crlf -connect smtp.example.net:587');
    expect(run.met.has('tls-on-587')).toBe(true);
    expect([...run.missed]).toEqual(['predicted']);
    expect(run.current?.id).toBe('plain-on-465');
    type(SUBMIT);
    expect(run.complete).toBe(false);
  });

  it('is not missed while the learner can still make it', () => {
    const { run, type } = open('almost-right');
    type(SUBMIT);
    expect(run.missed.size).toBe(0);
    expect(run.current?.id).toBe('predicted');
  });
});
