// Two configurations measured round by round on a shared machine: both ran in
// every round, one after the other, so a round's ratio is the least disturbed
// comparison there is, and the median of those ratios is what holds.

/** The median of XS (the mean of the middle two for an even count). */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * A against B, round by round (A[i] and B[i] ran in the same round, one after
 * the other): the median of the rounds' ratios, and in how many rounds A came
 * out ahead.
 */
export function compare(
  a: Run[],
  b: Run[],
): { rate: number; cpu: number; fasterIn: number; leanerIn: number } {
  const n = Math.min(a.length, b.length);
  const idx = Array.from({ length: n }, (_, i) => i);
  return {
    rate: median(idx.map((i) => a[i]!.rate / b[i]!.rate)),
    cpu: median(idx.map((i) => a[i]!.usPerCall / b[i]!.usPerCall)),
    fasterIn: idx.filter((i) => a[i]!.rate > b[i]!.rate).length,
    leanerIn: idx.filter((i) => a[i]!.usPerCall < b[i]!.usPerCall).length,
  };
}

/** One configuration's round: calls per second and server CPU per call. */
export interface Run {
  rate: number;
  usPerCall: number;
}
