/// <reference types="vite/client" />
// The scenarios of lessons/scenarios/, bundled into the page (the build has already checked
// each file; a broken one never gets this far).
import { parseScenario, type Scenario } from '../engine/world/scenario.ts';

const files = import.meta.glob('../../lessons/scenarios/*.json', {
  eager: true,
  import: 'default',
});

/** The scenario a first visit opens: the story the lab exists to tell. */
export const DEFAULT_SCENARIO = 'home-isp-blocks-25';

export const scenarios: readonly Scenario[] = Object.entries(files)
  .map(([file, data]) => parseScenario(data, file.replace(/^(\.\.\/)+/, '')))
  .sort((a, b) =>
    // Plain code-unit order: localeCompare would start up a whole collator on first paint.
    a.id === DEFAULT_SCENARIO ? -1 : b.id === DEFAULT_SCENARIO ? 1 : a.title < b.title ? -1 : 1,
  );
