// After recovery: what of the run is still there. A task of the run in D, a
// process that outlived recovery or a FUSE mount left over each makes the
// case not ok, with the evidence in one line.
import { numericEntries, statOf, stackFrames } from './procfs.js';
import { runMounts, runProcesses, type Scope } from './scope.js';

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

/** Every problem left by the run, one line each; empty when the machine is clean. */
export function leftovers(scope: Scope): string[] {
  const out: string[] = [];
  for (const m of runMounts(scope, { fuseOnly: true })) {
    out.push(`mount left: ${m.mountpoint} (${m.fstype}, conn ${m.conn})`);
  }
  for (const { pid, stat } of runProcesses(scope)) {
    const stuck = dTasks(pid);
    for (const t of stuck) out.push(`task ${t.tid} of ${pid} (${t.comm}) in D: ${t.frames}`);
    if (stuck.length === 0) out.push(`process left: ${pid} (${stat.comm}) in ${stat.state}`);
  }
  return out;
}
