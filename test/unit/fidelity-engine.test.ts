// Every shared fidelity case replayed against the engine: each reply's code, enhanced code
// and full text (queue ids aside), and who closes the connection, as real Postfix did.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCaseSpecs } from '../tools/fidelity/case-spec.ts';
import { compareCase, type ComparableCase } from '../tools/fidelity/compare-case.ts';
import { casesDir, specsDir } from '../tools/fidelity/paths.ts';
import { replayOnEngine } from '../tools/fidelity/engine-connection.ts';
import { profileForPort } from '../tools/fidelity/profile-for-port.ts';

const specs = loadCaseSpecs(specsDir);

describe('fidelity: the engine answers like Postfix 3.7', () => {
  it('has the shared cases to replay', () => {
    expect(specs.length).toBeGreaterThan(50);
  });
  it.each(specs.map((s) => [s.id, s] as const))('%s', (id, spec) => {
    const reference = JSON.parse(
      readFileSync(path.join(casesDir, `${id}.json`), 'utf8'),
    ) as ComparableCase;
    const candidate = replayOnEngine(spec, profileForPort(spec.meta.port));
    const result = compareCase(reference, candidate);
    expect(result.differences).toEqual([]);
    expect(result.passed).toBe(true);
  });
});
