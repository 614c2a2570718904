// What a server's policies remember from one connection to the next: anvil(8)'s connection
// counts, and the greylisting policy service's first sightings. One per server, shared by
// its sessions; the sessions are told the time.

export interface PolicyMemory {
  /** anvil(8): connection times (ms) per "service:client address". */
  readonly connections: Map<string, number[]>;
  /** Greylisting: when each client/sender/recipient triplet was first seen (ms). */
  readonly greylist: Map<string, number>;
}

export const createPolicyMemory = (): PolicyMemory => ({
  connections: new Map(),
  greylist: new Map(),
});

/** anvil_rate_time_unit (default 60 s): the window connection rates are counted in. */
export const ANVIL_RATE_TIME_UNIT_MS = 60_000;

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

/** A greylisting policy (postgrey's rule): defer a triplet until `delayMs` after it was first
 * seen, then let it through. True when the recipient must be deferred now. */
export function greylisted(
  memory: PolicyMemory,
  triplet: { client: string; sender: string; recipient: string },
  delayMs: number,
  now: number,
): boolean {
  const key = `${triplet.client}/${triplet.sender.toLowerCase()}/${triplet.recipient.toLowerCase()}`;
  const first = memory.greylist.get(key);
  if (first === undefined) {
    memory.greylist.set(key, now);
    return true;
  }
  return now - first < delayMs;
}
