// One lesson being worked through: its goals ticking as the world's trace meets them, the
// hint ladder, "watch it", the quiz, and the progress kept in the browser. The panel renders
// this; the lab runs the world.
import { goalsMet } from '../engine/lessons/goals.ts';
import { solutionCommands, type Lesson, type LessonSummary } from '../engine/lessons/lesson.ts';
import { Quiz, type QuizVerdict } from '../engine/lessons/quiz.ts';
import type { Traced } from '../engine/world/trace.ts';
import type { Lab, TypedStep } from './lab.svelte.ts';
import { nextStep, type NextStep } from './next-step.ts';
import { saveProgress, type Progress } from './progress-store.ts';
import { loadTranscript, saveLastLesson, saveTranscript } from './lesson-resume.ts';
import { nextFaultAttempt } from './learner-store.ts';
import type { ShellLine } from './shell-lines.ts';

/** Real time between the lines of a "watch it" step, so the path can show each. */
export const WATCH_STEP_MS = 900;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The last answer given to each question, from the trace (panel clicks and `answer` alike). */
function answersIn(trace: readonly Traced[], quiz: Quiz): Map<string, QuizVerdict> {
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- built anew from the trace, never kept
  const answers = new Map<string, QuizVerdict>();
  for (const { event } of trace) {
    if (event.type !== 'lesson.answer') continue;
    const verdict = quiz.judge(event.question, event.choice);
    if (verdict) answers.set(event.question, verdict);
  }
  return answers;
}

export interface LessonRunOptions {
  /** The learner's id: it seeds the order of the quiz's choices. */
  readonly learner: string;
  /** Where progress is saved (the browser's storage by default). */
  readonly save?: (progress: Progress) => void;
  /** Real time between the lines of a "watch it" step. */
  readonly watchStepMs?: number;
}

export class LessonRun {
  /** Saved progress of every lesson (the map shows it). */
  progress: Progress = $state.raw({});
  /** How far up the hint ladder the learner has climbed (0: no hint shown). */
  hintStep = $state(0);
  /** What the ladder's last step found, and how many lines had been typed then (a suggestion
   * is shown only until the learner types again). */
  suggestion: { readonly step: NextStep; readonly typed: number } | null = $state.raw(null);
  /** A "watch it" block is playing: nothing it does counts, nothing of it is saved. */
  watching = $state(false);
  readonly quiz: Quiz;
  /** Goals met now or on an earlier visit: worked out once per change of the trace or the
   * saved progress, however many places read it. */
  readonly met: ReadonlySet<string>;
  /** Prediction goals that can no longer be met: what they predict happened first. Only
   * starting the lesson again gives the learner the chance back. */
  readonly missed: ReadonlySet<string>;
  /** The goal to work on now: the first neither met nor missed. */
  readonly current: Lesson['goals'][number] | null;
  readonly complete: boolean;
  /** The verdict on each question's last answer. */
  readonly answers: ReadonlyMap<string, QuizVerdict>;
  readonly #save: (progress: Progress) => void;
  readonly #watchStepMs: number;
  #keepTimer: ReturnType<typeof setTimeout> | null = null;
  #kept: readonly ShellLine[] | null = null;
  #solutionSteps: Promise<TypedStep[]> | null = null;

  constructor(
    readonly lab: Lab,
    readonly lessons: readonly LessonSummary[],
    readonly lesson: Lesson,
    progress: Progress,
    options: LessonRunOptions,
  ) {
    this.progress = progress;
    this.#save = options.save ?? ((p) => saveProgress(p));
    this.#watchStepMs = options.watchStepMs ?? WATCH_STEP_MS;
    this.quiz = new Quiz(lesson.quiz, options.learner, lesson.id);
    const live = () => (this.watching ? [] : lab.trace);
    this.met = $derived(
      // eslint-disable-next-line svelte/prefer-svelte-reactivity -- derived anew, never mutated
      new Set([...(this.progress[lesson.id]?.goals ?? []), ...goalsMet(lesson, live())]),
    );
    this.missed = $derived(
      // eslint-disable-next-line svelte/prefer-svelte-reactivity -- derived anew, never mutated
      new Set(
        lesson.goals
          .filter((g) => {
            if (g.kind !== 'answer' || this.met.has(g.id)) return false;
            const predicts = lesson.quiz.find((q) => q.id === g.question)?.predicts;
            return predicts !== undefined && this.met.has(predicts);
          })
          .map((g) => g.id),
      ),
    );
    this.current = $derived(
      lesson.goals.find((g) => !this.met.has(g.id) && !this.missed.has(g.id)) ?? null,
    );
    this.complete = $derived(lesson.goals.every((g) => this.met.has(g.id)));
    this.answers = $derived(answersIn(live(), this.quiz));
    lab.openScenario(lesson.scenario, lesson.tools, this.quiz);
  }

  /** Shows the transcript kept from before a reload of this tab, and remembers this lesson as
   * the one to continue from the home page. */
  resume(): void {
    const { lesson, lab } = this;
    saveLastLesson({
      id: lesson.id,
      title: lesson.title,
      order: lesson.order,
      goals: lesson.goals.length,
    });
    const kept = loadTranscript(lesson.id);
    if (kept.lines.length > 0)
      lab.restoreLines(
        kept.lines,
        'Reloaded: the lines above are from before. The world has started afresh; the goals you met are kept.',
      );
    if (kept.notice) lab.notice(kept.notice);
  }

