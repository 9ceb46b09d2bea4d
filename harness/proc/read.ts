// Reading /proc and /sys: a task can vanish between two reads, so "gone" is a
// value (null), not an exception; every other failure is a real error.
import { readFile, readlink, readdir } from 'node:fs/promises';

// errno codes meaning "this task or file is not there (any more)" or "not for you":
// ESRCH comes from /proc files of a task that was reaped mid-read, EACCES from
// /proc/PID/stack for non-root (proc_pid_stack checks ptrace_may_access + CAP_SYS_ADMIN).
const GONE = new Set(['ENOENT', 'ESRCH', 'ENOTDIR', 'EACCES', 'EPERM', 'EINVAL']);

function isGone(err: unknown): boolean {
  return GONE.has((err as NodeJS.ErrnoException)?.code ?? '');
}

// A text file, or null when it (or its task) is gone or unreadable.
export async function readText(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if (isGone(err)) return null;
    throw err;
  }
}

// A symlink's target, or null when gone or unreadable.
export async function readLink(path: string): Promise<string | null> {
  try {
    return await readlink(path);
  } catch (err) {
    if (isGone(err)) return null;
    throw err;
  }
}

// A directory's entries, or null when gone or unreadable.
export async function readDir(path: string): Promise<string[] | null> {
  try {
    return await readdir(path);
  } catch (err) {
    if (isGone(err)) return null;
    throw err;
  }
}

// The numeric entries of a /proc directory (pids under /proc, tids under task/).
export async function readIds(path: string): Promise<number[]> {
  const names = (await readDir(path)) ?? [];
  return names.filter((n) => /^\d+$/.test(n)).map(Number);
}

// Reads that did not finish within their time limit and are still pending, by path.
const blocked = new Map<string, Promise<string | null>>();

// A text file, or 'blocked' when the read takes longer than `ms`. Some /proc
// files wait on a lock the task itself may hold while stuck: /proc/PID/stack
// goes through lock_trace, which takes cred_guard_mutex before 5.7 (held by
// execve while it reads the binary) and exec_update_lock since eea9673250db
// (held from begin_new_exec on). The read cannot be cancelled, so it stays
// pending (on a libuv pool thread) until the task moves; a second read of the
// same path while one is pending answers 'blocked' at once instead of taking
// another pool thread.
export async function readTextWithin(path: string, ms: number): Promise<string | null | 'blocked'> {
  const pending = blocked.get(path);
  if (pending) return 'blocked';
  const read = readText(path);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'blocked'>((resolve) => {
    timer = setTimeout(() => resolve('blocked'), ms);
    timer.unref();
  });
  const r = await Promise.race([read, late]);
  clearTimeout(timer);
  if (r === 'blocked') {
    blocked.set(path, read);
    void read.finally(() => blocked.delete(path)).catch(() => undefined);
  }
  return r;
}

// How many reads are still blocked: a command that finished its output while some
// are pending must exit explicitly, since a pending read keeps the event loop alive.
export function blockedReads(): number {
  return blocked.size;
}
