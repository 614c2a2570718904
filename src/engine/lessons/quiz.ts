// A lesson's quiz as the learner sees it: each question's choices in an order of the learner's
// own (shuffled from a seed the browser keeps, so it is stable across reloads and the right
// answer's place tells nothing), numbered from 1, and one judgement with its explanation,
// whether the answer came from a click in the panel or from `answer <question> <n>`.
import type { QuizQuestion } from './lesson.ts';
import { seededRandom } from '../seeded-random.ts';

/** What the learner is told about one answer. */
export interface QuizVerdict {
  readonly question: string;
  /** The choice as the lesson numbers it (0-based). */
  readonly choice: number;
  /** The number the learner saw beside it (from 1). */
  readonly shown: number;
  readonly right: boolean;
  readonly text: string;
  readonly explain: string;
}

/** The `answer` command's side of a quiz: the learner's number in, a verdict or a problem out. */
export interface QuizDesk {
  answer(question: string, shown: number): QuizVerdict | { readonly problem: string };
}

/** FNV-1a, 32 bits: a seed from the learner's id and the question's. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** The order this learner sees a question's choices in: shown position -> lesson's index. */
export function choiceOrder(learner: string, key: string, count: number): number[] {
  const order = Array.from({ length: count }, (_, i) => i);
  const random = seededRandom(hash(`${learner}\u0000${key}`));
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

export class Quiz implements QuizDesk {
  readonly #orders: ReadonlyMap<string, readonly number[]>;

  constructor(
    readonly questions: readonly QuizQuestion[],
    learner: string,
    lessonId: string,
  ) {
    this.#orders = new Map(
      questions.map((q) => [q.id, choiceOrder(learner, `${lessonId}/${q.id}`, q.choices.length)]),
    );
  }

  /** A question's choices as shown: [lesson's index, choice] in the learner's order. */
  shownChoices(question: QuizQuestion): { index: number; text: string }[] {
    return this.#order(question).map((index) => ({ index, text: question.choices[index]!.text }));
  }

  /** The number shown beside a choice (from 1). */
  shownNumber(question: string, choice: number): number | null {
    const order = this.#orders.get(question);
    const at = order?.indexOf(choice) ?? -1;
    return at === -1 ? null : at + 1;
  }

  /** The verdict on a choice (the lesson's index). */
  judge(question: string, choice: number): QuizVerdict | null {
    const q = this.questions.find((x) => x.id === question);
    const picked = q?.choices[choice];
    const shown = this.shownNumber(question, choice);
    if (!q || !picked || shown === null) return null;
    return {
      question,
      choice,
      shown,
      right: choice === q.answer,
      text: picked.text,
      explain: picked.explain,
    };
  }

  answer(question: string, shown: number): QuizVerdict | { readonly problem: string } {
    const q = this.questions.find((x) => x.id === question);
    if (!q) {
      const ids = this.questions.map((x) => x.id);
      return {
        problem:
          ids.length === 0
            ? 'this lesson has no quiz'
            : `no question "${question}" in this lesson (its questions: ${ids.join(', ')})`,
      };
    }
    const order = this.#order(q);
    if (!Number.isInteger(shown) || shown < 1 || shown > order.length)
      return { problem: `question "${question}" has choices 1 to ${order.length}` };
    return this.judge(question, order[shown - 1]!)!;
  }

  /** A solution's `answer <question> <n>` (numbered as the lesson numbers its choices) as this
   * learner types it (numbered as they see them); any other line as it is. */
  shownLine(line: string): string {
    const m = /^(\s*answer\s+)(\S+)(\s+)(\d+)(\s*)$/.exec(line);
    const shown = m ? this.shownNumber(m[2]!, Number(m[4]) - 1) : null;
    return m && shown !== null ? `${m[1]}${m[2]}${m[3]}${shown}${m[5]}` : line;
  }

  #order(question: QuizQuestion): readonly number[] {
    return this.#orders.get(question.id) ?? question.choices.map((_, i) => i);
  }
}

/** "Right." or "Not quite.", the same words wherever the learner answered. */
export const verdictWord = (right: boolean): string => (right ? 'Right.' : 'Not quite.');
