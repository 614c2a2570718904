// What every simulated command-line tool is given and gives back.
import type { World } from '../world/world.ts';
import type { TraceEvent } from '../world/trace.ts';
import type { Clock } from '../smtp/session.ts';

export interface ToolIo {
  /** One line of the tool's output (stdout and stderr share the terminal). */
  print(line: string): void;
  /** Virtual time passes (the terminal shows it and moves on). */
  wait(ms: number): void;
  /** What happened in the world, for the path diagram, the logs and the lesson checks. */
  trace(event: TraceEvent): void;
}

export interface ToolContext {
  readonly world: World;
  readonly io: ToolIo;
  /** Virtual time, shared by every server the tool talks to. */
  readonly clock: Clock;
  /** The wall-clock date at this virtual instant (dig's WHEN, Received: headers). */
  readonly now: () => Date;
  /** How many connections the laptop has made so far (a throttling hop counts them). */
  readonly attempt: number;
}

/** A tool still running after its command line: it takes what the learner types next. */
export interface RunningTool {
  input(line: string): void;
  /** The learner pressed Ctrl-C (or Ctrl-]): stop now. */
  interrupt(): void;
  readonly finished: boolean;
}

/** Runs a tool from its argv (without the tool's own name); null when it already finished. */
export type Tool = (args: readonly string[], context: ToolContext) => RunningTool | null;
