// What a fuzz target is: a fast-check property over hostile input that `npm run fuzz` runs
// N times from the command line and test/unit/fuzz.test.ts runs a bounded number of times.
// Each `test/fuzz/*.fuzz.ts` file default-exports one target.
import type fc from 'fast-check';

export interface FuzzTarget {
  /** Short and unique: "engine", "shell". */
  readonly name: string;
  /** What must hold for every generated case, in one sentence. */
  readonly claim: string;
  /** A fresh property each call (fast-check properties keep state between runs). */
  property(): fc.IRawProperty<unknown>;
}
