// Everything the world needs (the engine, its tools, the scenarios) loads after the page has
// painted, in its own chunk: the first screen stays within the initial-JS budget.
import { CommandHistory } from './command-history.ts';
import { Lab } from './lab.svelte.ts';
import { scenarios } from './scenarios.ts';

export function createLab(scenarioId: string | null): Lab {
  return new Lab(scenarios, scenarioId, new CommandHistory());
}
