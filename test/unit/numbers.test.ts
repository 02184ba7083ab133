import { describe, expect, it } from 'vitest';
import { thousands } from '../../src/model/index.js';

describe('thousands', () => {
  it.each([0, 7, 999, 1000, 4096, 65_536, 1_234_567, 1_000_000_000, 12.5, 1234.25])('writes %d as toLocaleString("en") does', (n) => {
    expect(thousands(n)).toBe(n.toLocaleString('en', { maximumFractionDigits: 20 }));
  });
});
