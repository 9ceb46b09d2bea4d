// TAP 13 as kselftest and KTAP readers take it: a plan, one line per case,
// and an indented YAML block with the outcome, the summary, what recovery did
// and the key evidence (tap-evidence.ts).
import { evidenceLines, yamlValue } from './tap-evidence.js';
import type { CaseResult, KernelFacts } from './types.js';

/** The header: version, kernel as a comment, plan. */
export function tapHeader(n: number, kernel: KernelFacts): string[] {
  return [
    'TAP version 13',
    `# kernel ${kernel.release} ${kernel.version} preempt=${kernel.preempt}`,
    `1..${n}`,
  ];
}

/** The test line and YAML block of one case. */
export function tapCase(n: number, r: CaseResult): string[] {
  if (r.skip !== undefined) return [`ok ${n} - ${r.id} # SKIP ${r.skip}`];
  const lines = [`${r.ok ? 'ok' : 'not ok'} ${n} - ${r.id} # outcome=${r.outcome}`, '  ---'];
  const field = (k: string, v: unknown) => lines.push(`  ${k}: ${yamlValue(v)}`);
  const list = (k: string, vs: string[]) => {
    if (vs.length) lines.push(`  ${k}:`, ...vs.map((v) => `    - ${JSON.stringify(v)}`));
  };
  field('outcome', r.outcome);
  if (r.expected !== undefined) field('expected', r.expected);
  // the summary is the case's one line: never cut
  lines.push(`  summary: ${JSON.stringify(r.summary)}`);
  field('duration_ms', r.durationMs);
  if (r.error !== undefined) field('error', r.error.split('\n')[0]);
  field('recovery', r.recovery.clean ? 'clean' : 'leftovers');
  list('recovery_actions', r.recovery.actions);
  list('leftovers', r.recovery.leftovers);
  lines.push(...evidenceLines(r.evidence));
  lines.push('  ...');
  return lines;
}
