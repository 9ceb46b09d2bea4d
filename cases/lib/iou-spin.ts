// Watching a pid namespace's init die, from /proc only: once init's last
// thread runs zap_pid_ns_processes it either sleeps in do_wait until the
// namespace is empty (the namespace ends), or, carrying TIF_NOTIFY_SIGNAL
// without the fix, never sleeps: signal_pending() stays true, do_wait returns
// -ERESTARTSYS at once, and on a non-preemptible kernel the thread keeps its
// CPU for good. A spinning thread is told by its CPU time, which then grows
// as fast as the wall clock; not by its state, which flips between R and S
// (do_wait sets TASK_INTERRUPTIBLE before it looks, then gives up without
// sleeping). Its kernel stack cannot be read reliably while it runs (wchan is
// 0): the watchdog's report gives that.
import { readFileSync, readdirSync } from 'node:fs';
import { parseStat } from '../../harness/proc/stat.js';

/** One thread of a process as /proc/PID/task/TID/stat shows it. */
export interface ThreadSample {
  tid: number;
  comm: string;
  state: string;
  /** utime + stime in clock ticks */
  ticks: number;
}

// CLK_TCK: USER_HZ is 100 on x86.
const HZ = 100;

/** Parses a stat line into a sample; undefined for anything else. */
export function parseThreadStat(text: string): ThreadSample | undefined {
  try {
    const s = parseStat(text);
    return Number.isFinite(s.cpuTicks)
      ? { tid: s.pid, comm: s.comm, state: s.state, ticks: s.cpuTicks }
      : undefined;
  } catch {
    return undefined;
  }
}

/** Every thread of PID now; [] once the process is gone. */
export function threadSamples(pid: number): ThreadSample[] {
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  return tids.flatMap((tid) => {
    try {
      const s = parseThreadStat(readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8'));
      return s ? [s] : [];
    } catch {
      return [];
    }
  });
}

/** How init's death went. */
export type InitFate =
  | { kind: 'ended'; ms: number; last: ThreadSample[] }
  | {
      kind: 'spinning';
      ms: number;
      thread: ThreadSample;
      /** CPU seconds the thread used per wall second over the window */
      cpuShare: number;
      windowMs: number;
      /** init's threads when the spin was seen */
      threads: ThreadSample[];
    }
  | { kind: 'undecided'; ms: number; last: ThreadSample[] };

/**
 * Samples PID until it is gone, or until its only live thread has used at
 * least MINSHARE of a CPU for windowMs, or timeoutMs passes.
 */
export async function watchInitDeath(
  pid: number,
  {
    windowMs = 3000,
    minShare = 0.8,
    timeoutMs = 15_000,
    signal,
  }: { windowMs?: number; minShare?: number; timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<InitFate> {
  const t0 = Date.now();
  const seen: { at: number; tid: number; ticks: number }[] = [];
  let last: ThreadSample[] = [];
  while (!signal?.aborted) {
    const now = Date.now();
    const threads = threadSamples(pid);
    if (threads.length === 0) return { kind: 'ended', ms: now - t0, last };
    last = threads;
    const live = threads.filter((t) => t.state !== 'Z' && t.state !== 'X');
    const only = live.length === 1 ? live[0]! : undefined;
    if (only) {
      seen.push({ at: now, tid: only.tid, ticks: only.ticks });
      const first = seen.find((s) => s.tid === only.tid && now - s.at >= windowMs);
      if (first) {
        const share = (only.ticks - first.ticks) / HZ / ((now - first.at) / 1000);
        if (share >= minShare) {
          return {
            kind: 'spinning',
            ms: now - t0,
            thread: only,
            cpuShare: Math.round(share * 100) / 100,
            windowMs: now - first.at,
            threads,
          };
        }
      }
    } else seen.length = 0;
    if (now - t0 > timeoutMs) return { kind: 'undecided', ms: now - t0, last };
    await new Promise((r) => setTimeout(r, 250));
  }
  return { kind: 'undecided', ms: Date.now() - t0, last };
}
