// Builds the page's lab: the scenarios now; the saved history and settings just after the
// first paint (reading storage is not free); the shell on first use.
import { CommandHistory } from './command-history.ts';
import { loadHistory, saveHistory } from './history-store.ts';
import { loadSettings } from './settings-store.ts';
import { onStorageTrouble, STORAGE_TROUBLE, storageRefused } from './browser-storage.ts';
import { Lab } from './lab.svelte.ts';
import type { Lesson } from '../engine/lessons/lesson.ts';
import type { LessonRun } from './lesson-run.svelte.ts';
import { scenarios } from './scenarios.ts';

/** opening: a lesson is about to open its own world (the default one is not introduced). */
export function createLab(scenarioId: string | null, opening = false): Lab {
  const history = new CommandHistory(() => {
    const saved = loadHistory();
    if (saved.notice) setTimeout(() => lab.notice(saved.notice!));
    return saved.lines;
  }, saveHistory);
  const lab = new Lab(
    scenarios,
    scenarioId,
    history,
    { load: () => import('./shell-loader.ts').then((m) => m.createShell) },
    { opening },
  );
  // Storage that refuses a write is said once, in the transcript; the lab goes on from memory.
  onStorageTrouble((message) => lab.notice(message));
  setTimeout(() => {
    history.load();
    lab.waitPace = loadSettings().waitPace;
  });
  return lab;
}

/** A share link: a scenario written out in full (?scenario=s1....) and a script (?run=) typed
 * in order. Anything wrong with the link is said plainly and nothing of it runs. */
export function openSharedLink(lab: Lab, params: URLSearchParams): void {
  // Only a link that carries a written-out scenario or a script needs the code that reads one.
  if (!params.get('scenario')?.startsWith('s1.') && !params.has('run')) return;
  void import('./share-link.ts').then((link) => openLink(lab, params, link));
}

function openLink(
  lab: Lab,
  params: URLSearchParams,
  { decodeScenario, isEncodedScenario, readRun }: typeof import('./share-link.ts'),
): void {
  const scenario = params.get('scenario');
  let problem: string | null = null;
  if (scenario !== null && isEncodedScenario(scenario)) {
    try {
      lab.openScenario(decodeScenario(scenario), null);
    } catch (error) {
      problem = (error as Error).message;
    }
  }
  let run: string[] = [];
  try {
    run = readRun(params.get('run'));
  } catch (error) {
    problem ??= (error as Error).message;
  }
  if (problem !== null) {
    lab.notice(
      `This link could not be opened: ${problem} The lab opened "${lab.scenario.title}" and runs nothing from it.`,
    );
    return;
  }
  if (run.length === 0) return;
  lab.notice(`This link types ${run.length} command line${run.length === 1 ? '' : 's'} for you:`);
  lab.submitAll(run.join('\n'));
}

/** After the first paint, in a task of its own. */
const afterPaint = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
const nextTask = () => new Promise((resolve) => setTimeout(resolve));

/** ?lesson=<id>: the lessons chunk loads after the first paint and the lesson's world opens in
 * a task of its own, so the page shows at once and no single task holds it up (the chunk is
 * mostly text). Null, with a notice, for a lesson that does not exist. */
export async function openLesson(lab: Lab, id: string): Promise<LessonRun | null> {
  await afterPaint();
  let loaded: typeof import('./lesson-loader.ts');
  try {
    loaded = await import('./lesson-loader.ts');
  } catch {
    lab.open(lab.scenario.id);
    lab.notice('The lessons could not be loaded. Reload the page to try again.');
    return null;
  }
  const { catalog, loadLesson, LessonRun, loadProgress, learnerId, drawFault, faultAttempt } =
    loaded;
  if (!catalog.some((l) => l.id === id)) {
    lab.open(lab.scenario.id);
    lab.notice(`There is no lesson "${id}". The lessons: ${catalog.map((l) => l.id).join(', ')}.`);
    return null;
  }
  let found: Lesson | null;
  try {
    found = await loadLesson(id);
  } catch {
    found = null;
  }
  if (found === null) {
    lab.open(lab.scenario.id);
    lab.notice('The lesson could not be loaded. Reload the page to try again.');
    return null;
  }
  await nextTask();
  const learner = learnerId();
  // A diagnosis lesson: this attempt's fault of its pool.
  const lesson = drawFault(found, learner, faultAttempt(found.id));
  const saved = loadProgress();
  const run = new LessonRun(lab, catalog, lesson, saved.progress, { learner });
  run.resume();
  if (saved.notice) lab.notice(saved.notice);
  // The lesson's world starts with a fresh transcript: a refusal said before (the learner's
  // id could not be kept, with storage full) is said again in it.
  if (storageRefused()) lab.notice(STORAGE_TROUBLE);
  // The world opened in this task (the path and the terminal redraw); the lesson's panel
  // renders in the next one, so that neither holds the page up for long.
  await nextTask();
  return run;
}
