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
