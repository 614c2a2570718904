// Runs the server statechart as XState actor logic, one light scope per session:
// `serverMachine.transition(snapshot, event, scope)` is the same step a full actor takes,
// without an actor's mailbox, system and observers for every connection. A full actor costs
// ~20 µs to create and start, which alone would cap the engine far below its throughput
// budget (npm run bench). The machine, its guards and its actions are unchanged.
import { createActor, type AnyActorScope, type SnapshotFrom } from 'xstate';
import {
  serverMachine,
  type ServerEmitted,
  type ServerEvent,
  type ServerInput,
} from './server.machine.ts';

type ServerSnapshot = SnapshotFrom<typeof serverMachine>;

let shared: Pick<AnyActorScope, 'self' | 'system'> | null = null;

/** One inert actor lends every session its `self` and `system`; the machine spawns no
 * children and schedules no delayed events (timers live in the session, on its clock). */
function sharedScope(input: ServerInput): Pick<AnyActorScope, 'self' | 'system'> {
  if (shared === null) {
    const self = createActor(serverMachine, { input });
    shared = { self, system: self.system };
  }
  return shared;
}

export class MachineRunner {
  #snapshot: ServerSnapshot;
  readonly #deferred: (() => void)[] = [];
  readonly #scope: AnyActorScope;

  constructor(input: ServerInput, onEmitted: (emitted: ServerEmitted) => void) {
    this.#scope = {
      ...sharedScope(input),
      id: '',
      sessionId: '',
      logger: () => {},
      stopChild: () => {},
      emit: (emitted) => onEmitted(emitted as ServerEmitted),
      defer: (fn) => this.#deferred.push(fn),
      actionExecutor: (action) => action.exec?.(action.info, action.params),
    };
    this.#snapshot = serverMachine.getInitialSnapshot(this.#scope, input);
    this.#flush();
  }

  get snapshot(): ServerSnapshot {
    return this.#snapshot;
  }

  send(event: ServerEvent): void {
    this.#snapshot = serverMachine.transition(this.#snapshot, event, this.#scope);
    this.#flush();
  }

  /** Emitted events run after the step that produced them, as an actor would run them. */
  #flush(): void {
    for (let i = 0; i < this.#deferred.length; i++) this.#deferred[i]!();
    this.#deferred.length = 0;
  }
}
