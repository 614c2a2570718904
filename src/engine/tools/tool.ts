// What every simulated command-line tool is given and gives back.
import type { Simulation } from '../world/simulation.ts';
import type { World } from '../world/world.ts';

export interface ToolIo {
  /** One line of the tool's output (stdout and stderr share the terminal). */
  print(line: string): void;
  /** Virtual time passes while the tool waits (the terminal shows it and moves on). */
  wait(ms: number): void;
}

export interface ToolContext {
  /** The running world: virtual time, the trace, the servers. */
  readonly sim: Simulation;
  readonly world: World;
  readonly io: ToolIo;
  /** The wall-clock date at this virtual instant (dig's WHEN, Date: headers). */
  readonly now: () => Date;
}

/** A tool still running after its command line: it takes what the learner types next. */
export interface RunningTool {
  input(line: string): void;
  /** The learner pressed Ctrl-C (or Ctrl-]): stop now. */
  interrupt(): void;
  /** Ctrl-D: the end of what the learner types (curl -T - reads up to it). */
  endOfInput?(): void;
  /** Ctrl-]: telnet's escape character, to its command prompt. */
  escape?(): void;
  readonly finished: boolean;
  /** Once finished, what it exits with. */
  readonly exitStatus: number | null;
}

/** Runs a tool from its argv (without the tool's own name): still running, or its exit
 * status when it already finished. */
export type Tool = (args: readonly string[], context: ToolContext) => RunningTool | number;
