// --expect: a run as a regression check. `--expect CASE=OUTCOME` per case, or
// `--expect OUTCOME` when exactly one case is named.
import { quote, UsageError } from '../../src/errors.js';
import type { LoadedCase } from './discover.js';

/** Outcomes the runner gives besides the case's own that may be expected: a
 * case that errs or times out is never ok, so expecting that makes no sense. */
export const EXPECTABLE_RUNNER_OUTCOMES = ['skipped'];

/** Parses the --expect values into case id -> outcome, checked against the cases. */
export function parseExpect(values: string[], cases: LoadedCase[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const v of values) {
    const eq = v.indexOf('=');
    let id: string;
    let outcome: string;
    if (eq >= 0) {
      id = v.slice(0, eq);
      outcome = v.slice(eq + 1);
    } else if (cases.length === 1 && cases[0]) {
      id = cases[0].id;
      outcome = v;
    } else {
      throw new UsageError(
        `--expect ${quote(v)}: name the case (CASE=OUTCOME) unless exactly one case is run`,
      );
    }
    const c = cases.find((x) => x.id === id);
    if (!c)
      throw new UsageError(
        `--expect ${quote(v)}: ${id} is not among the cases run (${cases.map((x) => x.id).join(' ')})`,
      );
    const known = [...c.def.outcomes, ...EXPECTABLE_RUNNER_OUTCOMES];
    if (!known.includes(outcome))
      throw new UsageError(`--expect ${quote(v)}: ${id} has outcomes ${known.join(' ')}`);
    // two for one case would leave one of them silently unchecked
    if (out.has(id))
      throw new UsageError(`--expect ${quote(v)}: ${id} is already expected ${out.get(id)}`);
    out.set(id, outcome);
  }
  return out;
}
