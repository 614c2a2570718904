// The botnet demonstration's state in the page: the population, the switches, the clock that
// ticks it, and counters published a few times a second (the canvas redraws every frame).
import {
  MAX_BOTS,
  Population,
  type BotnetSettings,
  type Counters,
} from '../engine/botnet/population.ts';

export const DEFAULT_BOTS = 5000;
const USERS = 40;
/** How often the counters on screen change (the canvas follows every frame). */
const PUBLISH_MS = 250;

/** ?hosts=N, when it is a whole number in range; otherwise the default and a reason. */
export function hostsFrom(value: string | null): { bots: number; problem: string | null } {
  if (value === null) return { bots: DEFAULT_BOTS, problem: null };
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > MAX_BOTS)
    return {
      bots: DEFAULT_BOTS,
      problem: `hosts=${value} is not a number of machines from 1 to ${MAX_BOTS}; showing ${DEFAULT_BOTS}.`,
    };
  return { bots: n, problem: null };
}

export class BotnetDemo {
  settings: BotnetSettings = $state.raw({
    bots: DEFAULT_BOTS,
    users: USERS,
    ispBlocking: false,
    blocklist: true,
    rateLimit: true,
    greylisting: true,
  });
  /** What the counters on screen show (published a few times a second). */
  counters: Counters;
  seconds = $state(0);
  running = $state(true);
  /** Virtual seconds per real second. */
  speed = $state(5);
  population: Population;
  #carry = 0;
  #sincePublish = 0;

  constructor(bots: number) {
    this.settings = { ...this.settings, bots };
    this.population = new Population(this.settings);
    this.counters = $state.raw(this.population.counters);
  }

  /** A fresh population of `bots` machines, the switches kept. */
  reset(bots = this.settings.bots): void {
    this.settings = { ...this.settings, bots };
    this.population = new Population(this.settings);
    this.#carry = 0;
    this.#publish();
  }

  flip(change: Partial<Omit<BotnetSettings, 'bots' | 'users'>>): void {
    this.settings = { ...this.settings, ...change };
    this.population.configure(change);
  }

  /** Called every animation frame with the real time since the last one. */
  advance(realMs: number): void {
    if (this.running) {
      this.#carry += (realMs / 1000) * this.speed;
      // Never more than a few seconds of catching up after a background tab.
      let ticks = Math.min(Math.floor(this.#carry), 20);
      this.#carry -= Math.floor(this.#carry);
      while (ticks-- > 0) this.population.tick();
    }
    this.#sincePublish += realMs;
    if (this.#sincePublish >= PUBLISH_MS) this.#publish();
  }

  #publish(): void {
    this.#sincePublish = 0;
    this.counters = this.population.counters;
    this.seconds = this.population.second;
  }
}
