// The botnet demonstration: why ISPs block port 25, at scale. Infected home machines send spam
// straight to the recipients' MX servers on port 25, next to a few people who submit real
// mail to their provider on 587 with AUTH. Each tick (one virtual second) every machine may
// try; what stops it is what stops it in the lab's world, with the same replies:
// - its ISP drops outbound TCP/25 (the trainer's switch),
// - the MX finds its address on a DNS blocklist: 554 5.7.1 (reject_rbl_client, RFC 5782),
// - too many connections from one address in a minute: 421 4.7.0
//   (smtpd_client_connection_rate_limit),
// - a first attempt is greylisted: 450 4.2.0 (postgrey), and spamware rarely comes back
//   (RFC 6647 §2.2).
// Legitimate mail goes out through the provider, which authenticates the sender, retries as a
// real MTA does and is not on blocklists. Deterministic: a seeded generator drives it.
import { seededRandom } from '../seeded-random.ts';

export interface BotnetSettings {
  /** Infected machines (up to 10,000). */
  readonly bots: number;
  /** People sending real mail through their provider. */
  readonly users: number;
  /** Residential ISPs drop outbound TCP/25. */
  readonly ispBlocking: boolean;
  readonly blocklist: boolean;
  readonly rateLimit: boolean;
  readonly greylisting: boolean;
}

export type Outcome =
  | 'idle'
  | 'spam-delivered'
  | 'blocked-at-isp'
  | 'refused-blocklist'
  | 'refused-rate-limit'
  | 'refused-greylisting'
  | 'legit-delivered';

export interface Counters {
  readonly attempts: number;
  readonly spamDelivered: number;
  readonly blockedAtIsp: number;
  readonly refusedBlocklist: number;
  readonly refusedRateLimit: number;
  readonly refusedGreylisting: number;
  readonly legitDelivered: number;
}

export const MAX_BOTS = 10_000;
/** Chance a bot tries a delivery in a given second. */
const BOT_RATE = 0.2;
/** Chance a user sends a message in a given second. */
const USER_RATE = 0.05;
/** Share of bot addresses blocklists already know (dynamic ranges, earlier spam runs). */
const LISTED_AT_START = 0.6;
/** A spam delivery gets its address reported to the blocklist with this chance. */
const REPORT_RATE = 0.05;
/** Connections per minute from one address before 421 (the lab's rate-limited scenario: 3). */
const RATE_LIMIT_PER_MINUTE = 3;
/** Spamware that comes back after a greylisting deferral (most do not). */
const RETRIES_AFTER_GREYLIST = 0.1;
const OUTCOME_CODES: readonly Outcome[] = [
  'idle',
  'spam-delivered',
  'blocked-at-isp',
  'refused-blocklist',
  'refused-rate-limit',
  'refused-greylisting',
  'legit-delivered',
];

export class Population {
  settings: BotnetSettings;
  /** The last outcome of each machine (bots first, then users), as an index into OUTCOMES. */
  readonly outcomes: Uint8Array;
  #listed: Uint8Array;
  /** Seconds at which each bot connected in the last minute (a ring of its last few). */
  #recent: Float64Array;
  #greylistedOnce: Uint8Array;
  #random: () => number;
  /** The users' own draws: their mail does not depend on what the bots met. */
  #userRandom: () => number;
  #second = 0;
  #counters: { -readonly [K in keyof Counters]: number } = {
    attempts: 0,
    spamDelivered: 0,
    blockedAtIsp: 0,
    refusedBlocklist: 0,
    refusedRateLimit: 0,
    refusedGreylisting: 0,
    legitDelivered: 0,
  };

  constructor(settings: BotnetSettings, seed = 25) {
    if (!Number.isInteger(settings.bots) || settings.bots < 0 || settings.bots > MAX_BOTS)
      throw new RangeError(`bots must be a whole number from 0 to ${MAX_BOTS}`);
    this.settings = settings;
    this.#random = seededRandom(seed);
    this.#userRandom = seededRandom(seed ^ 0x5eed);
    const machines = settings.bots + settings.users;
    this.outcomes = new Uint8Array(machines);
    this.#listed = new Uint8Array(settings.bots).map(() =>
      this.#random() < LISTED_AT_START ? 1 : 0,
    );
    this.#recent = new Float64Array(settings.bots * RATE_LIMIT_PER_MINUTE).fill(-Infinity);
    this.#greylistedOnce = new Uint8Array(settings.bots);
  }

  static readonly OUTCOMES = OUTCOME_CODES;

  get counters(): Counters {
    return { ...this.#counters };
  }

  get second(): number {
    return this.#second;
  }

  /** The trainer flips a switch: it holds from the next second on. */
  configure(change: Partial<Omit<BotnetSettings, 'bots' | 'users'>>): void {
    this.settings = { ...this.settings, ...change };
  }

  /** One virtual second: every machine may try once. */
  tick(): void {
    const { bots, users } = this.settings;
    for (let i = 0; i < bots; i++) {
      if (this.#random() >= BOT_RATE) continue;
      this.#record(i, this.#botAttempt(i));
    }
    for (let u = 0; u < users; u++) {
      if (this.#userRandom() >= USER_RATE) continue;
      // Submission on 587 with AUTH: no port-25 filter applies, the provider's address is
      // not listed, and its queue retries past greylisting.
      this.#record(bots + u, 'legit-delivered');
    }
    this.#second++;
  }

  #botAttempt(i: number): Outcome {
    const s = this.settings;
    if (s.ispBlocking) return 'blocked-at-isp';
    if (s.rateLimit && this.#overRate(i)) return 'refused-rate-limit';
    if (s.blocklist && this.#listed[i]) return 'refused-blocklist';
    if (s.greylisting && !this.#greylistedOnce[i]) {
      this.#greylistedOnce[i] = 1;
      // The few that retry later get past it (the triplet is then known).
      if (this.#random() >= RETRIES_AFTER_GREYLIST) this.#greylistedOnce[i] = 2;
      return 'refused-greylisting';
    }
    if (s.greylisting && this.#greylistedOnce[i] === 2) return 'refused-greylisting';
    if (this.#random() < REPORT_RATE) this.#listed[i] = 1;
    return 'spam-delivered';
  }

  /** Records this connection; true when it is one too many in the last minute. */
  #overRate(i: number): boolean {
    const base = i * RATE_LIMIT_PER_MINUTE;
    let oldest = base;
    let inWindow = 0;
    for (let k = base; k < base + RATE_LIMIT_PER_MINUTE; k++) {
      if (this.#second - this.#recent[k]! < 60) inWindow++;
      if (this.#recent[k]! < this.#recent[oldest]!) oldest = k;
    }
    this.#recent[oldest] = this.#second;
    return inWindow >= RATE_LIMIT_PER_MINUTE;
  }

  #record(machine: number, outcome: Outcome): void {
    this.outcomes[machine] = OUTCOME_CODES.indexOf(outcome);
    const c = this.#counters;
    c.attempts++;
    switch (outcome) {
      case 'spam-delivered':
        c.spamDelivered++;
        break;
      case 'blocked-at-isp':
        c.blockedAtIsp++;
        break;
      case 'refused-blocklist':
        c.refusedBlocklist++;
        break;
      case 'refused-rate-limit':
        c.refusedRateLimit++;
        break;
      case 'refused-greylisting':
        c.refusedGreylisting++;
        break;
      case 'legit-delivered':
        c.legitDelivered++;
        break;
    }
  }
}
