import { describe, expect, it } from 'vitest';
import { writeInSlices } from '../../src/cli/context.js';

describe('a long report is written a slice at a time', () => {
  it('in slices of at most a mebi-unit, none ending inside a surrogate pair, together the whole text', () => {
    // The emoji's two halves straddle the first slice boundary.
    const text = `${'a'.repeat((1 << 20) - 1)}😀${'b'.repeat(1 << 20)}é`;
    const slices: string[] = [];
    writeInSlices({ write: (slice: string) => slices.push(slice) > 0 }, text);
    expect(slices.join('')).toBe(text);
    expect(slices.length).toBe(3);
    for (const slice of slices) {
      expect(slice.length).toBeLessThanOrEqual(1 << 20);
      expect(Buffer.from(slice, 'utf8').toString('utf8')).toBe(slice); // no lone surrogate
    }
  });
});
