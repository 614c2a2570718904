// One lesson being worked through: its goals ticking as the world's trace meets them, the
// hint ladder, "watch it", the quiz, and the progress kept in the browser. The panel renders
// this; the lab runs the world.
import { goalsMet } from '../engine/lessons/goals.ts';
import type { Lesson } from '../engine/lessons/lesson.ts';
import type { Lab } from './lab.svelte.ts';
import { saveProgress, type Progress } from './progress-store.ts';

/** Real time between the lines of a "watch it" step, so the path can show each. */
const WATCH_STEP_MS = 900;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class LessonRun {
  /** Saved progress of every lesson (the map shows it). */
  progress: Progress = $state.raw({});
  /** How far up the hint ladder the learner has climbed (0: no hint shown). */
  hintStep = $state(0);
  /** The choice picked for each quiz question. */
  chosen: Record<string, number> = $state({});
  watching = $state(false);
  /** Goals met now or on an earlier visit: worked out once per change of the trace or the
   * saved progress, however many places read it. */
  readonly met: ReadonlySet<string>;
  readonly complete: boolean;

  constructor(
    readonly lab: Lab,
    readonly lessons: readonly Lesson[],
    readonly lesson: Lesson,
    progress: Progress,
  ) {
    this.progress = progress;
    this.met = $derived(
      // eslint-disable-next-line svelte/prefer-svelte-reactivity -- derived anew, never mutated
      new Set([...(this.progress[lesson.id]?.goals ?? []), ...goalsMet(lesson, lab.trace)]),
    );
    this.complete = $derived(lesson.goals.every((g) => this.met.has(g.id)));
    lab.openScenario(lesson.scenario, lesson.tools);
  }

  /** The lesson after this one in the curriculum. */
  get next(): Lesson | null {
    return this.lessons.find((l) => l.order > this.lesson.order) ?? null;
  }

  /** Saves newly met goals (called whenever the trace changes). */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a timestamp, not state
  record(now = new Date()): void {
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
    saveProgress(this.progress);
  }

  /** The ladder: the lesson's hints, then "put the next command in". */
  get hintCount(): number {
    return this.lesson.hints.length + 1;
  }

  /** Climbs one step; the last step puts the solution's next command into the input (it
   * never runs it). */
  hint(): void {
    if (this.hintStep < this.hintCount) this.hintStep++;
    if (this.hintStep === this.hintCount) {
      const next = this.nextCommand();
      if (next !== null) this.lab.input = next;
    }
  }

  /** The first line of the solution the learner has not typed yet, in order. */
  nextCommand(): string | null {
    let i = 0;
    for (const line of this.lab.typedLines) {
      if (i < this.lesson.solution.length && line.trim() === this.lesson.solution[i]!.trim()) i++;
    }
    return this.lesson.solution[i] ?? null;
  }

  /** Plays a "watch it" block: each line typed in turn, then a fresh world for the learner
   * (what was watched does not count towards the goals). */
  async watch(index: number): Promise<void> {
    const lines = this.lesson.watch[index];
    if (!lines || this.watching) return;
    this.watching = true;
    await this.lab.prepare();
    for (const line of lines) {
      this.lab.input = line;
      this.lab.submit();
      await sleep(WATCH_STEP_MS);
      while (this.lab.waiting) await sleep(100);
    }
    if (this.lab.busy) this.lab.interrupt();
    this.lab.restart('Your turn: the world has started afresh, and the goals count from here.');
    this.watching = false;
  }

  answer(question: string, choice: number): void {
    this.chosen = { ...this.chosen, [question]: choice };
    void this.lab.answer(question, choice);
  }

  /** Commands typed so far, beside the reference solution's count. */
  get commandsUsed(): { used: number; reference: number } {
    return { used: this.lab.typed, reference: this.lesson.solution.length };
  }
}
