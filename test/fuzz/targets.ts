// Every fuzz target under test/fuzz, found by file name (one `*.fuzz.ts` file per target),
// for both the command-line runner and the bounded Vitest run.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { FuzzTarget } from './fuzz-target.ts';

const here = dirname(fileURLToPath(import.meta.url));

export async function loadTargets(): Promise<FuzzTarget[]> {
  const files = readdirSync(here).filter((f) => f.endsWith('.fuzz.ts'));
  const targets = await Promise.all(
    files.map(async (f) => {
      const module = (await import(pathToFileURL(join(here, f)).href)) as { default: FuzzTarget };
      return module.default;
    }),
  );
  return targets.sort((a, b) => a.name.localeCompare(b.name));
}
