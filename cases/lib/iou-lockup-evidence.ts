// The evidence of a spinning namespace init, gathered without waiting on the
// spinning CPU: the watchdog's soft-lockup report and RCU stall lines from the
// kernel log (waited for: the watchdog reports after 2 * watchdog_thresh s),
// the tasks of the namespace in D with their stacks (the one that dropped the
// mount namespace last waits in synchronize_rcu_expedited for that CPU), and
// what /proc/PID/stack gives for the spinner.
import { readdirSync } from 'node:fs';
import { pidNamespace } from '../../harness/process/pids.js';
import { readStack } from '../../harness/proc/stack.js';
import type { KmsgCursor, KmsgRecord } from './kmsg.js';
import type { InitRun } from './iou-init-run.js';
import { threadSamples, type ThreadSample } from './iou-spin.js';
import { rcuStalls, softLockups, type SoftLockup } from './soft-lockup.js';

/** A task of the namespace in D. */
export interface NsTaskInD {
  pid: number;
  comm: string;
  frames: string[];
}

/** Everything that backs a lockup verdict. */
export interface LockupEvidence {
  spinner: ThreadSample;
  cpuShare: number;
  windowMs: number;
  /** the watchdog's report naming the spinner, if it came in time */
  report?: SoftLockup;
  /** every soft-lockup line seen (another task may be named first) */
  lockupLines: string[];
  rcuStalls: string[];
  /** /proc stack of the spinner, unwound from outside while it runs: the
   * innermost frames are stale, the zap_pid_ns_processes part holds */
  spinnerProcStack: string[] | null;
  /** zap_pid_ns_processes is on the /proc stack or in the watchdog's trace */
  inZap: boolean;
  dTasks: NsTaskInD[];
  initThreads: ThreadSample[];
  waitedMs: number;
}

// Processes whose pid namespace is NS, other than init, in D.
async function dTasksOf(ns: string, initPid: number): Promise<NsTaskInD[]> {
  const out: NsTaskInD[] = [];
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid === initPid || pidNamespace(pid) !== ns) continue;
    for (const t of threadSamples(pid)) {
      if (t.state !== 'D') continue;
      out.push({ pid, comm: t.comm, frames: (await readStack(pid, t.tid)) ?? [] });
    }
  }
  return out;
}

/** Collects the evidence, waiting up to waitMs for the watchdog to name the spinner. */
export async function lockupEvidence(
  run: InitRun,
  kmsg: KmsgCursor,
  { waitMs, signal }: { waitMs: number; signal?: AbortSignal },
): Promise<LockupEvidence> {
  if (run.fate.kind !== 'spinning') throw new Error('lockupEvidence: init is not spinning');
  const { thread, cpuShare, windowMs } = run.fate;
  const t0 = Date.now();
  const records: KmsgRecord[] = [];
  let report: SoftLockup | undefined;
  while (!signal?.aborted && Date.now() - t0 < waitMs) {
    records.push(...kmsg.read());
    report = softLockups(records).find((s) => s.pid === thread.tid);
    if (report) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  // the registers and the trace follow the head line in later records
  if (report) await new Promise((r) => setTimeout(r, 1000));
  records.push(...kmsg.read());
  report = softLockups(records).find((s) => s.pid === thread.tid);
  const spinnerProcStack = await readStack(run.initPid, thread.tid);
  const zap = (f: string) => f.replace(/^\?/, '') === 'zap_pid_ns_processes';
  return {
    spinner: thread,
    cpuShare,
    windowMs,
    report,
    lockupLines: softLockups(records).map((s) => s.line),
    rcuStalls: rcuStalls(records),
    spinnerProcStack,
    inZap: (spinnerProcStack ?? []).some(zap) || (report?.frames ?? []).some(zap),
    dTasks: await dTasksOf(run.ns, run.initPid),
    initThreads: threadSamples(run.initPid),
    waitedMs: Date.now() - t0,
  };
}
