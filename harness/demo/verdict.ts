// The demo's last lines: the verdict (the outcome word and what it says about
// this kernel, from the case's regress lists), one line of why (the case's
// summary, or the runner's error), and the clean-up (what recovery did).
import { INCONCLUSIVE, NOT_APPLICABLE } from '../runner/regress.js';
import type { CaseResult, Regress } from '../runner/types.js';
import type { Palette } from './colour.js';

// What the runner's own words mean for a verdict: nothing about the kernel.
const RUNNER: Record<string, string> = {
  timeout: 'no verdict: the case ran past its deadline',
  error: 'no verdict: the case failed',
  interrupted: 'no verdict: the run was interrupted',
  skipped: 'not run here',
};

/** What OUTCOME says about the kernel, by REGRESS: 'the kernel is affected', ... */
export function meaning(outcome: string, regress: Regress): { text: string; bad: boolean } {
  if (regress.affected.includes(outcome))
    return { text: 'this kernel shows the bug (affected)', bad: true };
  if (regress.fixed.includes(outcome))
    return { text: 'this kernel does not show the bug (fixed)', bad: false };
  if (outcome === NOT_APPLICABLE)
    return { text: 'the case does not apply to this kernel', bad: false };
  if (INCONCLUSIVE.includes(outcome)) return { text: 'no verdict: nothing concluded', bad: true };
  return { text: RUNNER[outcome] ?? 'no verdict', bad: true };
}

/** verdict, why, clean-up (and what recovery could not undo). */
export function verdictLines(r: CaseResult, regress: Regress, p: Palette): string[] {
  const m = meaning(r.outcome, regress);
  const word = m.bad ? p.bad(r.outcome) : p.ok(r.outcome);
  const why = r.error?.split('\n')[0] ?? r.summary;
  const undone = r.recovery.actions.length ? r.recovery.actions.join('; ') : 'nothing to undo';
  const lines = ['', p.title(`verdict: ${word}: ${m.text}`), `why: ${why}`, `clean-up: ${undone}`];
  if (!r.recovery.clean) lines.push(p.bad(`left behind: ${r.recovery.leftovers.join('; ')}`));
  if (r.skip === undefined && !r.steps?.length)
    lines.push(p.dim('(this case announces no steps: the states above are all its processes)'));
  return lines;
}
