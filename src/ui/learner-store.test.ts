import { describe, expect, it } from 'vitest';
import { faultAttempt, learnerId, nextFaultAttempt } from './learner-store.ts';

function memoryStore() {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (key: string) => data.get(key) ?? null,
    setItem: (key: string, value: string) => void data.set(key, value),
  };
}

describe('what the browser keeps about the learner', () => {
  it('one random id, the same on every visit', () => {
    const store = memoryStore();
    const id = learnerId(store);
    expect(id).toMatch(/^[0-9a-f]{16}$/);
    expect(learnerId(store)).toBe(id);
  });

  it("each diagnosis lesson's attempt, counted up when another fault is asked for", () => {
    const store = memoryStore();
    expect(faultAttempt('capstone', store)).toBe(0);
    expect(nextFaultAttempt('capstone', store)).toBe(1);
    expect(nextFaultAttempt('capstone', store)).toBe(2);
    expect(faultAttempt('capstone', store)).toBe(2);
    expect(faultAttempt('other', store)).toBe(0);
  });

  it('reads a damaged or hostile record as no attempts, and recovers from it', () => {
    for (const bad of ['{"capstone":', '[1,2]', '{"capstone":-3}', '{"capstone":"9"}', 'null']) {
      const store = memoryStore();
      store.setItem('port25lab.attempts', bad);
      expect(faultAttempt('capstone', store)).toBe(0);
      expect(nextFaultAttempt('capstone', store)).toBe(1);
    }
    const store = memoryStore();
    store.setItem('port25lab.attempts', '{"__proto__":{"capstone":5}}');
    expect(faultAttempt('capstone', store)).toBe(0);
    expect(nextFaultAttempt('capstone', store)).toBe(1);
  });
});
