// Set comparison of violation lists ("from -> to" strings).

/** @typedef {{identical: boolean, onlyLeft: string[], onlyRight: string[]}} Diff */

/** @returns {Diff} the full difference lists */
export function diff(left, right) {
  const l = new Set(left);
  const r = new Set(right);
  const onlyLeft = [...l].filter((v) => !r.has(v)).sort();
  const onlyRight = [...r].filter((v) => !l.has(v)).sort();
  return { identical: onlyLeft.length === 0 && onlyRight.length === 0, onlyLeft, onlyRight };
}
