// The scenarios of lessons/scenarios/, bundled into the page as data the build has already
// checked (src/adapters/build/scenarios-plugin.ts): a broken file never gets this far.
import files from 'virtual:scenarios';
import type { Scenario } from '../engine/world/scenario.ts';

/** The scenario a first visit opens: the story the lab exists to tell. */
export const DEFAULT_SCENARIO = 'home-isp-blocks-25';

export const scenarios: readonly Scenario[] = [...files].sort((a, b) =>
  // Plain code-unit order: localeCompare would start up a whole collator on first paint.
  a.id === DEFAULT_SCENARIO ? -1 : b.id === DEFAULT_SCENARIO ? 1 : a.title < b.title ? -1 : 1,
);
