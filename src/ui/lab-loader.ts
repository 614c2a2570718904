// Builds the page's lab: the scenarios and the saved history now, the shell on first use.
import { CommandHistory } from './command-history.ts';
import { loadHistory, saveHistory } from './history-store.ts';
import { loadSettings } from './settings-store.ts';
import { Lab } from './lab.svelte.ts';
import { scenarios } from './scenarios.ts';

export function createLab(scenarioId: string | null): Lab {
  const saved = loadHistory();
  const lab = new Lab(scenarios, scenarioId, new CommandHistory(saved.lines, saveHistory), {
    load: () => import('./shell-loader.ts').then((m) => m.createShell),
  });
  if (saved.notice) lab.notice(saved.notice);
  lab.waitPace = loadSettings({ pace: '500', waitPace: 10 }).waitPace;
  return lab;
}
