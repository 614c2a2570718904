import { describe, expect, test } from 'vitest';
import { MAX_BOTS, Population, type BotnetSettings } from '../../src/engine/botnet/population.ts';

const OPEN: BotnetSettings = {
  bots: 2000,
  users: 20,
  ispBlocking: false,
  blocklist: false,
  rateLimit: false,
  greylisting: false,
};

function run(settings: BotnetSettings, seconds: number, seed = 25) {
  const p = new Population(settings, seed);
  for (let s = 0; s < seconds; s++) p.tick();
  return p.counters;
}

describe('the botnet demonstration', () => {
  test('with nothing in the way, the spam gets delivered', () => {
    const c = run(OPEN, 60);
    expect(c.spamDelivered).toBeGreaterThan(0.15 * 2000 * 60);
    expect(c.blockedAtIsp).toBe(0);
    expect(c.legitDelivered).toBeGreaterThan(0);
  });

  test('ISPs blocking port 25 stop every direct delivery; mail on 587 still goes out', () => {
    const c = run({ ...OPEN, ispBlocking: true }, 60);
    expect(c.spamDelivered).toBe(0);
    expect(c.blockedAtIsp).toBeGreaterThan(0.15 * 2000 * 60);
    expect(c.legitDelivered).toEqual(run(OPEN, 60).legitDelivered);
  });

  test('the counters react to the switch from the next second on', () => {
    const p = new Population(OPEN);
    for (let s = 0; s < 30; s++) p.tick();
    const before = p.counters.spamDelivered;
    p.configure({ ispBlocking: true });
    for (let s = 0; s < 30; s++) p.tick();
    expect(p.counters.spamDelivered).toBe(before);
    p.configure({ ispBlocking: false });
    p.tick();
    expect(p.counters.spamDelivered).toBeGreaterThan(before);
  });

  test('MX policies each refuse a share: blocklist, rate limit, greylisting', () => {
    const open = run(OPEN, 120).spamDelivered;
    const listed = run({ ...OPEN, blocklist: true }, 120);
    expect(listed.refusedBlocklist).toBeGreaterThan(0);
    expect(listed.spamDelivered).toBeLessThan(open / 2);
    const limited = run({ ...OPEN, rateLimit: true }, 120);
    expect(limited.refusedRateLimit).toBeGreaterThan(0);
    const greylisted = run({ ...OPEN, greylisting: true }, 120);
    expect(greylisted.refusedGreylisting).toBeGreaterThan(0);
    expect(greylisted.spamDelivered).toBeLessThan(open * 0.2);
  });

  test('the same seed replays the same demonstration', () => {
    expect(run({ ...OPEN, blocklist: true }, 30, 7)).toEqual(
      run({ ...OPEN, blocklist: true }, 30, 7),
    );
  });

  test(`at most ${MAX_BOTS} infected machines`, () => {
    expect(() => new Population({ ...OPEN, bots: MAX_BOTS + 1 })).toThrow(RangeError);
  });
});
