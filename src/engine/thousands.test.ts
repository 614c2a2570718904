import { describe, expect, it } from 'vitest';
import { thousands } from './thousands.ts';

describe('thousands', () => {
  it('groups digits as English does', () => {
    for (const n of [0, 7, 999, 1000, 5000, 12345, 1234567, -4200, 200000, 1000000000]) {
      expect(thousands(n)).toBe(n.toLocaleString('en'));
    }
  });
});
