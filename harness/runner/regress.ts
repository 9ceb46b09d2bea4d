// A case result as a regression farm must count it (KernelCI, LKFT): pass
// when the kernel is fixed, fail when it is affected or when nothing could be
// measured (an error, a timeout, an inconclusive run, recovery that left
// something behind: a farm must see those), skip when the case did not apply.
import type { CaseDef, CaseResult, Outcome, Verdict } from './types.js';

/** The outcome of a case whose kernel lacks what it measures: skip. */
export const NOT_APPLICABLE = 'not-applicable';

/** Case outcomes for "ran, but measured nothing": fail, never affected or fixed. */
export const INCONCLUSIVE: readonly Outcome[] = ['inconclusive', 'undecided'];

/** pass, fail or skip for one result of the case DEF. */
export function regressVerdict(def: CaseDef, result: CaseResult): Verdict {
  // requirements not met here: nothing ran, nothing to recover
  if (result.outcome === 'skipped') return 'skip';
  // a run that left a mount or a task in D behind is news whatever it measured
  if (!result.recovery.clean || result.error !== undefined) return 'fail';
  if (result.outcome === NOT_APPLICABLE) return 'skip';
  // error, timeout, interrupted, inconclusive words and anything unlisted fall through
  return def.regress.fixed.includes(result.outcome) ? 'pass' : 'fail';
}

/** Why DEF's regress lists are unusable, or undefined when every outcome is
 * in exactly one of affected, fixed, or the not-applicable/inconclusive words. */
export function regressProblem(def: CaseDef): string | undefined {
  if (!def.regress) return 'no regress: { affected, fixed }';
  const { affected, fixed } = def.regress;
  const listed = [...affected, ...fixed];
  const twice = listed.filter((o, i) => listed.indexOf(o) !== i);
  if (twice.length) return `regress lists ${twice.join(', ')} twice`;
  const unknown = listed.filter((o) => !def.outcomes.includes(o));
  if (unknown.length) return `regress lists ${unknown.join(', ')}, not among its outcomes`;
  const reserved = listed.filter((o) => o === NOT_APPLICABLE || INCONCLUSIVE.includes(o));
  if (reserved.length) return `regress classifies ${reserved.join(', ')} (skip/fail by the runner)`;
  const open = def.outcomes.filter(
    (o) => !listed.includes(o) && o !== NOT_APPLICABLE && !INCONCLUSIVE.includes(o),
  );
  if (open.length) return `outcome ${open.join(', ')} is neither affected nor fixed`;
  return undefined;
}
