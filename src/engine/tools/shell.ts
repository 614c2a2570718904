// The learner's shell: a command line runs a tool; while a tool runs (telnet connected),
// typed lines go to it. Output and virtual waits go to one listener, in order.
import { SimulatedClock } from 'xstate';
import type { TraceEvent, Traced } from '../world/trace.ts';
import type { World } from '../world/world.ts';
import { dig } from './dig.ts';
import { nc } from './nc.ts';
import { nslookup } from './nslookup.ts';
import { BUILTINS } from './shell-builtins.ts';
import { telnet } from './telnet.ts';
import { traceroute } from './traceroute.ts';
import type { RunningTool, Tool } from './tool.ts';

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
  traceroute,
};

/** Words of a command line, honouring single and double quotes. */
export function splitWords(line: string): string[] {
  const words: string[] = [];
  for (const m of line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) words.push(m[1] ?? m[2] ?? m[3]!);
  return words;
}

export class Shell {
  readonly #world: World;
  readonly #emit: (output: ShellOutput) => void;
  #running: RunningTool | null = null;
  readonly #clock = new SimulatedClock();
  readonly #startedAt: number;
  #connections = 0;
  /** Lines typed at the prompt, for `history` (not those typed to a running tool). */
  readonly #history: string[] = [];

  constructor(world: World, onOutput: (output: ShellOutput) => void, startedAt = Date.now()) {
    this.#startedAt = startedAt;
    this.#world = world;
    this.#emit = onOutput;
  }

  /** True while a tool takes the typed lines (the prompt is hidden then). */
  get busy(): boolean {
    return this.#running !== null && !this.#running.finished;
  }

  run(line: string): void {
    if (this.busy) {
      this.#running!.input(line);
      return;
    }
    if (line.trim() !== '') this.#history.push(line);
    const [name, ...args] = splitWords(line);
    if (name === undefined) return;
    const builtin = BUILTINS[name];
    if (builtin !== undefined) {
      builtin(args, {
        print: (text) => this.#emit({ kind: 'line', text }),
        clear: () => this.#emit({ kind: 'clear' }),
        history: this.#history,
      });
      return;
    }
    const tool = TOOLS[name];
    if (tool === undefined) {
      this.#emit({ kind: 'line', text: `bash: ${name}: command not found` });
      return;
    }
    const io = {
      print: (text: string) => this.#emit({ kind: 'line', text }),
      wait: (ms: number) => {
        this.#emit({ kind: 'wait', ms });
        this.#clock.increment(ms);
      },
      trace: (event: TraceEvent) => this.#emit({ kind: 'trace', at: this.#clock.now(), event }),
    };
    const now = () => new Date(this.#startedAt + this.#clock.now());
    const context = {
      world: this.#world,
      io,
      clock: this.#clock,
      now,
      attempt: this.#connections++,
    };
    this.#running = tool(args, context);
  }

  /** Ctrl-C: stop the running tool. */
  interrupt(): void {
    if (this.busy) this.#running!.interrupt();
  }
}
