// What a server's policies remember from one connection to the next: anvil(8)'s connection
// counts, and the greylisting policy server's databases (postgrey's triplets and its client
// auto-whitelist). One per server, shared by its sessions; the sessions are told the time.
// Every table forgets what its policy would no longer use, and none grows without bound.

/** postgrey's triplet database: when a key was first and last seen (epoch seconds, as
 * postgrey stores "first,last"). */
export interface TripletSighting {
  readonly first: number;
  readonly last: number;
}

/** postgrey's client auto-whitelist database: how many greylisted deliveries of a client
 * have passed, and when that count last changed (epoch seconds, "count,last"). */
export interface ClientPasses {
  readonly count: number;
  readonly last: number;
}

export interface PolicyMemory {
  /** anvil(8): connection times (ms) per "service:client address". */
  readonly connections: Map<string, number[]>;
  /** postgrey: each client-subnet/sender/recipient key, oldest last sighting first. */
  readonly greylist: Map<string, TripletSighting>;
  /** postgrey --auto-whitelist-clients: per client address, oldest change first. */
  readonly autoWhitelist: Map<string, ClientPasses>;
}

export const createPolicyMemory = (): PolicyMemory => ({
  connections: new Map(),
  greylist: new Map(),
  autoWhitelist: new Map(),
});

/** anvil_rate_time_unit (default 60 s): the window connection rates are counted in. */
export const ANVIL_RATE_TIME_UNIT_MS = 60_000;

/** The most entries a policy table keeps: past it, the least recently written are
 * forgotten (postgrey's Berkeley DB has no such limit; a simulated server's memory must). */
export const MAX_POLICY_ENTRIES = 10_000;

/** Count this connection; how many the client made within the rate window, this one included. */
export function countConnection(
  memory: PolicyMemory,
  service: string,
  address: string,
  now: number,
): number {
  const key = `${service}:${address}`;
  const recent = (memory.connections.get(key) ?? []).filter(
    (at) => now - at < ANVIL_RATE_TIME_UNIT_MS,
  );
  recent.push(now);
  memory.connections.set(key, recent);
  return recent.length;
}

/** Write `value` as the newest entry of `table`, then forget from the oldest end what
 * `expired` says the policy would no longer use, and whatever is over MAX_POLICY_ENTRIES.
 * Entries are written in time order, so the oldest end holds the stalest ones. */
export function remember<V>(
  table: Map<string, V>,
  key: string,
  value: V,
  expired: (value: V) => boolean,
): void {
  table.delete(key);
  table.set(key, value);
  for (const [oldest, entry] of table) {
    if (oldest === key || !(table.size > MAX_POLICY_ENTRIES || expired(entry))) break;
    table.delete(oldest);
  }
}
