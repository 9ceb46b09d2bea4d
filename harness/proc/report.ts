// Stuck tasks as text, laid out the way the incident write-ups did it by hand:
// who, state, wait channel, kernel stack, signals, pid namespace, FUSE connection.
import type { FuseConnection } from '../../src/mount/fusectl.js';
import type { StuckTask } from './stuck.js';

const INDENT = '             ';

function row(label: string, value: string): string {
  return `  ${label.padEnd(INDENT.length - 2)}${value}`;
}

function list(names: readonly string[]): string {
  return names.length ? names.join(',') : '-';
}

// One task's block of lines.
export function formatTask(t: StuckTask): string[] {
  const lines = [
    `${t.comm}  pid ${t.pid}  tid ${t.tid}  ppid ${t.ppid}  state ${t.state}${t.stateName ? ` (${t.stateName})` : ''}` +
      `${t.exiting ? '  exiting' : ''}${t.kthread ? '  kernel thread' : ''}`,
    row('wchan', t.wchan ?? '-'),
  ];
  if (t.stack === null) lines.push(row('stack', `unreadable: ${t.stackError ?? '?'}`));
  else t.stack.forEach((f, i) => lines.push(i === 0 ? row('stack', f) : `${INDENT}${f}`));
  const s = t.signals;
  lines.push(
    row(
      'signals',
      `pending ${list(s.pending)}  shared ${list(s.shared)}  blocked ${list(s.blocked)}`,
    ),
    row('pid ns', `${t.pidNs ?? '-'}  nspid ${t.nspid.join(' ') || '-'}`),
  );
  const f = t.fuse;
  if (!f) lines.push(row('fuse', '-'));
  else {
    const where = f.mountpoint ? ` on ${f.mountpoint} (${f.fstype})` : '';
    const conn =
      f.conn === null
        ? 'connection unknown'
        : `connection ${f.conn}${where}, waiting ${f.waiting ?? '?'}`;
    lines.push(row('fuse', `${conn} (inferred)`));
    if (f.basis.length) lines.push(`${INDENT}from: ${f.basis.join('; ')}`);
    if (f.candidates.length > 1) lines.push(`${INDENT}candidates: ${f.candidates.join(', ')}`);
    if (f.note) lines.push(`${INDENT}note: ${f.note}`);
  }
  return lines;
}

// The whole report: every stuck task, then the FUSE connections with waiters.
export function formatStuckReport(
  tasks: readonly StuckTask[],
  connections: readonly FuseConnection[] | null,
): string {
  const out = [
    tasks.length === 0
      ? 'no task in D state'
      : `${tasks.length} task${tasks.length === 1 ? '' : 's'} in D state`,
  ];
  for (const t of tasks) out.push('', ...formatTask(t));
  out.push('');
  if (connections === null)
    out.push('FUSE connections: unknown (fusectl not mounted or not readable: needs root)');
  else if (connections.length === 0) out.push('FUSE connections: none');
  else
    out.push(
      `FUSE connections: ${connections.map((c) => `${c.id} (waiting ${c.waiting})`).join(', ')}`,
    );
  return `${out.join('\n')}\n`;
}
