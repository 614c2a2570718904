// Runs the server statechart (server.machine.ts) from tables compiled out of it once, at
// load: for each region's state and each event, the transitions XState would consider, in
// its order (the state's own, then its region's; exact event, then "*"). Guards and actions
// are the same pure functions XState calls (server-steps.ts). The chart stays the one
// definition; model-based tests walk it with XState itself, and chart-runner.test.ts checks
// that both run every input alike.
//
// Why not an XState actor per connection: an actor costs ~25 µs to start and ~18 µs per
// event here, several times the engine's whole budget per SMTP session (npm run bench).
// This runner supports what the chart uses (parallel regions of atomic states, guarded
// transitions, actions, raised events) and refuses to compile anything else.
import type { AnyStateNode } from 'xstate';
import type { SessionContext } from './context.ts';
import type { ServerEmitted, ServerEvent, ServerInput } from './server-events.ts';
import { serverMachine } from './server.machine.ts';
import { guards, steps, type GuardName, type StepName } from './server-steps.ts';

interface Candidate {
  readonly guard: { readonly name: GuardName; readonly params: unknown } | null;
  readonly target: string | null;
  readonly actions: readonly { readonly name: StepName; readonly params: unknown }[];
}

interface Region {
  readonly key: string;
  readonly initial: string;
  /** state key -> event type ("*" included) -> candidates in XState's order */
  readonly table: ReadonlyMap<string, ReadonlyMap<string, readonly Candidate[]>>;
}

export type ChartValue = Readonly<Record<string, string>>;

export interface ChartSnapshot {
  readonly value: ChartValue;
  readonly context: SessionContext;
}

function named<T extends string>(
  spec: unknown,
  known: Record<string, unknown>,
  what: string,
): { name: T; params: unknown } {
  const { type, params } =
    typeof spec === 'string'
      ? { type: spec, params: undefined }
      : (spec as { type?: unknown; params?: unknown });
  if (typeof type !== 'string' || !(type in known))
    throw new Error(`chart-runner: unsupported ${what} ${String(type)}`);
  return { name: type as T, params };
}

function compileTransitions(node: AnyStateNode, region: AnyStateNode): Map<string, Candidate[]> {
  const table = new Map<string, Candidate[]>();
  const types = new Set([...node.transitions.keys(), ...region.transitions.keys()]);
  for (const type of types) {
    const definitions = [node, region].flatMap((n) => [
      ...(n.transitions.get(type) ?? []),
      ...(type === '*' ? [] : (n.transitions.get('*') ?? [])),
    ]);
    table.set(
      type,
      definitions.map((t) => ({
        guard: t.guard === undefined ? null : named<GuardName>(t.guard, guards, 'guard'),
        target: t.target?.[0]?.key ?? null,
        actions: t.actions.map((a) => named<StepName>(a, steps, 'action')),
      })),
    );
  }
  return table;
}

function compile(): Region[] {
  return Object.values(serverMachine.root.states).map((region) => {
    const states = Object.values(region.states);
    if (
      states.some((s) => s.type !== 'atomic' || s.entry.length > 0 || s.exit.length > 0 || s.always)
    ) {
      throw new Error(`chart-runner: region ${region.key} needs more than atomic states`);
    }
    return {
      key: region.key,
      initial: region.initial.target[0]!.key,
      table: new Map(states.map((s) => [s.key, compileTransitions(s, region)])),
    };
  });
}

const regions = compile();
/** The chart's own context factory (it reads only the input). */
const initialContext = serverMachine.config.context as (args: {
  input: ServerInput;
}) => SessionContext;

export class ChartRunner {
  #snapshot: ChartSnapshot;
  readonly #onEmitted: (emitted: ServerEmitted) => void;

  constructor(input: ServerInput, onEmitted: (emitted: ServerEmitted) => void) {
    this.#onEmitted = onEmitted;
    const value: Record<string, string> = {};
    for (const region of regions) value[region.key] = region.initial;
    this.#snapshot = { value, context: initialContext({ input }) };
  }

  get snapshot(): ChartSnapshot {
    return this.#snapshot;
  }

  /** One macrostep: the event, then any event its actions raise. Emitted events are handed
   * out once the step is complete, as an actor defers them. */
  send(event: ServerEvent): void {
    const emitted: ServerEmitted[] = [];
    const queue: ServerEvent[] = [event];
    let { value, context } = this.#snapshot;
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      // Every region picks its transition against the same context, before any action runs.
      const chosen: [string, Candidate][] = [];
      for (const region of regions) {
        const candidates = region.table.get(value[region.key]!);
        const list = candidates?.get(next.type) ?? candidates?.get('*') ?? [];
        const pick = list.find(
          (c) => c.guard === null || (guards[c.guard.name] as Guard)(context, next, c.guard.params),
        );
        if (pick) chosen.push([region.key, pick]);
      }
      for (const [regionKey, candidate] of chosen) {
        for (const action of candidate.actions) {
          const step = (steps[action.name] as StepFn)(context, next, action.params);
          if (step.assign) context = { ...context, ...step.assign };
          emitted.push(...step.emit);
          if (step.raise) queue.push(step.raise);
        }
        if (candidate.target !== null && candidate.target !== value[regionKey]) {
          value = { ...value, [regionKey]: candidate.target };
        }
      }
    }
    this.#snapshot = { value, context };
    for (const e of emitted) this.#onEmitted(e);
  }
}

type Guard = (context: SessionContext, event: ServerEvent, params: unknown) => boolean;
type StepFn = (
  context: SessionContext,
  event: ServerEvent,
  params: unknown,
) => ReturnType<typeof steps.apply>;
