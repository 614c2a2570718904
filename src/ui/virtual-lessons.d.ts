declare module 'virtual:lessons' {
  import type { Lesson } from '../engine/lessons/lesson.ts';
  const lessons: readonly Lesson[];
  export default lessons;
}
