import { describe, expect, it } from 'vitest';
import { loadLessons } from '../../adapters/lessons/load-lessons.ts';
import { drawFault } from './fault-draw.ts';

const capstone = loadLessons().find((l) => l.id === 'capstone')!;
const faultOf = (learner: string, attempt: number) =>
  drawFault(capstone, learner, attempt).fault!.id;

describe('drawing a fault from the pool', () => {
  it('has a pool of at least 8 faults across layers', () => {
    expect(capstone.faults.length).toBeGreaterThanOrEqual(8);
  });

  it('is the same for the same learner and attempt (a reload draws it again)', () => {
    expect(faultOf('a1b2c3d4e5f60718', 3)).toBe(faultOf('a1b2c3d4e5f60718', 3));
  });

  it('goes through every fault before repeating one, and never draws the same twice running', () => {
    const drawn = Array.from({ length: capstone.faults.length }, (_, i) => faultOf('learner-x', i));
    expect(new Set(drawn).size).toBe(capstone.faults.length);
    expect(faultOf('learner-x', capstone.faults.length)).toBe(drawn[0]);
  });

  it('gives different learners different first faults', () => {
    const firsts = new Set(Array.from({ length: 40 }, (_, i) => faultOf(`learner-${i}`, 0)));
    expect(firsts.size).toBeGreaterThan(3);
  });

  it('leaves a lesson without a pool as it is', () => {
    const first = loadLessons()[0]!;
    expect(drawFault(first, 'anyone', 5)).toBe(first);
  });
});
