// Synchronous reads of /proc for recovery, on top of harness/proc's parsers:
// recovery scans every process several times while it waits for them to die,
// and the watchdog has nothing else to do.
import { readdirSync, readFileSync } from 'node:fs';
import { parseMountinfo, isFuseMount, connectionOf } from '../../src/mount/mountinfo.js';
import { parseStack } from '../proc/stack.js';
import { parseStat, type TaskStat } from '../proc/stat.js';

export type { TaskStat };

function readOr(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** stat of a process (or one of its tasks); undefined once it is reaped. */
export function statOf(pid: number, tid?: number): TaskStat | undefined {
  const text = readOr(tid === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${tid}/stat`);
  try {
    return text === undefined ? undefined : parseStat(text);
  } catch {
    return undefined;
  }
}

/** Every numeric entry of dir (pids in /proc, tids in /proc/PID/task). */
export function numericEntries(dir: string): number[] {
  try {
    return readdirSync(dir)
      .filter((n) => /^\d+$/.test(n))
      .map(Number);
  } catch {
    return [];
  }
}

/** Kernel stack frames of a task, innermost first; empty when unreadable. */
export function stackFrames(pid: number, tid: number): string[] {
  return parseStack(readOr(`/proc/${pid}/task/${tid}/stack`) ?? '');
}

/** A mount of this mount namespace; conn is its fusectl connection number. */
export interface MountRef {
  mountpoint: string;
  fstype: string;
  fuse: boolean;
  conn: number;
}

/** Every mount in /proc/self/mountinfo. */
export function mounts(): MountRef[] {
  return parseMountinfo(readOr('/proc/self/mountinfo') ?? '').map((m) => ({
    mountpoint: m.mountpoint,
    fstype: m.fstype,
    fuse: isFuseMount(m),
    conn: connectionOf(m),
  }));
}
