// `import lessons from 'virtual:lessons'`: every lesson, read and checked at build time, as
// plain data (no YAML or markdown parser reaches the page). A broken lesson fails the build,
// naming the file and the field. PORT25_LESSONS_DIR points the build at another folder (the
// test that shows a failing build uses it).
import type { Plugin } from 'vite';
import { loadLessons, lessonsDir } from '../lessons/load-lessons.ts';

const ID = 'virtual:lessons';
const RESOLVED = '\0virtual:lessons';

export function lessonsPlugin(dir = process.env.PORT25_LESSONS_DIR ?? lessonsDir): Plugin {
  return {
    name: 'port25-lessons',
    buildStart() {
      try {
        loadLessons(dir);
      } catch (error) {
        this.error((error as Error).message);
      }
      this.addWatchFile(dir);
    },
    resolveId(id) {
      return id === ID ? RESOLVED : null;
    },
    load(id) {
      if (id !== RESOLVED) return null;
      // As a JSON string: V8 reads JSON.parse of a string far faster than the same data as
      // object literals, and the lesson chunk's task on a phone is most of the lesson's load.
      const json = JSON.stringify(loadLessons(dir));
      return `export default JSON.parse(${JSON.stringify(json)});`;
    },
  };
}
