// Human-readable text for control replies (`fusefault ctl` without --json).
import { formatDuration } from '../faults/duration.js';
import type { Limit, Rule } from '../faults/types.js';
import type { ServerStatus } from './types.js';

/** One line per rule: id, hits, spec; or a note that there are none. */
export function formatRules(rules: Rule[]): string {
  if (rules.length === 0) return 'no rules';
  const rows = rules.map((r) => [String(r.id), String(r.hits), r.spec]);
  const w0 = Math.max(2, ...rows.map((r) => r[0]!.length));
  const w1 = Math.max(4, ...rows.map((r) => r[1]!.length));
  return [['ID', 'HITS', 'SPEC'], ...rows]
    .map(([id, hits, spec]) => `${id!.padStart(w0)}  ${hits!.padStart(w1)}  ${spec}`)
    .join('\n');
}

/** A rule in one line, as `ctl add` prints it. */
export function formatRule(rule: Rule): string {
  return `rule ${rule.id}: ${rule.spec}${describeLimit(rule.limit)}`;
}

function describeLimit(limit: Limit): string {
  const parts: string[] = [];
  if (limit.first !== undefined) parts.push(`first ${limit.first}`);
  if (limit.every !== undefined) parts.push(`every ${limit.every}`);
  if (limit.p !== undefined)
    parts.push(`p ${limit.p}${limit.seed !== undefined ? ` seed ${limit.seed}` : ''}`);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

/** The server's state: mount, backend, stop state, requests in flight, counts per op. */
export function formatStatus(s: ServerStatus): string {
  const lines = [
    `mountpoint  ${s.mountpoint}`,
    `backend     ${s.backend}`,
    `connection  ${s.conn}`,
    `pid         ${s.pid}`,
    `state       ${s.stopped ? 'stopped (not reading /dev/fuse)' : 'serving'}`,
    `in flight   ${s.inflight.length}`,
  ];
  for (const r of s.inflight)
    lines.push(
      `  ${r.unique.padStart(8)}  ${r.op.padEnd(10)} ${r.held.padEnd(8)} ${formatDuration(Math.round(r.ageMs)).padStart(7)}  pid ${r.pid}${r.path !== undefined ? `  ${r.path}` : ''}`,
    );
  const counts = Object.entries(s.counts).sort(([a], [b]) => a.localeCompare(b));
  lines.push(
    `requests    ${counts.length === 0 ? 'none' : counts.map(([op, n]) => `${op}=${n}`).join(' ')}`,
  );
  return lines.join('\n');
}
