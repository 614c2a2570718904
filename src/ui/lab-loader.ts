// Builds the page's lab: the scenarios now; the saved history and settings just after the
// first paint (reading storage is not free); the shell on first use.
import { CommandHistory } from './command-history.ts';
import { loadHistory, saveHistory } from './history-store.ts';
import { loadSettings } from './settings-store.ts';
import { Lab } from './lab.svelte.ts';
import { scenarios } from './scenarios.ts';

export function createLab(scenarioId: string | null): Lab {
  const history = new CommandHistory(() => {
    const saved = loadHistory();
    if (saved.notice) setTimeout(() => lab.notice(saved.notice!));
    return saved.lines;
  }, saveHistory);
  const lab = new Lab(scenarios, scenarioId, history, {
    load: () => import('./shell-loader.ts').then((m) => m.createShell),
  });
  setTimeout(() => {
    history.load();
    lab.waitPace = loadSettings().waitPace;
  });
  return lab;
}
