// Compares a recorded exchange with the reference, as capture/compare.py does: reply by
// reply (code, enhanced code, full text with queue ids normalised) and who closed the
// connection. Racy cases pass when the code sequence equals any recorded outcome.

export interface ComparableReply {
  readonly code: number | null;
  readonly enhanced: string | null;
  readonly lines: readonly string[];
}

export interface ComparableCase {
  readonly steps?: ReadonlyArray<{ readonly replies?: readonly ComparableReply[] | null }>;
  readonly end?: { readonly closed_by?: string } | null;
  readonly reply_codes?: readonly string[];
  readonly repeat_outcomes?: {
    readonly distinct?: ReadonlyArray<{ readonly reply_codes?: readonly string[] }>;
  };
}

export interface CaseComparison {
  /** compare.py's verdict: every code and enhanced code, no extra reply, same closer. */
  readonly passed: boolean;
  /** passed, and every reply's text equal too. */
  readonly exact: boolean;
  readonly total: number;
  readonly codes: number;
  readonly enhanced: number;
  readonly text: number;
  readonly extra: number;
  readonly closedBy: { readonly want: string | undefined; readonly got: string | undefined };
  /** Human-readable differences, one per reply that differs (or a missing/extra reply). */
  readonly differences: string[];
}

const QUEUED = /queued as [0-9A-Za-z]+/g;
export const normaliseText = (line: string) => line.replace(QUEUED, 'queued as QID');

export function repliesOf(c: ComparableCase): ComparableReply[] {
  return (c.steps ?? []).flatMap((s) => s.replies ?? []);
}

export function compareCase(ref: ComparableCase, cand: ComparableCase): CaseComparison {
  const want = repliesOf(ref);
  const got = repliesOf(cand);
  let codes = 0;
  let enhanced = 0;
  let text = 0;
  const differences: string[] = [];
  want.forEach((r, i) => {
    const c = got[i];
    const okCode = c !== undefined && c.code === r.code;
    const okEnh = c !== undefined && c.enhanced === r.enhanced;
    const okText =
      c !== undefined &&
      c.lines.length === r.lines.length &&
      c.lines.every((ln, k) => normaliseText(ln) === normaliseText(r.lines[k]));
    codes += Number(okCode);
    enhanced += Number(okEnh);
    text += Number(okText);
    if (!okText) {
      differences.push(
        `reply ${i}: want ${JSON.stringify(r.lines)} got ${c ? JSON.stringify(c.lines) : 'nothing'}`,
      );
    }
  });
  const extra = got.length - want.length;
  for (const c of got.slice(want.length))
    differences.push(`extra reply: ${JSON.stringify(c.lines)}`);
  const closedBy = { want: ref.end?.closed_by, got: cand.end?.closed_by };
  if (closedBy.want !== closedBy.got)
    differences.push(`closed by: want ${closedBy.want} got ${closedBy.got}`);

  const n = want.length;
  let passed = codes === n && enhanced === n && extra === 0 && closedBy.want === closedBy.got;
  let exact = passed && text === n;
  const outcomes = ref.repeat_outcomes?.distinct;
  if (!passed && outcomes) {
    const seq = JSON.stringify(cand.reply_codes ?? []);
    passed = outcomes.some((o) => JSON.stringify(o.reply_codes ?? []) === seq);
    exact = passed; // a racy outcome is only recorded by its codes
  }
  return { passed, exact, total: n, codes, enhanced, text, extra, closedBy, differences };
}

/** compare.py's closing line. */
export function fidelityFigure(results: readonly CaseComparison[]): string {
  const sum = (k: 'total' | 'codes' | 'enhanced' | 'text') => results.reduce((a, r) => a + r[k], 0);
  const total = sum('total');
  const pct = (k: 'codes' | 'enhanced' | 'text') =>
    total ? ((100 * sum(k)) / total).toFixed(1) : '0.0';
  const passed = results.filter((r) => r.passed).length;
  return `fidelity: cases ${passed}/${results.length} passed, codes ${pct('codes')}%, enhanced ${pct('enhanced')}%, exact text ${pct('text')}%`;
}
