// Evidence taken when a case runs past its deadline, before anything is
// killed: every task of the case's processes and every task in D on the
// machine, with state, kernel stack, wait channel and signals, as the incident
// write-ups read them by hand.
import { findStuckTasks } from '../proc/stuck.js';
import { readProcess, type TaskSnapshot } from '../proc/task.js';
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

/** Reads the evidence for the run recorded in stateDir. */
export async function captureTimeoutEvidence(stateDir: string): Promise<{
  tasks: TaskEvidence[];
  stuck: (TaskEvidence & { fuseConn: number | null })[];
  stuckError?: string;
}> {
  const scope = scopeOf(loadState(stateDir));
  const procs = await Promise.all(runProcesses(scope).map((p) => readProcess(p.pid)));
  const tasks = procs.flatMap((p) => p?.tasks ?? []).map(trim);
  const seen = new Set(tasks.map((t) => t.tid));
  // every other task in D, with the FUSE connection it (probably) waits on
  try {
    const stuck = (await findStuckTasks())
      .filter((t) => !seen.has(t.tid))
      .map((t) => ({ ...trim(t), fuseConn: t.fuse?.conn ?? null }));
    return { tasks, stuck };
  } catch (e) {
    return { tasks, stuck: [], stuckError: e instanceof Error ? e.message : String(e) };
  }
}
