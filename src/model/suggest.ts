/** Edit distance where swapping two adjacent letters is one edit (optimal string alignment). */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

const normalise = (s: string) => s.toLowerCase().replace(/[-_\s]/g, '');

const MAX_SUGGESTED_LENGTH = 256;

/** The closest candidate, if it is close enough to be a plausible misspelling. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const allowed = Math.max(1, Math.floor(word.length / 3));
  // Nobody misspells a 300-character name: past that, an edit-distance table would only cost time.
  if (word.length > MAX_SUGGESTED_LENGTH) return undefined;
  for (const candidate of candidates) {
    // The distance is at least the difference in length: past the allowance, no table is needed.
    if (Math.abs(candidate.length - word.length) > allowed && normalise(word) !== normalise(candidate)) continue;
    const d = normalise(word) === normalise(candidate) ? 0 : distance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return bestDistance <= allowed ? best : undefined;
}

export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  const match = closest(word, candidates);
  return match === undefined ? undefined : `did you mean "${match}"?`;
}
