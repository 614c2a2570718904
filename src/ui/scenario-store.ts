// Scenarios a learner or trainer built in the editor, kept in the browser (localStorage, a
// versioned record of scenario data as the files hold it), exported and imported as JSON.
import { browserStorage, readStored, writeStored } from './browser-storage.ts';
import { parseScenarioData, type Scenario } from '../engine/world/scenario.ts';

const KEY = 'port25lab.scenarios';
const VERSION = 1;
const FILE_KIND = 'port25-lab-scenario';

/** Checks scenario data the way the build checks a file; throws "scenario: field: problem". */
export const checkScenario = (data: unknown): Scenario => parseScenarioData(data, 'scenario');

export function loadSavedScenarios(): {
  scenarios: Record<string, unknown>[];
  notice: string | null;
} {
  try {
    const raw = readStored(browserStorage(), KEY);
    if (raw === null) return { scenarios: [], notice: null };
    const data = JSON.parse(raw) as { version?: unknown; scenarios?: unknown };
    if (data.version === VERSION && Array.isArray(data.scenarios)) {
      const ids = new Set<unknown>();
      const good = data.scenarios.filter((s) => {
        try {
          checkScenario(s);
        } catch {
          return false;
        }
        // The editor keys its list by id: a second scenario with the same id is left out.
        const id = (s as { id?: unknown }).id;
        if (ids.has(id)) return false;
        ids.add(id);
        return true;
      }) as Record<string, unknown>[];
      const dropped = data.scenarios.length - good.length;
      return {
        scenarios: good,
        notice:
          dropped > 0 ? `${dropped} saved scenario(s) could not be read and were left out.` : null,
      };
    }
  } catch {
    // unreadable: below
  }
  return {
    scenarios: [],
    notice: 'Your saved scenarios could not be read; the list starts afresh.',
  };
}

/** true when written; false when the browser refused (full or disabled storage). */
export function saveScenarios(scenarios: readonly Record<string, unknown>[]): boolean {
  return writeStored(browserStorage(), KEY, JSON.stringify({ version: VERSION, scenarios }));
}

export function scenarioFile(data: Record<string, unknown>): string {
  return `${JSON.stringify({ kind: FILE_KIND, version: VERSION, scenario: data }, null, 2)}\n`;
}

/** Reads an exported scenario file; throws an Error that says what is wrong with it. */
export function readScenarioFile(text: string): Record<string, unknown> {
  let data: { kind?: unknown; version?: unknown; scenario?: unknown };
  try {
    data = JSON.parse(text) as typeof data;
  } catch {
    throw new Error('This file is not JSON, so it is not a scenario exported by the lab.');
  }
  if (typeof data !== 'object' || data === null || data.kind !== FILE_KIND)
    throw new Error('This JSON file is not a scenario exported by Port 25 Lab.');
  if (data.version !== VERSION)
    throw new Error('This scenario file comes from another version of the lab.');
  try {
    checkScenario(data.scenario);
  } catch (error) {
    throw new Error(
      `This scenario is not valid: ${(error as Error).message.replace(/^scenario: /, '')}`,
      {
        cause: error,
      },
    );
  }
  return data.scenario as Record<string, unknown>;
}
