// What belongs to a run: tracked pids (checked against their start time, so a
// reused pid is left alone), everything in the case child's session and in
// the process groups of tracked pids, and the FUSE mounts and connections the
// case tracked or made below its work directory.
import type { CaseState, RunState, TrackedPid } from './state.js';
import { mounts, numericEntries, statOf, type MountRef, type TaskStat } from './procfs.js';

/** The run, flattened for the recovery steps. */
export interface Scope {
  tracked: TrackedPid[];
  sessions: Set<number>;
  groups: Set<number>;
  /** processes started before this tick are never the run's */
  since: number;
  mounts: string[];
  workdirs: string[];
  connections: number[];
  sysctls: CaseState['sysctls'];
  /** the process that writes case state; stopped first */
  child?: TrackedPid;
}

/** Sessions and groups recovery must never signal: its own, the harness's, init's. */
function protectedIds(state: RunState): Set<number> {
  const ids = new Set<number>([0, 1, process.pid]);
  const self = statOf(process.pid);
  const init = statOf(1);
  for (const s of [self, init]) if (s) ids.add(s.pgrp).add(s.session);
  const h = state.runner?.harness;
  if (h) ids.add(h.pid).add(h.pgid).add(h.sid);
  return ids;
}

/** Flattens a run state into what recovery acts on. */
export function scopeOf(state: RunState): Scope {
  const guard = protectedIds(state);
  const child = state.runner?.current?.child;
  const tracked = [...(child ? [child] : []), ...state.cases.flatMap((c) => c.pids)];
  const sessions = new Set<number>();
  const groups = new Set<number>();
  for (const t of tracked) {
    if (!guard.has(t.sid)) sessions.add(t.sid);
    if (!guard.has(t.pgid)) groups.add(t.pgid);
  }
  const starts = tracked.map((t) => t.start);
  return {
    tracked,
    sessions,
    groups,
    since: state.runner?.harness.start ?? (starts.length ? Math.min(...starts) : 0),
    mounts: state.cases.flatMap((c) => c.mounts),
    workdirs: state.runner?.current ? [state.runner.current.workdir] : [],
    connections: state.cases.flatMap((c) => c.connections),
    sysctls: state.cases.flatMap((c) => c.sysctls),
    child,
  };
}

/** True when the live process pid is the one that was tracked. */
export function isTracked(scope: Scope, pid: number, st: TaskStat): boolean {
  return scope.tracked.some((t) => t.pid === pid && t.start === st.startTime);
}

/** Live processes of the run (zombies included), never the caller itself. */
export function runProcesses(scope: Scope): { pid: number; stat: TaskStat }[] {
  const out: { pid: number; stat: TaskStat }[] = [];
  for (const pid of numericEntries('/proc')) {
    if (pid === process.pid) continue;
    const st = statOf(pid);
    if (!st || st.startTime < scope.since) continue;
    if (isTracked(scope, pid, st) || scope.sessions.has(st.session) || scope.groups.has(st.pgrp)) {
      out.push({ pid, stat: st });
    }
  }
  return out;
}

/** True when every task of pid has exited: a zombie waiting only to be reaped,
 * unlike a zombie leader whose other threads still live (or sit in D). */
export function isDead(pid: number): boolean {
  const tids = numericEntries(`/proc/${pid}/task`);
  return tids.every((tid) => {
    const s = statOf(pid, tid)?.state;
    return s === undefined || s === 'Z' || s === 'X';
  });
}

/** Processes of the run that still matter: alive, or dead but waiting for a
 * parent of the run to reap them. A dead one whose parent is outside the run
 * (init, after the case child died) is that parent's to reap. */
export function pendingProcesses(scope: Scope): { pid: number; stat: TaskStat }[] {
  const procs = runProcesses(scope);
  const ours = new Set(procs.map((p) => p.pid));
  return procs.filter((p) => !(isDead(p.pid) && !ours.has(p.stat.ppid)));
}

const below = (path: string, dir: string) =>
  path === dir || path.startsWith(dir.endsWith('/') ? dir : `${dir}/`);

/** Mounts of the run: anything below a work directory, and FUSE mounts on
 * tracked mountpoints elsewhere (only FUSE there: unmounting again and again
 * must never reach a mount that was on that path before the case). */
export function runMounts(scope: Scope, { fuseOnly }: { fuseOnly: boolean }): MountRef[] {
  return mounts().filter((m) => {
    if (fuseOnly && !m.fuse) return false;
    if (scope.workdirs.some((d) => below(m.mountpoint, d))) return true;
    return m.fuse && scope.mounts.includes(m.mountpoint);
  });
}
