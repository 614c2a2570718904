// Node twin of capture/capture.py + compare.py: replays the fidelity case scripts against
// running servers, optionally writes the recorded JSON, and prints compare.py's figure line.
//
//   npx tsx test/tools/replay-fidelity.ts --port-map 25=12025,587=12587,465=12465,2525=12525 \
//       [--host 127.0.0.1] [--out DIR] [--verbose] [CASE_ID ...]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadCaseSpecs } from './fidelity/case-spec.ts';
import { compareCase, fidelityFigure } from './fidelity/compare-case.ts';
import { casesDir, specsDir } from './fidelity/paths.ts';
import { replayCase } from './fidelity/replay-case.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    'port-map': { type: 'string', default: '' },
    host: { type: 'string' },
    out: { type: 'string' },
    verbose: { type: 'boolean', default: false },
  },
});
const portMap = new Map(
  values['port-map']
    .split(',')
    .filter(Boolean)
    .map((kv) => kv.split('=').map(Number) as [number, number]),
);
const specs = loadCaseSpecs(specsDir).filter(
  (s) => positionals.length === 0 || positionals.includes(s.id),
);
if (values.out) mkdirSync(values.out, { recursive: true });

// Cases are independent: run them all at once (the slow ones wait on purpose).
const recorded = await Promise.all(
  specs.map((s) =>
    replayCase(s, {
      host: values.host ?? s.meta.host,
      port: portMap.get(s.meta.port) ?? s.meta.port,
    }),
  ),
);
const results = recorded.map((got) => {
  const want = JSON.parse(readFileSync(path.join(casesDir, `${got.id}.json`), 'utf8'));
  const result = compareCase(want, got);
  if (values.out)
    writeFileSync(path.join(values.out, `${got.id}.json`), `${JSON.stringify(got, null, 1)}\n`);
  if (!result.exact) {
    console.log(`${result.passed ? 'TEXT' : 'FAIL'} ${got.id}`);
    if (values.verbose) for (const d of result.differences) console.log(`   ${d}`);
  }
  return result;
});
console.log(fidelityFigure(results));
