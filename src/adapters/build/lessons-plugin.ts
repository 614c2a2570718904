// `import { catalog, loadLesson } from 'virtual:lessons'`: every lesson, read and checked at
// build time, as plain data (no YAML or markdown parser reaches the page). The catalog (id,
// place, title, number of goals) is all the lesson map needs; each lesson's text, world and
// goals come in a chunk of their own, loaded when that lesson opens. A broken lesson fails
// the build, naming the file and the field. PORT25_LESSONS_DIR points the build at another
// folder (the test that shows a failing build uses it).
import type { Plugin } from 'vite';
import { summarize, type Lesson } from '../../engine/lessons/lesson.ts';
import { loadLessons, lessonsDir } from '../lessons/load-lessons.ts';

const ID = 'virtual:lessons';
const RESOLVED = '\0virtual:lessons';
/** One lesson's module: `virtual:lesson/<id>`. */
const ONE = 'virtual:lesson/';
const RESOLVED_ONE = '\0virtual:lesson/';

/** As a JSON string: V8 reads JSON.parse of a string far faster than the same data as object
 * literals, and on a phone the lesson's parse is most of its load. */
const jsonModule = (data: unknown) =>
  `export default JSON.parse(${JSON.stringify(JSON.stringify(data))});`;

export function lessonsPlugin(dir = process.env.PORT25_LESSONS_DIR ?? lessonsDir): Plugin {
  let lessons: Lesson[] | null = null;
  const all = () => (lessons ??= loadLessons(dir));
  return {
    name: 'port25-lessons',
    buildStart() {
      lessons = null;
      try {
        all();
      } catch (error) {
        this.error((error as Error).message);
      }
      this.addWatchFile(dir);
    },
    resolveId(id) {
      if (id === ID) return RESOLVED;
      if (id.startsWith(ONE)) return RESOLVED_ONE + id.slice(ONE.length);
      return null;
    },
    load(id) {
      if (id.startsWith(RESOLVED_ONE)) {
        const lesson = all().find((l) => l.id === id.slice(RESOLVED_ONE.length));
        return lesson ? jsonModule(lesson) : null;
      }
      if (id !== RESOLVED) return null;
      const loaders = all()
        .map((l) => `  ${JSON.stringify(l.id)}: () => import(${JSON.stringify(ONE + l.id)}),`)
        .join('\n');
      return [
        `export const catalog = ${JSON.stringify(all().map(summarize))};`,
        `const loaders = {\n${loaders}\n};`,
        '/** The lesson with this id, or null when there is none. */',
        'export async function loadLesson(id) {',
        '  const load = Object.hasOwn(loaders, id) ? loaders[id] : null;',
        '  return load ? (await load()).default : null;',
        '}',
      ].join('\n');
    },
  };
}
