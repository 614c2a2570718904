declare module 'virtual:lessons' {
  import type { Lesson } from '../engine/lessons/lesson.ts';
  const lessons: readonly Lesson[];
  export default lessons;
}

declare module 'virtual:scenarios' {
  import type { Scenario } from '../engine/world/scenario.ts';
  const scenarios: readonly Scenario[];
  export default scenarios;
}
