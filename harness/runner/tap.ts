// TAP 13 as kselftest and KTAP readers take it: a plan, one line per case,
// and an indented YAML block with the outcome, the summary and the key
// evidence. YAML values are written as JSON, which YAML 1.2 reads as is.
import type { CaseResult, KernelFacts } from './types.js';

const MAX_VALUE = 240;

function yamlValue(v: unknown): string {
  const json = JSON.stringify(v) ?? 'null';
  return json.length <= MAX_VALUE ? json : JSON.stringify(`${json.slice(0, MAX_VALUE)}...`);
}

interface TaskLike {
  tid: number;
  comm: string;
  state: string;
  stack?: string[] | null;
}

const isTaskList = (v: unknown): v is TaskLike[] =>
  Array.isArray(v) &&
  v.length > 0 &&
  v.every(
    (t) => typeof (t as TaskLike)?.tid === 'number' && typeof (t as TaskLike).state === 'string',
  );

// a task as one line: "1234 stat D fuse_get_req < __fuse_simple_request < ..."
const taskLine = (t: TaskLike) =>
  `${t.tid} ${t.comm} ${t.state} ${(t.stack ?? []).slice(0, 5).join(' < ')}`.trim();

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
  const keys = Object.keys(r.evidence);
  if (keys.length) {
    lines.push('  evidence:');
    for (const k of keys) {
      const v = r.evidence[k];
      if (isTaskList(v)) {
        // the JSON has every task; TAP shows the stuck, dead and stopped ones
        const odd = v.filter((t) => !'RSI'.includes(t.state));
        const rest = v.length - odd.length;
        const items = [...odd.map(taskLine), ...(rest ? [`${rest} more tasks in R/S`] : [])];
        lines.push(
          `    ${JSON.stringify(k)}:`,
          ...items.map((l) => `      - ${JSON.stringify(l)}`),
        );
      } else lines.push(`    ${JSON.stringify(k)}: ${yamlValue(v)}`);
    }
  }
  lines.push('  ...');
  return lines;
}
