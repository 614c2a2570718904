// The fuzz targets of `npm run fuzz`, a bounded number of cases each, on every test run.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadTargets } from '../fuzz/targets.ts';

const CASES = Number(process.env.FUZZ_CASES ?? 300);
const targets = await loadTargets();

describe('fuzz targets (bounded)', () => {
  it('finds the targets', () => {
    expect(targets.length).toBeGreaterThan(0);
  });
  it.each(targets.map((t) => [t.name, t] as const))(
    '%s',
    async (_name, target) => {
      await fc.assert(target.property(), { numRuns: CASES });
    },
    120_000,
  );
});
