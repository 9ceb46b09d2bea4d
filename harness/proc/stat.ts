// /proc/PID/task/TID/stat: one line, "pid (comm) state ppid pgrp ..." (do_task_stat
// in fs/proc/array.c). comm may hold spaces and parentheses, so it runs from the
// first '(' to the last ')'.
import { readText } from './read.js';

// Task flags worth reporting (include/linux/sched.h).
export const PF_EXITING = 0x4; // set by do_exit before exit_files: fd table is going/gone
// a kernel thread: no user memory, no fd table of its own
export const PF_KTHREAD = 0x200000;

// The fields of a stat line that the harness uses.
export interface TaskStat {
  pid: number;
  comm: string;
  /** state letter: R S D Z T t X I P */
  state: string;
  ppid: number;
  pgrp: number;
  session: number;
  /** PF_* flags */
  flags: number;
  numThreads: number;
  /** clock ticks since boot: with pid, identifies a task across pid reuse */
  startTime: number;
  /** CPU it last ran on */
  processor: number;
  /** utime + stime in clock ticks: grows with the wall clock for a task that never yields */
  cpuTicks: number;
}

// Parses one stat line; throws on text that is not one.
export function parseStat(text: string): TaskStat {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) throw new Error(`not a /proc stat line: ${text.slice(0, 80)}`);
  const pid = Number(text.slice(0, open).trim());
  const comm = text.slice(open + 1, close);
  // rest[0] is field 3 (state); field n is rest[n - 3]
  const rest = text
    .slice(close + 1)
    .trim()
    .split(/\s+/);
  const field = (n: number): number => Number(rest[n - 3]);
  const state = rest[0];
  if (!Number.isInteger(pid) || !state || rest.length < 20) {
    throw new Error(`not a /proc stat line: ${text.slice(0, 80)}`);
  }
  return {
    pid,
    comm,
    state,
    ppid: field(4),
    pgrp: field(5),
    session: field(6),
    flags: field(9),
    numThreads: field(20),
    startTime: field(22),
    processor: field(39),
    cpuTicks: field(14) + field(15),
  };
}

// The stat of task TID of process PID, or null when it is gone.
export async function readTaskStat(pid: number, tid: number = pid): Promise<TaskStat | null> {
  const text = await readText(`/proc/${pid}/task/${tid}/stat`);
  return text === null ? null : parseStat(text);
}

// The stat of process PID (its leader's line, with process-wide counters), or null.
export async function readProcStat(pid: number): Promise<TaskStat | null> {
  const text = await readText(`/proc/${pid}/stat`);
  return text === null ? null : parseStat(text);
}
