// The matrix as people read it: a plain-text table for the terminal and a
// Markdown table for the README, one row per kernel and case, plus the wall
// time per kernel.
import type { MatrixRecord } from './records.js';

export interface KernelSummary {
  kernel: string;
  release: string | null;
  accel?: string;
  boots: number;
  /** each boot's verdict, so a retried boot crash stays visible */
  attempts?: Array<{ status: string; reason: string; wallMs: number; initMs?: number }>;
  wallMs: number;
  status: string;
}

function factsCell(r: MatrixRecord): string {
  if (!r.facts) return '-';
  const f = r.facts;
  const minor = f.fuseProtocolMinor !== undefined ? ` 7.${f.fuseProtocolMinor}` : '';
  return `${f.preempt}${minor}${f.requestTimeoutSysctls ? ' timeout-sysctls' : ''}`;
}

const secs = (ms: number) => `${(ms / 1000).toFixed(0)} s`;

function rows(records: MatrixRecord[], kernels: KernelSummary[]): string[][] {
  const wall = new Map(kernels.map((k) => [k.kernel, k]));
  return records.map((r) => {
    const k = wall.get(r.kernel);
    const boots = r.boots > 1 ? ` (${r.boots} boots)` : '';
    return [
      r.kernel,
      r.release ?? '-',
      r.case,
      r.outcome,
      r.evidence,
      factsCell(r),
      k ? `${secs(k.wallMs)}${boots}` : '-',
    ];
  });
}

const HEAD = ['kernel', 'release', 'case', 'outcome', 'evidence', 'facts', 'wall'];

// Columns padded to their widest cell; evidence cut at `width` characters.
export function textTable(records: MatrixRecord[], kernels: KernelSummary[], width = 70): string {
  const all = [HEAD, ...rows(records, kernels)].map((row) =>
    row.map((c, i) => (i === 4 && c.length > width ? `${c.slice(0, width - 1)}…` : c)),
  );
  const w = HEAD.map((_, i) => Math.max(...all.map((row) => row[i]!.length)));
  return (
    all
      .map((row) =>
        row
          .map((c, i) => c.padEnd(w[i]!))
          .join('  ')
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
}

// A GitHub Markdown table (pipes in cells escaped).
export function markdownTable(records: MatrixRecord[], kernels: KernelSummary[]): string {
  const esc = (c: string) => c.replace(/\|/g, '\\|');
  const line = (row: string[]) => `| ${row.map(esc).join(' | ')} |`;
  return (
    [line(HEAD), line(HEAD.map(() => '---')), ...rows(records, kernels).map(line)].join('\n') + '\n'
  );
}
