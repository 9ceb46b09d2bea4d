// What the guest tells LAVA about a run: per case one `lava-test-case` entry
// named by the case id with its regression verdict and its duration as the
// measurement, and one entry in the test set `outcome` named ID.OUTCOME (the
// outcome word LAVA can filter on), each after `#` lines carrying the summary
// and recovery for the log. The verdict is the runner's regressVerdict
// (fail = affected, pass = fixed, skip = not applicable). A case with no
// result (the run died) or no definition to judge it by fails.
import type { CaseDef, CaseResult, RunResult, Verdict } from '../runner/types.js';

/** One thing to do in the guest, in order: print a line, or run a LAVA helper. */
export type ReportStep = { echo: string } | { argv: string[] };

/** How a result becomes a LAVA result: regressVerdict, or a stand-in in tests. */
export type VerdictOf = (def: CaseDef, r: CaseResult) => Verdict;

// LAVA test case names: letters, digits, '-', '_', '.' (anything else is
// refused by lava-test-case's signal parser or mangled in the UI).
export function lavaName(s: string): string {
  return s.replace(/[^A-Za-z0-9_.-]+/g, '_');
}

/** The steps that report RUN (undefined: no result at all) for the cases IDS. */
export function reportSteps(
  run: RunResult | undefined,
  ids: string[],
  verdict: VerdictOf,
  defs: Map<string, CaseDef>,
): ReportStep[] {
  const steps: ReportStep[] = [];
  const byId = new Map((run?.cases ?? []).map((c) => [c.id, c]));
  if (run) {
    const k = run.kernel;
    const minor = k.fuseProtocolMinor === undefined ? '' : ` fuse=7.${k.fuseProtocolMinor}`;
    steps.push({ echo: `# kernel ${k.release} preempt=${k.preempt}${minor}` });
  }
  const outcomes: ReportStep[] = [];
  for (const id of ids.length ? ids : [...byId.keys()]) {
    const r = byId.get(id);
    if (!r) {
      steps.push({ echo: `# ${id}: no result (${run ? 'not in the run' : 'the run gave none'})` });
      steps.push({ argv: ['lava-test-case', lavaName(id), '--result', 'fail'] });
      continue;
    }
    const def = defs.get(id);
    if (!def) steps.push({ echo: `# ${id}: no case definition here to judge it by` });
    const v = def ? verdict(def, r) : 'fail';
    steps.push({ echo: `# ${id}: ${r.outcome}: ${r.summary}` });
    if (!r.recovery.clean)
      steps.push({ echo: `# ${id}: recovery left ${r.recovery.leftovers.join('; ')}` });
    if (r.error) steps.push({ echo: `# ${id}: error: ${r.error.split('\n')[0]}` });
    steps.push({
      argv: [
        'lava-test-case',
        lavaName(id),
        '--result',
        v,
        '--measurement',
        (r.durationMs / 1000).toFixed(1),
        '--units',
        's',
      ],
    });
    outcomes.push({ argv: ['lava-test-case', lavaName(`${id}.${r.outcome}`), '--result', v] });
  }
  if (outcomes.length === 0) return steps;
  return [
    ...steps,
    { argv: ['lava-test-set', 'start', 'outcome'] },
    ...outcomes,
    { argv: ['lava-test-set', 'stop'] },
  ];
}
