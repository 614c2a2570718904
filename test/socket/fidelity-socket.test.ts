// Every recorded Postfix exchange (shared/fidelity) replayed through a real loopback socket
// against the TCP adapter, compared reply by reply like capture/compare.py — plus full text.
// Cases are independent and several wait on purpose (m047 ~12 s, h310/t202 5 s), so they
// all start at once in beforeAll and each test awaits its own.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCaseSpecs, type CaseSpec } from '../tools/fidelity/case-spec.ts';
import {
  compareCase,
  fidelityFigure,
  repliesOf,
  type CaseComparison,
  type ComparableCase,
  type ComparableReply,
} from '../tools/fidelity/compare-case.ts';
import { casesDir, specsDir } from '../tools/fidelity/paths.ts';
import { replayCase, type RecordedCase } from '../tools/fidelity/replay-case.ts';
import { startReferenceServers, type ReferenceServers } from './reference-servers.ts';

const specs = loadCaseSpecs(specsDir);
const reference = (id: string): ComparableCase =>
  JSON.parse(readFileSync(path.join(casesDir, `${id}.json`), 'utf8'));

let servers: ReferenceServers;
const runs = new Map<string, Promise<RecordedCase>>();
const comparisons = new Map<string, CaseComparison>();

beforeAll(async () => {
  servers = await startReferenceServers();
  for (const spec of specs)
    runs.set(spec.id, replayCase(spec, servers.target(spec.meta.host, spec.meta.port)));
});

afterAll(async () => {
  await Promise.allSettled(runs.values());
  await servers?.close();
  const ipv6 = servers?.ipv6 ? 'with' : 'without';
  if (comparisons.size) {
    console.info(
      `over the socket (${ipv6} IPv6 loopback): ${fidelityFigure([...comparisons.values()])}`,
    );
  }
});

describe('fidelity over a real socket', () => {
  it('has the corpus', () => {
    expect(specs.length).toBeGreaterThan(0);
  });

  it.each(specs.map((s) => [s.id, s] as [string, CaseSpec]))(
    '%s',
    { timeout: 40_000 },
    async (id, spec) => {
      const got = await runs.get(id)!;
      const want = reference(id);
      const result = compareCase(want, got);
      comparisons.set(id, result);
      const context = { id, description: spec.meta.description, transcript: got.transcript };
      expect(result.differences, JSON.stringify(context, null, 1)).toEqual([]);
      expect(result.passed).toBe(true);
    },
  );
});

// The delays the README calls deliberate: real seconds over a real socket.
describe('deliberate delays over a real socket', () => {
  const delayed = [
    ['h310-idle-timeout', 'smtpd_timeout=5s: 421 4.4.2 after 5 s of silence'],
    ['m047-too-many-errors', 'smtpd_error_sleep_time=1s after smtpd_soft_error_limit=10'],
    ['s113-auth-wrong-then-right', 'Dovecot auth_failure_delay before 535 5.7.8'],
  ] as const;

  it.each(delayed)('%s (%s)', { timeout: 40_000 }, async (id) => {
    const got = await runs.get(id)!;
    const want = repliesOf(reference(id)) as Array<ComparableReply & { elapsed_ms: number }>;
    const mine = got.steps.flatMap((s) => s.replies ?? []);
    const waited = want.flatMap((r, i) =>
      r.elapsed_ms >= 900 ? [[i, r.elapsed_ms] as const] : [],
    );
    expect(waited.length).toBeGreaterThan(0);
    for (const [i, ms] of waited) {
      expect(mine[i]?.elapsed_ms, `reply ${i} of ${id}`).toBeGreaterThanOrEqual(ms * 0.8);
      expect(mine[i]?.elapsed_ms, `reply ${i} of ${id}`).toBeLessThan(ms + 2000);
    }
  });
});
