// CPU time of a server process for the benchmark, in nanoseconds where the
// kernel has them. /proc/PID/stat gives utime+stime in clock ticks (10 ms): a
// phase of 512 dd blocks that costs a server 0.1-0.3 s would be read to +-10%.
// Each live thread's /proc/PID/task/TID/schedstat starts with its
// se.sum_exec_runtime in ns (proc_pid_schedstat); threads that have exited
// are only in the process's own counters, so their share is taken from there.
import { readFileSync } from 'node:fs';
import { threadIds } from '../harness/process/pids.js';
import { parseStat, type TaskStat } from '../harness/proc/stat.js';

// Linux reports utime/stime in clock ticks; USER_HZ is 100 on every architecture we run
const TICKS_PER_SEC = 100;

// utime+stime of a /proc stat file, in ticks
const ticksOf = (file: string): number => parseStat(readFileSync(file, 'utf8')).cpuTicks;

/** One live thread: its stat line and its time on a CPU so far (schedstat's first field, ns). */
export interface ThreadTime {
  tid: number;
  stat: TaskStat;
  runNs: number;
}

/** PID's live threads ([] once it is gone); a thread that ends meanwhile is left out. */
export function threadTimes(pid: number): ThreadTime[] {
  const out: ThreadTime[] = [];
  for (const tid of threadIds(pid)) {
    const dir = `/proc/${pid}/task/${tid}`;
    try {
      const runNs = Number(readFileSync(`${dir}/schedstat`, 'utf8').split(' ')[0]);
      out.push({ tid, stat: parseStat(readFileSync(`${dir}/stat`, 'utf8')), runNs });
    } catch {
      // the thread ended meanwhile: its time is in the process's counters
    }
  }
  return out;
}

/** CPU seconds (user+system, all threads, exited ones too) of PID so far; 0 once it is gone. */
export function cpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return 0;
  let total: number;
  try {
    total = ticksOf(`/proc/${pid}/stat`);
  } catch {
    return 0;
  }
  let liveTicks = 0;
  let liveNs = 0;
  for (const t of threadTimes(pid)) {
    liveNs += t.runNs;
    liveTicks += t.stat.cpuTicks;
  }
  return Math.max(0, total - liveTicks) / TICKS_PER_SEC + liveNs / 1e9;
}
