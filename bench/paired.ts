// Two configurations measured round by round on a shared machine: both ran in
// every round, one after the other, so a round's ratio is the least disturbed
// comparison there is, and the median of those ratios is what holds.

/** The median of XS (the mean of the middle two for an even count). */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** The median of the XS that are numbers (NaN when none is). */
export function medianOf(xs: (number | undefined)[]): number {
  const have = xs.filter((v): v is number => v !== undefined && !Number.isNaN(v));
  return have.length ? median(have) : NaN;
}

/** A[i] / B[i] for each round both have (A[i] and B[i] ran in the same round). */
export function ratios(a: number[], b: number[]): number[] {
  return a.slice(0, Math.min(a.length, b.length)).map((x, i) => x / b[i]!);
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
  const rate = ratios(
    a.map((r) => r.rate),
    b.map((r) => r.rate),
  );
  const cpu = ratios(
    a.map((r) => r.usPerCall),
    b.map((r) => r.usPerCall),
  );
  return {
    rate: median(rate),
    cpu: median(cpu),
    fasterIn: rate.filter((q) => q > 1).length,
    leanerIn: cpu.filter((q) => q < 1).length,
  };
}

/** One configuration's round: calls per second and server CPU per call. */
export interface Run {
  rate: number;
  usPerCall: number;
}
