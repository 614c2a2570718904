declare module 'virtual:lessons' {
  import type { Lesson, LessonSummary } from '../engine/lessons/lesson.ts';
  /** Every lesson, in curriculum order: what the map and a lesson's neighbours need. */
  export const catalog: readonly LessonSummary[];
  /** One lesson, from a chunk of its own; null for an id that is not a lesson. */
  export function loadLesson(id: string): Promise<Lesson | null>;
}

declare module 'virtual:scenarios' {
  import type { Scenario } from '../engine/world/scenario.ts';
  const scenarios: readonly Scenario[];
  export default scenarios;
}
