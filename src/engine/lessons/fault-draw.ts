// Which fault of a diagnosis lesson's pool a learner gets: the pool in an order of the
// learner's own (seeded from their id, so a reload draws the same fault), one attempt after
// another. Consecutive attempts never draw the same fault, and every fault comes up once
// before any comes up again.
import type { Lesson } from './lesson.ts';
import { choiceOrder } from './quiz.ts';

export function drawFault(lesson: Lesson, learner: string, attempt: number): Lesson {
  if (lesson.faults.length === 0) return lesson;
  const order = choiceOrder(learner, `${lesson.id}/faults`, lesson.faults.length);
  const turn = ((attempt % order.length) + order.length) % order.length;
  return lesson.faults[order[turn]!]!;
}
