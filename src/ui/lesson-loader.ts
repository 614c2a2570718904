// The lessons and the lesson panel's state come in their own chunk, loaded when a lesson is
// opened (?lesson=<id>) or the lesson map is shown.
import { catalog, loadLesson } from 'virtual:lessons';
export { LessonRun } from './lesson-run.svelte.ts';
export { catalog, loadLesson };
export { loadProgress } from './progress-store.ts';
export { learnerId, faultAttempt } from './learner-store.ts';
export { drawFault } from '../engine/lessons/fault-draw.ts';
