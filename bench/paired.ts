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
 * The worker against the event loop, round by round: each round ran both, one
 * after the other, so its ratio is the least disturbed comparison this shared
 * machine gives; the median of the rounds' ratios, and in how many rounds the
 * worker came out ahead.
 */
export function compare(rounds: { ev: Run; wk: Run }[]): {
  rate: number;
  cpu: number;
  fasterIn: number;
  leanerIn: number;
} {
  return {
    rate: median(rounds.map((r) => r.wk.rate / r.ev.rate)),
    cpu: median(rounds.map((r) => r.wk.usPerCall / r.ev.usPerCall)),
    fasterIn: rounds.filter((r) => r.wk.rate > r.ev.rate).length,
    leanerIn: rounds.filter((r) => r.wk.usPerCall < r.ev.usPerCall).length,
  };
}

/** One configuration's round: calls per second and server CPU per call. */
export interface Run {
  rate: number;
  usPerCall: number;
}
