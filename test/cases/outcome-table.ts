// The table every case's outcomeOf is tested by: per row the outcome wanted,
// that the case declares it, and what `missing` says (nothing unless a
// pattern is given: a conclusive outcome lacks nothing).
import type { Test } from 'tap';
import { declaresOutcome } from '../../harness/runner/types.js';

/** A row: its name, outcomeOf's input, the outcome wanted, and for an
 * inconclusive one what `missing` must say. */
export type Row<I> = [name: string, input: I, want: string, why?: RegExp];

/** Checks OUTCOMEOF against ROWS for the case DEF. */
export function checkOutcomeTable<I>(
  t: Test,
  def: { outcomes: readonly string[] },
  outcomeOf: (input: I) => { outcome: string; missing: string[] },
  rows: Row<I>[],
): void {
  for (const [name, input, want, why] of rows) {
    const got = outcomeOf(input);
    t.equal(got.outcome, want, name);
    t.ok(declaresOutcome(def, got.outcome), `${name}: ${got.outcome} is declared`);
    if (why) t.match(got.missing.join('; '), why, `${name}: says what was missing`);
    else t.same(got.missing, [], `${name}: nothing missing`);
  }
}
