// A running world: virtual time, the work the servers do in the background (queue runs,
// retries), the trace, and each host's mail system with what it remembers between
// connections. The shell owns one; its tools and the servers share it.
import { SimulatedClock } from 'xstate';
import { MailHost } from './mail-host.ts';
import type { TraceEvent, Traced } from './trace.ts';
import type { Host, World } from './world.ts';

interface Job {
  readonly at: number;
  readonly seq: number;
  readonly run: () => void;
}

/** Background work due this soon after a command runs before the prompt comes back (a
 * queue manager hands a fresh message to smtp(8) within a second or so). */
const SETTLE_MS = 5_000;

/** How far the world's clock goes: a century. `sleep 99999999d` or `traceroute -w 1e15`
 * would otherwise push it past what a Date can hold (8.64e15 ms), and every log line after
 * that read "undefined NaN NaN:NaN:NaN". */
export const WORLD_HORIZON_MS = 100 * 365 * 86_400_000;

export class Simulation {
  #world: World;
  readonly clock = new SimulatedClock();
  readonly #startedAt: number;
  readonly #onTrace: (traced: Traced) => void;
  readonly #hosts = new Map<string, MailHost>();
  #agenda: Job[] = [];
  #seq = 0;
  #connections = 0;
  #laptopConnections = 0;
  /** Process ids of the learner's tools (swaks puts its pid in the Message-Id). */
  #pid = 2830;

  constructor(world: World, onTrace: (traced: Traced) => void, startedAt = Date.now()) {
    this.#world = world;
    this.#onTrace = onTrace;
    this.#startedAt = startedAt;
  }

  get world(): World {
    return this.#world;
  }

  /** A trainer flipped a switch: the next connection meets the changed world, while queues,
   * clocks and what servers remember (greylisting, rate counters) carry on. */
  reconfigure(world: World, change: { readonly name: string; readonly value: string }): void {
    this.#world = world;
    for (const [name, mailHost] of this.#hosts) {
      const host = world.hosts.find((h) => h.name === name);
      if (host) mailHost.reconfigure(host);
    }
    this.trace({ type: 'world.switch', name: change.name, value: change.value });
  }

  /** Virtual milliseconds since the world started. */
  get elapsed(): number {
    return this.clock.now();
  }

  /** The wall-clock date at this virtual instant (log lines, Date: and Received: headers). */
  now(): Date {
    return new Date(this.#startedAt + this.clock.now());
  }

  trace(event: TraceEvent): void {
    const traced = { at: this.clock.now(), event };
    this.recorded.push(traced);
    this.#onTrace(traced);
  }

  /** Every trace event so far, in order (the logs are made from it). */
  readonly recorded: Traced[] = [];

  /** The wall-clock time the world started at (ms since the epoch). */
  get startedAt(): number {
    return this.#startedAt;
  }

  /** A fresh connection number (trace events of one connection share it). */
  nextConnection(): number {
    return ++this.#connections;
  }

  /** How many connections the learner's machine has opened so far. */
  get laptopAttempts(): number {
    return this.#laptopConnections;
  }

  /** How many connections the learner's machine has opened before this one (throttling). */
  nextLaptopAttempt(): number {
    return this.#laptopConnections++;
  }

  /** A process id for a tool the learner starts. */
  nextProcessId(): number {
    return ++this.#pid;
  }

  /** The mail system of a host, created on first use and kept for the world's life. */
  mailHost(host: Host): MailHost {
    let mailHost = this.#hosts.get(host.name);
    if (!mailHost) {
      mailHost = new MailHost(this, host);
      this.#hosts.set(host.name, mailHost);
    }
    return mailHost;
  }

  /** Run `run` after `delayMs` of virtual time. */
  schedule(delayMs: number, run: () => void): void {
    this.#agenda.push({ at: this.clock.now() + delayMs, seq: this.#seq++, run });
    this.#agenda.sort((a, b) => a.at - b.at || a.seq - b.seq);
  }

  /** Virtual milliseconds the world has left before its horizon. */
  get timeLeft(): number {
    return WORLD_HORIZON_MS - this.clock.now();
  }

  /** Let `ms` of virtual time pass, doing the background work that falls due on the way
   * (never past the horizon). */
  advance(ms: number): void {
    const until = Math.min(this.clock.now() + ms, WORLD_HORIZON_MS);
    for (let job = this.#agenda[0]; job && job.at <= until; job = this.#agenda[0]) {
      this.#agenda.shift();
      this.clock.increment(Math.max(0, job.at - this.clock.now()));
      job.run();
    }
    this.clock.increment(Math.max(0, until - this.clock.now()));
  }

  /** Finish the background work due within a few seconds (after each command). */
  settle(): void {
    // Never past the world's horizon: advance() stops there, and a job due beyond it would
    // be waited for forever (a traceroute -w 99999999 takes the clock to the horizon).
    const horizon = Math.min(this.clock.now() + SETTLE_MS, WORLD_HORIZON_MS);
    for (let job = this.#agenda[0]; job && job.at <= horizon; job = this.#agenda[0]) {
      this.advance(job.at - this.clock.now());
    }
  }

  /** When the next background job is due, if any (the terminal can offer to wait for it). */
  get nextJobIn(): number | null {
    const job = this.#agenda[0];
    return job ? job.at - this.clock.now() : null;
  }
}
