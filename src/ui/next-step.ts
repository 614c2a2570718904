// The hint ladder's last step: the next line of the lesson's reference solution that fits where
// the learner is now. The solution and what was typed are both cut into runs: a command at the
// prompt and the lines typed to the tool it started (a telnet session's EHLO, MAIL, ..., QUIT).
// A run of the solution is done when the learner ran the same command and typed its lines, in
// order, into that one session. Inside a session only that session's lines are offered; at the
// prompt only commands: never a shell command into telnet, never EHLO at the `$`.
import type { TypedStep } from './lab.svelte.ts';

export type NextStep =
  /** Put this line in the input: a command (atPrompt) or a line for the running tool. */
  | { readonly kind: 'line'; readonly line: string; readonly atPrompt: boolean }
  /** The running tool is not the one the next step needs: end it first (with this line, for an
   * SMTP session, or Ctrl+C when line is null). */
  | { readonly kind: 'leave'; readonly line: string | null }
  /** Every run of the solution has been typed. */
  | { readonly kind: 'done' };

interface Run {
  readonly command: string;
  readonly lines: readonly string[];
}

/** Tools whose session takes SMTP commands: QUIT ends them politely (RFC 5321 §4.1.1.10). */
const SMTP_SESSION = /^(telnet|nc|netcat|openssl)\b/;

function runs(steps: readonly TypedStep[]): Run[] {
  const out: { command: string; lines: string[] }[] = [];
  for (const step of steps) {
    if (step.atPrompt) out.push({ command: step.line, lines: [] });
    else out.at(-1)?.lines.push(step.line);
  }
  return out;
}

const words = (line: string) => line.trim().replace(/\s+/g, ' ');

/** Two session lines do the same step: the same SMTP command (EHLO with any name, other
 * commands with the same arguments, without regard to case), or the same text. */
function sameLine(a: string, b: string): boolean {
  const [x, y] = [words(a).toUpperCase(), words(b).toUpperCase()];
  const verb = /^(EHLO|HELO)\b/;
  return x === y || (verb.test(x) && verb.exec(x)?.[1] === verb.exec(y)?.[1]);
}

/** How many of the solution's session lines the learner's session has typed, in order. The
 * message between DATA and its final dot is the learner's own: once they have written a line
 * of it, the dot that ends it (RFC 5321 §4.1.1.4) is what comes next. */
function matched(solution: readonly string[], typed: readonly string[]): number {
  let i = 0;
  let inData = false;
  for (const line of typed) {
    if (i >= solution.length) break;
    if (inData) {
      if (line === '.') {
        while (i < solution.length && solution[i] !== '.') i++;
        if (i < solution.length) i++;
        inData = false;
      } else while (i < solution.length && solution[i] !== '.') i++;
      continue;
    }
    if (sameLine(line, solution[i]!)) {
      inData = /^DATA$/i.test(line.trim());
      i++;
    }
  }
  return i;
}

export function nextStep(
  solution: readonly TypedStep[],
  typed: readonly TypedStep[],
  busy: boolean,
): NextStep {
  const wanted = runs(solution);
  const mine = runs(typed);
  // The solution's runs done in order: each by a session of the learner's after the last.
  let next = 0;
  for (let from = 0; next < wanted.length; next++) {
    const run = wanted[next]!;
    const found = mine.findIndex(
      (m, j) =>
        j >= from &&
        words(m.command) === words(run.command) &&
        matched(run.lines, m.lines) === run.lines.length,
    );
    if (found === -1) break;
    from = found + 1;
  }
  if (!busy) {
    const run = wanted[next];
    return run ? { kind: 'line', line: run.command, atPrompt: true } : { kind: 'done' };
  }
  // A tool is running: the next line of the first unfinished run it is the session of.
  const current = mine.at(-1);
  for (const run of wanted.slice(next)) {
    if (!current || words(current.command) !== words(run.command)) continue;
    const done = matched(run.lines, current.lines);
    if (done < run.lines.length) return { kind: 'line', line: run.lines[done]!, atPrompt: false };
  }
  return { kind: 'leave', line: SMTP_SESSION.test(current?.command.trim() ?? '') ? 'QUIT' : null };
}
