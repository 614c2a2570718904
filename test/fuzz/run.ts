// `npm run fuzz -- [--cases N] [--seed S] [--target NAME]`: runs every fuzz target (or one)
// for N generated cases each (default 10,000) and prints a line per target; exits 1 with the
// shrunk counterexample and the seed to replay it when a claim fails.
import fc from 'fast-check';
import { loadTargets } from './targets.ts';

interface FuzzArgs {
  cases: number;
  seed: number;
  target: string | null;
}

function parseArgs(argv: readonly string[]): FuzzArgs {
  const args: FuzzArgs = { cases: 10_000, seed: Date.now() % 2 ** 31, target: null };
  for (let i = 0; i < argv.length; i++) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (flag === '--cases' && value && /^\d+$/.test(value)) args.cases = Number(value);
    else if (flag === '--seed' && value && /^-?\d+$/.test(value)) args.seed = Number(value);
    else if (flag === '--target' && value) args.target = value;
    else {
      process.stderr.write(`fuzz: unknown or incomplete option ${flag}\n`);
      process.stderr.write('usage: npm run fuzz -- [--cases N] [--seed S] [--target NAME]\n');
      process.exit(2);
    }
    i++;
  }
  return args;
}

const args = parseArgs(process.argv.slice(2));
const targets = (await loadTargets()).filter((t) => args.target === null || t.name === args.target);
if (targets.length === 0) {
  process.stderr.write(`fuzz: no target named ${args.target}\n`);
  process.exit(2);
}

let failures = 0;
for (const target of targets) {
  const started = performance.now();
  const result = await fc.check(target.property(), { numRuns: args.cases, seed: args.seed });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (result.failed) {
    failures++;
    console.log(
      `${target.name}: FAILED after ${result.numRuns} cases (${seconds} s, seed ${args.seed})`,
    );
    console.log(fc.defaultReportMessage(result));
    if (result.errorInstance instanceof Error) console.log(result.errorInstance.message);
  } else {
    console.log(
      `${target.name}: ${result.numRuns} cases, 0 failures (${seconds} s, seed ${args.seed}): ${target.claim}`,
    );
  }
}
process.exit(failures > 0 ? 1 : 0);
