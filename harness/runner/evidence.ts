// Evidence taken when a case runs past its deadline, before anything is
// killed: every task of the case's processes and every task in D on the
// machine, with state, kernel stack, wait channel and signals, as the incident
// write-ups read them by hand.
import { readProcess, readTask, type TaskSnapshot } from '../proc/task.js';
import { numericEntries, statOf } from '../recovery/procfs.js';
import { runProcesses, scopeOf } from '../recovery/scope.js';
import { loadState } from '../recovery/state.js';

/** One task, trimmed to what a reader of the evidence needs. */
export interface TaskEvidence {
  pid: number;
  tid: number;
  comm: string;
  state: string;
  stack: string[] | null;
  wchan: string | null;
  /** SigPnd and ShdPnd, by name */
  pending: string[];
  shared: string[];
  blocked: string[];
}

function trim(t: TaskSnapshot): TaskEvidence {
  const { pid, tid, comm, state, stack, wchan, signals } = t;
  return {
    pid,
    tid,
    comm,
    state,
    stack,
    wchan,
    pending: signals.pending,
    shared: signals.shared,
    blocked: signals.blocked,
  };
}

/** Every task in D on the machine, as [pid, tid]. */
export function dStateTids(): [number, number][] {
  const out: [number, number][] = [];
  for (const pid of numericEntries('/proc')) {
    for (const tid of numericEntries(`/proc/${pid}/task`)) {
      if (statOf(pid, tid)?.state === 'D') out.push([pid, tid]);
    }
  }
  return out;
}

/** Reads the evidence for the run recorded in stateDir. */
export async function captureTimeoutEvidence(stateDir: string): Promise<{
  tasks: TaskEvidence[];
  stuck: TaskEvidence[];
}> {
  const scope = scopeOf(loadState(stateDir));
  const procs = await Promise.all(runProcesses(scope).map((p) => readProcess(p.pid)));
  const tasks = procs.flatMap((p) => p?.tasks ?? []).map(trim);
  const seen = new Set(tasks.map((t) => t.tid));
  const others = dStateTids().filter(([, tid]) => !seen.has(tid));
  const stuck = (await Promise.all(others.map(([pid, tid]) => readTask(pid, tid))))
    .filter((t): t is TaskSnapshot => t !== null && t.state === 'D')
    .map(trim);
  return { tasks, stuck };
}
