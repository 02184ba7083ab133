// Seeded PRNG so the generated repository is byte-for-byte reproducible for a
// given (files, domains, seed): benchmark numbers are only comparable between
// runs if the input is identical.

/** mulberry32: tiny, fast, good enough statistical quality for test data. */
export function createRandom(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const random = {
    next,
    /** integer in [0, n) */
    int: (n) => Math.floor(next() * n),
    /** integer in [min, max] */
    range: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)],
    /** picks a key of `weights` ({key: weight}) proportionally to its weight */
    weighted(weights) {
      const entries = Object.entries(weights);
      let r = next() * entries.reduce((sum, [, w]) => sum + w, 0);
      for (const [key, w] of entries) {
        r -= w;
        if (r < 0) return key;
      }
      return entries[entries.length - 1][0];
    },
    /** approximately normal (Irwin–Hall with 4 terms), clamped to [min, max] */
    around(mean, spread, min, max) {
      const z = (next() + next() + next() + next() - 2) * Math.sqrt(3);
      return Math.min(max, Math.max(min, Math.round(mean + z * spread)));
    },
    /** k distinct items, in random order */
    sample(items, k) {
      const copy = [...items];
      for (let i = copy.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [copy[i], copy[j]] = [copy[j], copy[i]];
      }
      return copy.slice(0, k);
    },
  };
  return random;
}
