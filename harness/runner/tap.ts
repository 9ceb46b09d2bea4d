// TAP 13 (default) or KTAP v1 (`run --format ktap`) as kselftest farms read
// them. A result line carries the case id and nothing else but `# SKIP`:
// LKFT's parse-output.py names a test after the whole rest of an `ok` line,
// so an outcome there would give the same case a new name per outcome. The
// outcome, summary, error and recovery go into `# ID: ...` diagnostic lines
// before it; the details (recovery, key evidence: tap-evidence.ts) follow in
// TAP 13's YAML block, and in KTAP, which advises against YAML, as more `#` lines.
import { farmSafe } from './farm-safe.js';
import { evidenceLines, stepLines, yamlValue } from './tap-evidence.js';
import type { CaseResult, KernelFacts } from './types.js';

/** The output formats of `fusefault run`. */
export const TAP_FORMATS = ['tap', 'ktap'] as const;
/** One of TAP_FORMATS. */
export type TapFormat = (typeof TAP_FORMATS)[number];

/** The header: version, plan, kernel as a comment. */
export function tapHeader(n: number, kernel: KernelFacts, format: TapFormat = 'tap'): string[] {
  return [
    format === 'ktap' ? 'KTAP version 1' : 'TAP version 13',
    // right after the version line: KTAP readers (kunit_parser) look there
    `1..${n}`,
    farmSafe(`# kernel ${kernel.release} ${kernel.version} preempt=${kernel.preempt}`),
  ];
}

// `# ID: ...` lines: what the case measured, in words a reader scans for
function diagnostics(r: CaseResult): string[] {
  if (r.outcome === 'skipped') return [`skipped: ${r.skip ?? r.summary}`];
  const expected = r.expected !== undefined ? `, expected ${r.expected}` : '';
  const lines = [`outcome ${r.outcome}${expected}`, `summary: ${r.summary}`];
  const error = r.error?.split('\n')[0];
  // a runner outcome's summary is already the error's first line
  if (error !== undefined && error !== r.summary) lines.push(`error: ${error}`);
  if (!r.recovery.clean) lines.push(`recovery left: ${r.recovery.leftovers.join('; ')}`);
  return lines;
}

// recovery and evidence as YAML lines (two spaces in: a TAP 13 block's indent)
function details(r: CaseResult): string[] {
  const lines: string[] = [];
  const field = (k: string, v: unknown) => lines.push(`  ${k}: ${yamlValue(v)}`);
  const list = (k: string, vs: string[]) => {
    if (vs.length) lines.push(`  ${k}:`, ...vs.map((v) => `    - ${JSON.stringify(v)}`));
  };
  field('duration_ms', r.durationMs);
  if (r.error !== undefined) field('error', r.error.split('\n')[0]);
  field('recovery', r.recovery.clean ? 'clean' : 'leftovers');
  list('recovery_actions', r.recovery.actions);
  list('leftovers', r.recovery.leftovers);
  list('steps', stepLines(r.steps ?? []));
  lines.push(...evidenceLines(r.evidence));
  return lines;
}

// "ok 3 netflix-flush-on-exit", "not ok 3 ...", "ok 2 iouring-init-softlockup # SKIP"
function resultLine(n: number, r: CaseResult): string {
  const skip = r.verdict !== undefined ? r.verdict === 'skip' : r.skip !== undefined;
  return `${r.ok ? 'ok' : 'not ok'} ${n} ${r.id}${skip ? ' # SKIP' : ''}`;
}

/** The lines of one case: diagnostics, result line, and (TAP 13) its YAML block. */
export function tapCase(n: number, r: CaseResult, format: TapFormat = 'tap'): string[] {
  const diag = diagnostics(r)
    .flatMap((l) => l.split('\n'))
    .map((l) => farmSafe(`# ${r.id}: ${l}`));
  if (r.outcome === 'skipped') return [...diag, resultLine(n, r)];
  if (format === 'ktap')
    return [...diag, ...details(r).map((l) => farmSafe(`#${l}`)), resultLine(n, r)];
  const yaml = [`  outcome: ${yamlValue(r.outcome)}`];
  if (r.expected !== undefined) yaml.push(`  expected: ${yamlValue(r.expected)}`);
  // the summary is the case's one line: never cut
  yaml.push(`  summary: ${JSON.stringify(r.summary)}`, ...details(r));
  return [...diag, resultLine(n, r), '  ---', ...yaml.map(farmSafe), '  ...'];
}
