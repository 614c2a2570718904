// Reads lessons/scenarios/*.json from disk and checks each (Node hosts: the terminal
// edition, the tests, the build's validation step).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseScenario, ScenarioError, type Scenario } from '../../engine/world/scenario.ts';

export const scenariosDir = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../lessons/scenarios',
);

export function loadScenarios(dir = scenariosDir): Map<string, Scenario> {
  const scenarios = new Map<string, Scenario>();
  for (const [file, data] of readScenarioData(dir)) {
    const scenario = parseScenario(data, file);
    scenarios.set(scenario.id, scenario);
  }
  return scenarios;
}

/** Each scenario file's JSON, unchecked, by its path (lessons vary a scenario's data). */
export function readScenarioData(dir = scenariosDir): Map<string, unknown> {
  const files = new Map<string, unknown>();
  for (const name of readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const file = path.join('lessons/scenarios', name);
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(path.join(dir, name), 'utf8'));
    } catch (error) {
      throw new ScenarioError(file, '(file)', `is not valid JSON: ${(error as Error).message}`);
    }
    files.set(file, data);
  }
  return files;
}
