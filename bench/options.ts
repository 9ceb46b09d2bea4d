// The benchmarks' numeric settings (BENCH_* in the environment), checked before
// any work starts: bad input is one line on stderr and exit 2.

/** Exits 2 naming the first of VALUES that is not a whole number >= 1 (>= 0 for `load`). */
export function checkCounts(tool: string, values: Record<string, number>): void {
  for (const [k, v] of Object.entries(values)) {
    if (!Number.isInteger(v) || v < (k === 'load' ? 0 : 1)) {
      process.stderr.write(`${tool}: ${k} must be a whole number, not ${v}\n`);
      process.exit(2);
    }
  }
}
