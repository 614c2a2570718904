// A shell in one of the scenario files (or in a world a test builds), with its output
// collected as the terminal shows it.
import { loadScenarios } from '../../src/adapters/cli/scenario-files.ts';
import { Shell, type ShellOutput } from '../../src/engine/tools/shell.ts';
import { referenceWorld } from '../../src/engine/world/reference-world.ts';
import type { World } from '../../src/engine/world/world.ts';

const scenarios = loadScenarios();

export function shellIn(scenario: string | World, startedAt?: number) {
  const outputs: ShellOutput[] = [];
  const world = typeof scenario === 'string' ? referenceWorld(scenarios.get(scenario)) : scenario;
  const shell = new Shell(world, (o) => outputs.push(o), startedAt);
  /** Printed lines, with virtual waits as the terminal shows them: "(133 s pass)". */
  const lines = () =>
    outputs.flatMap((o) =>
      o.kind === 'line' ? [o.text] : o.kind === 'wait' ? [`(${o.ms / 1000} s pass)`] : [],
    );
  return { shell, outputs, lines };
}
