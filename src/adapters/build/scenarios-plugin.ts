// `import scenarios from 'virtual:scenarios'`: the scenarios of lessons/scenarios/, read and
// checked at build time and shipped as plain data (the page does not parse them again on
// its first paint). A malformed file fails the build, naming the file and the field.
import type { Plugin } from 'vite';
import { loadScenarios, scenariosDir } from '../cli/scenario-files.ts';

const ID = 'virtual:scenarios';
const RESOLVED = '\0virtual:scenarios';

export function scenariosPlugin(): Plugin {
  return {
    name: 'port25-scenarios',
    buildStart() {
      try {
        loadScenarios();
      } catch (error) {
        this.error((error as Error).message);
      }
      this.addWatchFile(scenariosDir);
    },
    resolveId(id) {
      return id === ID ? RESOLVED : null;
    },
    load(id) {
      if (id !== RESOLVED) return null;
      return `export default ${JSON.stringify([...loadScenarios().values()])};`;
    },
  };
}
