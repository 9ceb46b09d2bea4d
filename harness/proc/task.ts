// Snapshots of tasks and processes: everything the incident write-ups read by
// hand, gathered in one call. Each file is read once; a task that disappears
// midway yields null rather than a half-filled snapshot.
import { readIds } from './read.js';
import { readNs, type NsId } from './ns.js';
import { readStackWithReason, readWchan } from './stack.js';
import { PF_EXITING, PF_KTHREAD, readTaskStat } from './stat.js';
import { readTaskStatus, type SignalSets } from './status.js';

// One task (thread) as seen at one moment.
export interface TaskSnapshot {
  pid: number;
  tid: number;
  comm: string;
  /** state letter from stat: R S D Z T t X I */
  state: string;
  stateName: string;
  ppid: number;
  pgrp: number;
  flags: number;
  exiting: boolean;
  kthread: boolean;
  startTime: number;
  /** innermost frame first; null when unreadable (see stackError) */
  stack: string[] | null;
  /** why the stack is null: 'root only', 'gone', 'read blocked: ...' */
  stackError: string | null;
  wchan: string | null;
  signals: SignalSets;
  /** the task's pid in each pid namespace, outermost first */
  nspid: number[];
}

// One process: its tasks and namespaces.
export interface ProcessSnapshot {
  pid: number;
  comm: string;
  /** the leader's state letter */
  state: string;
  tasks: TaskSnapshot[];
  ns: { pid: NsId | null; pidForChildren: NsId | null; mnt: NsId | null };
}

// Task TID of process PID, or null when it is gone.
export async function readTask(pid: number, tid: number = pid): Promise<TaskSnapshot | null> {
  const [stat, status, stack, wchan] = await Promise.all([
    readTaskStat(pid, tid),
    readTaskStatus(pid, tid),
    readStackWithReason(pid, tid),
    readWchan(pid, tid),
  ]);
  if (!stat || !status) return null;
  return {
    pid,
    tid,
    comm: stat.comm,
    state: stat.state,
    stateName: status.stateName,
    ppid: stat.ppid,
    pgrp: stat.pgrp,
    flags: stat.flags,
    exiting: (stat.flags & PF_EXITING) !== 0,
    kthread: (stat.flags & PF_KTHREAD) !== 0,
    startTime: stat.startTime,
    stack: stack.frames,
    stackError: stack.error,
    wchan,
    signals: status.signals,
    nspid: status.nspid,
  };
}

// The tids of process PID (empty when gone).
export async function readTids(pid: number): Promise<number[]> {
  return (await readIds(`/proc/${pid}/task`)).sort((a, b) => a - b);
}

// Process PID with every task, or null when it is gone.
export async function readProcess(pid: number): Promise<ProcessSnapshot | null> {
  const [tids, nsPid, nsChildren, nsMnt] = await Promise.all([
    readTids(pid),
    readNs(pid, 'pid'),
    readNs(pid, 'pid_for_children'),
    readNs(pid, 'mnt'),
  ]);
  const tasks = (await Promise.all(tids.map((tid) => readTask(pid, tid)))).filter(
    (t): t is TaskSnapshot => t !== null,
  );
  const leader = tasks.find((t) => t.tid === pid);
  if (!leader) return null;
  return {
    pid,
    comm: leader.comm,
    state: leader.state,
    tasks,
    ns: { pid: nsPid, pidForChildren: nsChildren, mnt: nsMnt },
  };
}
