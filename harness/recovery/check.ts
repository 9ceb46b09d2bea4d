// After recovery: what of the run is still there. A task of the run in D, a
// process that outlived recovery or a FUSE mount left over each makes the
// case not ok, with the evidence in one line.
import { numericEntries, statOf, stackFrames } from './procfs.js';
import { pendingProcesses, runMounts, type Scope } from './scope.js';
import { fuseStuckTasks } from './stuck.js';

/** Frames of a task's stack, innermost first, as one line. */
export function frameLine(pid: number, tid: number): string {
  return stackFrames(pid, tid).slice(0, 6).join(' < ');
}

/** Tasks of pid in D, with their kernel stacks. */
export function dTasks(pid: number): { tid: number; comm: string; frames: string }[] {
  const out = [];
  for (const tid of numericEntries(`/proc/${pid}/task`)) {
    const st = statOf(pid, tid);
    if (st?.state === 'D') out.push({ tid, comm: st.comm, frames: frameLine(pid, tid) });
  }
  return out;
}

/** What tells a stuck task of the run from anyone else's. */
export interface Known {
  /** FUSE-stuck tids from before the run */
  baseline: readonly number[];
  /** the run's connections, as they were before recovery unmounted anything */
  conns: readonly number[];
}

// A task outside the run's sessions and groups (started detached and not
// tracked) that appeared in D in FUSE code during the run, waiting on one of
// the run's connections. One whose connection cannot be told is not counted:
// other users of the machine have stuck tasks of their own.
async function escaped(scope: Scope, known: Known, mine: Set<number>): Promise<string[]> {
  const out: string[] = [];
  let stuck: Awaited<ReturnType<typeof fuseStuckTasks>>;
  try {
    stuck = await fuseStuckTasks();
  } catch {
    // best effort: the run's own processes were checked above without it
    return [];
  }
  for (const t of stuck) {
    if (mine.has(t.pid) || known.baseline.includes(t.tid) || t.startTime < scope.since) continue;
    const conn = t.fuse?.conn ?? null;
    if (conn === null || !known.conns.includes(conn)) continue;
    const frames = (t.stack ?? []).slice(0, 6).join(' < ');
    out.push(`task ${t.tid} of ${t.pid} (${t.comm}) in D on conn ${conn}: ${frames}`);
  }
  return out;
}

/** Every problem left by the run, one line each; empty when the machine is clean. */
export async function leftovers(
  scope: Scope,
  known: Known = { baseline: [], conns: [] },
): Promise<string[]> {
  const out: string[] = [];
  for (const m of runMounts(scope, { fuseOnly: true })) {
    out.push(`mount left: ${m.mountpoint} (${m.fstype}, conn ${m.conn})`);
  }
  const procs = pendingProcesses(scope);
  for (const { pid, stat } of procs) {
    const stuck = dTasks(pid);
    for (const t of stuck) out.push(`task ${t.tid} of ${pid} (${t.comm}) in D: ${t.frames}`);
    if (stuck.length === 0) out.push(`process left: ${pid} (${stat.comm}) in ${stat.state}`);
  }
  return [...out, ...(await escaped(scope, known, new Set(procs.map((p) => p.pid))))];
}
