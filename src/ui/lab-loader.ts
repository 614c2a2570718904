// Everything the world needs (the engine, its tools, the scenarios) loads after the page has
// painted, in its own chunk: the first screen stays within the initial-JS budget.
import { CommandHistory } from './command-history.ts';
import { loadHistory, saveHistory } from './history-store.ts';
import { Lab } from './lab.svelte.ts';
import { scenarios } from './scenarios.ts';

export function createLab(scenarioId: string | null): Lab {
  const saved = loadHistory();
  const lab = new Lab(scenarios, scenarioId, new CommandHistory(saved.lines, saveHistory));
  if (saved.notice) lab.notice(saved.notice);
  return lab;
}
