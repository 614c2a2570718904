// The learner's shell: a command line runs a tool; while a tool runs (telnet connected),
// typed lines go to it. Output and virtual waits go to one listener, in order.
import { Simulation } from '../world/simulation.ts';
import type { Traced } from '../world/trace.ts';
import type { World } from '../world/world.ts';
import { curl } from './curl.ts';
import { dig } from './dig.ts';
import { nc } from './nc.ts';
import { nslookup } from './nslookup.ts';
import { host } from './host.ts';
import { openssl } from './openssl.ts';
import { swaks } from './swaks.ts';
import { BUILTINS } from './shell-builtins.ts';
import { telnet } from './telnet.ts';
import { traceroute } from './traceroute.ts';
import type { RunningTool, Tool } from './tool.ts';
import { own } from '../own.ts';
import { MAX_INPUT_LINE } from './input-limits.ts';
import { ShellHistory } from './shell-history.ts';
import type { QuizDesk } from '../lessons/quiz.ts';

export interface ShellOptions {
  /** A lesson's commands; the others answer "not available in this lesson". */
  readonly tools?: readonly string[];
  /** A lesson's quiz, for `answer` (none: there is nothing to answer). */
  readonly quiz?: QuizDesk;
}

const ALWAYS_ALLOWED = ['help', 'man', 'clear', 'history', 'answer'];

/** The shell commands that look at the world or move its time: traced like tools. */
const TRACED_BUILTINS: ReadonlySet<string> = new Set(['logs', 'eavesdrop', 'mailbox', 'sleep']);

export type ShellOutput =
  | { readonly kind: 'line'; readonly text: string }
  /** Virtual time passed: the UI shows "(133 s pass)" and moves on. */
  | { readonly kind: 'wait'; readonly ms: number }
  | ({ readonly kind: 'trace' } & Traced)
  /** `clear`: the terminal wipes the screen. */
  | { readonly kind: 'clear' };

const TOOLS: Readonly<Record<string, Tool>> = {
  telnet,
  nc,
  netcat: nc,
  dig,
  nslookup,
  host,
  swaks,
  traceroute,
  openssl,
  curl,
};

/** Every command the shell knows: its tools and its own commands. */
export const commandNames = (): string[] =>
  [...Object.keys(TOOLS), ...Object.keys(BUILTINS)].sort();

/** Words of a command line, honouring single and double quotes. */
export function splitWords(line: string): string[] {
  const words: string[] = [];
  for (const m of line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) words.push(m[1] ?? m[2] ?? m[3]!);
  return words;
}

export class Shell {
  readonly sim: Simulation;
  readonly #emit: (output: ShellOutput) => void;
  #running: { tool: string; process: RunningTool } | null = null;
  #lastStatus = 0;
  #toldHorizon = false;
  /** Lines typed at the prompt, for `history` (not those typed to a running tool). */
  readonly #history = new ShellHistory();

  /** The commands a lesson lets the learner run (null: all); help, man, clear, history and
   * answer always work. */
  readonly #allowed: ReadonlySet<string> | null;
  readonly #quiz: QuizDesk | null;

  constructor(
    world: World,
    onOutput: (output: ShellOutput) => void,
    startedAt = Date.now(),
    options: ShellOptions = {},
  ) {
    this.#emit = onOutput;
    this.#allowed = options.tools ? new Set([...options.tools, ...ALWAYS_ALLOWED]) : null;
    this.#quiz = options.quiz ?? null;
    this.sim = new Simulation(world, (traced) => onOutput({ kind: 'trace', ...traced }), startedAt);
  }

  /** True while a tool takes the typed lines (the prompt is hidden then). */
  get busy(): boolean {
    return this.#running !== null && !this.#running.process.finished;
  }

  /** The exit status of the last tool that finished ($?). */
  get lastStatus(): number {
    return this.#lastStatus;
  }

