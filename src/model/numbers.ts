/**
 * A count as English writes it (4096 → "4,096"), as `toLocaleString('en')` would, without the ICU
 * start-up that costs milliseconds on first use (measured at module load on the pre-commit path).
 */
export function thousands(n: number): string {
  const [whole = '', fraction] = String(n).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+$)/g, ',');
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}
