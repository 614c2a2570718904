// mulberry32: a small, well-mixed seeded generator (uniform in [0, 1)). Enough to shuffle a
// quiz's choices or to replay a botnet demonstration the same way; not for secrets.
export function seededRandom(seed: number): () => number {
  const next = seededWords(seed);
  return () => next() / 4294967296;
}

/** The same generator's 32-bit words (0 to 2^32 - 1), four octets a draw. */
export function seededWords(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}