  run(typed: string): void {
    // At the prompt a newline ends a line, as it does in a terminal: "a\nb" is two lines,
    // "a\n" one. A running tool takes several lines at once as one read (a pipe's chunk).
    if (!this.busy && typed.includes('\n')) {
      const lines = typed.split('\n');
      if (lines.at(-1) === '') lines.pop();
      for (const line of lines) this.run(line);
      return;
    }
    // A terminal's line discipline keeps at most 4095 characters of a line (n_tty), for the
    // shell and for a tool reading the terminal alike.
    const line = typed.length > MAX_INPUT_LINE ? typed.slice(0, MAX_INPUT_LINE) : typed;
    if (this.busy) this.#running!.process.input(line);
    else this.#start(line);
    this.#afterInput();
  }

  /** When a tool has finished: its exit status, and the background work due within seconds
   * (a relay onward) before the prompt returns. */
  #afterInput(): void {
    if (this.#running !== null && this.#running.process.finished) {
      this.#exited(this.#running.tool, this.#running.process.exitStatus ?? 0);
      this.#running = null;
    }
    if (!this.busy) this.sim.settle();
  }

  #exited(tool: string, status: number): void {
    this.#lastStatus = status;
    this.sim.trace({ type: 'tool.exit', tool, status });
  }

  #start(line: string): void {
    if (line.trim() !== '') this.#history.add(line);
    const [name, ...args] = splitWords(line);
    if (name === undefined) return;
    if (
      this.#allowed !== null &&
      !this.#allowed.has(name) &&
      (Object.hasOwn(TOOLS, name) || Object.hasOwn(BUILTINS, name))
    ) {
      this.#emit({ kind: 'line', text: `bash: ${name}: not available in this lesson` });
      this.#lastStatus = 127;
      return;
    }
    const builtin = own(BUILTINS, name);
    if (builtin !== undefined) {
      // What the learner looked at counts too (a lesson goal: "looked at the MX's log").
      if (TRACED_BUILTINS.has(name)) this.sim.trace({ type: 'tool.run', tool: name, args });
      builtin(args, {
        print: (text) => this.#emit({ kind: 'line', text }),
        clear: () => this.#emit({ kind: 'clear' }),
        history: this.#history,
        wait: (ms) => this.#pass(ms),
        lastStatus: this.#lastStatus,
        sim: this.sim,
        quiz: this.#quiz,
      });
      return;
    }
    const tool = own(TOOLS, name);

    if (tool === undefined) {
      this.#emit({ kind: 'line', text: `bash: ${name}: command not found` });
      this.#lastStatus = 127;
      return;
    }
    const io = {
      print: (text: string) => this.#emit({ kind: 'line', text }),
      wait: (ms: number) => this.#pass(ms),
    };
    this.sim.trace({ type: 'tool.run', tool: name, args });
    let started: ReturnType<Tool>;
    try {
      started = tool(args, { sim: this.sim, world: this.sim.world, io, now: () => this.sim.now() });
    } catch (error) {
      // A fault in a simulated tool ends that command only, never the terminal.
      const reason = error instanceof Error ? error.message : String(error);
      this.#emit({ kind: 'line', text: `${name}: internal error in Port 25 Lab: ${reason}` });
      this.#exited(name, 70); // EX_SOFTWARE
      return;
    }
    if (typeof started === 'number') this.#exited(name, started);
    else this.#running = { tool: name, process: started };
  }

  /** Virtual time passes for a tool, up to the world's horizon (said once). */
  #pass(ms: number): void {
    const passed = Math.min(ms, this.sim.timeLeft);
    if (passed < ms && !this.#toldHorizon) {
      this.#toldHorizon = true;
      this.#emit({
        kind: 'line',
        text: "(the lab's clock stops a hundred years after the world began: the rest of this wait is skipped)",
      });
    }
    if (!(passed > 0)) return;
    this.#emit({ kind: 'wait', ms: passed });
    this.sim.advance(passed);
  }

  /** Ctrl-C: stop the running tool. */
  interrupt(): void {
    if (this.busy) this.#running!.process.interrupt();
    this.#afterInput();
  }

  /** Ctrl-]: telnet's escape to its command prompt (other tools take it as nothing). */
  escape(): void {
    if (this.busy) this.#running!.process.escape?.();
    this.#afterInput();
  }

  /** Ctrl-D: end of input for the running tool (curl -T - stops reading). */
  endOfInput(): void {
    if (this.busy) this.#running!.process.endOfInput?.();
    this.#afterInput();
  }
}