  /** Keeps the transcript for a reload (at most a few times a second; flush() at once). */
  keepTranscript(lines: readonly ShellLine[]): void {
    this.#kept = lines;
    this.#keepTimer ??= setTimeout(() => this.flushTranscript(), 500);
  }

  flushTranscript(): void {
    if (this.#keepTimer !== null) clearTimeout(this.#keepTimer);
    this.#keepTimer = null;
    if (this.#kept) saveTranscript(this.lesson.id, this.#kept);
    this.#kept = null;
  }

  /** The lesson after this one in the curriculum. */
  get next(): LessonSummary | null {
    return this.lessons.find((l) => l.order > this.lesson.order) ?? null;
  }

  /** Saves newly met goals (called whenever the trace changes; never while watching). */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a timestamp, not state
  record(now = new Date()): void {
    if (this.watching) return;
    const saved = this.progress[this.lesson.id];
    const met = [...this.met];
    if (saved && met.length === saved.goals.length) return;
    const complete = this.complete;
    this.progress = {
      ...this.progress,
      [this.lesson.id]: {
        goals: met,
        completedAt: saved?.completedAt ?? (complete ? now.toISOString() : null),
      },
    };
    this.#save(this.progress);
  }

  /** The ladder: the lesson's hints, then "put the next step in". */
  get hintCount(): number {
    return this.lesson.hints.length + 1;
  }

  /** Climbs one step; the last step (and every press after it) puts the solution's next step
   * that fits the learner's state into the input (it never runs it). */
  async hint(): Promise<void> {
    if (this.hintStep < this.hintCount) this.hintStep++;
    if (this.hintStep === this.hintCount) await this.suggest();
  }

  /** Finds the next step and puts its line in the input. */
  async suggest(): Promise<NextStep> {
    const step = nextStep(await this.#solution(), this.lab.typedSteps, this.lab.busy);
    this.suggestion = { step, typed: this.lab.typed };
    if (step.kind !== 'done' && step.line !== null) {
      this.lab.input = step.line;
      this.lab.callAttention();
    }
    return step;
  }

  /** The reference solution as a learner types it: each line with where it goes. Its quiz
   * answers are left out: the ladder never answers a question for the learner. */
  #solution(): Promise<TypedStep[]> {
    const lines = solutionCommands(this.lesson.solution);
    this.#solutionSteps ??= this.lab
      .promptFlags(lines)
      .then((flags) => lines.map((line, i) => ({ line, atPrompt: flags[i] ?? true })));
    return this.#solutionSteps;
  }

  /** Plays a "watch it" block in the terminal, each line typed in turn, then starts the world
   * afresh: nothing watched meets a goal or is saved, and the learner starts from scratch. */
  async watch(index: number): Promise<void> {
    const lines = this.lesson.watch[index];
    if (!lines || this.watching) return;
    this.watching = true;
    this.lab.demonstrating = true;
    this.lab.callAttention();
    try {
      await this.lab.prepare();
      this.lab.notice('Watch: the lab types for you. None of this counts towards the goals.');
      for (const line of lines) {
        if (!this.lab.demonstrating) break; // the learner stopped it
        this.lab.input = line;
        this.lab.submit();
        await sleep(this.#watchStepMs);
        while (this.lab.waiting && this.lab.demonstrating) await sleep(100);
      }
      if (this.lab.busy) this.lab.interrupt();
    } finally {
      this.lab.restart('Your turn: the world has started afresh, and the goals count from here.');
      this.lab.demonstrating = false;
      this.watching = false;
    }
  }

  /** Starts the lesson again: its saved goals are cleared, its world and transcript start
   * afresh, the hints from the first. */
  reset(): void {
    if (this.watching) this.stopWatching();
    const { [this.lesson.id]: _cleared, ...others } = this.progress;
    this.progress = others;
    this.#save(this.progress);
    this.hintStep = 0;
    this.suggestion = null;
    this.lab.openScenario(this.lesson.scenario, this.lesson.tools, this.quiz);
  }

  /** A diagnosis lesson: draws another fault of the pool. This lesson's goals and kept
   * transcript are cleared, and the page opens the lesson again with the new fault. */
  newFault(reload: () => void = () => location.reload()): void {
    if (this.lesson.fault === null) return;
    this.flushTranscript();
    saveTranscript(this.lesson.id, []);
    const { [this.lesson.id]: _cleared, ...others } = this.progress;
    this.progress = others;
    this.#save(this.progress);
    nextFaultAttempt(this.lesson.id);
    reload();
  }

  /** Forgets every lesson's progress (this one's world starts afresh too). */
  clearAll(): void {
    this.progress = {};
    this.reset();
  }

  /** Ends a "watch it" block early. */
  stopWatching(): void {
    this.lab.demonstrating = false;
  }

  /** A click on a choice (the lesson's index): judged as `answer` judges it. */
  answer(question: string, choice: number): void {
    void this.lab.answer(question, choice);
  }

  /** Commands typed so far, beside the reference solution's count. */
  get commandsUsed(): { used: number; reference: number } {
    return { used: this.lab.typed, reference: this.lesson.solution.length };
  }
}
