// Waiting on the kernel without fixed sleeps: poll a probe adaptively (5 ms at
// first, backing off to 100 ms) until its answer has held for stableMs, so a
// verdict such as "task in D in fuse_flush, stable for 500 ms" comes in about
// stableMs after it becomes true, and a timeout carries what was last seen.
import { setTimeout as sleep } from 'node:timers/promises';
import { readProcess, type TaskSnapshot } from './proc/task.js';
import { readProcStat } from './proc/stat.js';
import { hasFrames } from './proc/stack.js';

const FIRST_DELAY_MS = 5;
const MAX_DELAY_MS = 100;
// while the probe holds, look at least this often, so a flicker inside the
// stable window is seen and restarts it
const STABLE_SAMPLE_MS = 25;

// A wait that ran out of time; `evidence` is what the probe saw last.
export class WaitTimeout extends Error {
  override name = 'WaitTimeout';
  constructor(
    message: string,
    readonly evidence: unknown,
    readonly elapsedMs: number,
  ) {
    super(message);
  }
}

// Options of every wait.
export interface WaitOptions {
  timeoutMs: number;
  /** the probe must stay truthy this long before the wait resolves */
  stableMs?: number;
  signal?: AbortSignal;
  /** what to attach to a WaitTimeout (default: the probe's last value) */
  evidence?: () => unknown;
  /** what the wait is for, for the timeout message */
  what?: string;
}

// What a truthy value of T can be.
export type Truthy<T> = Exclude<T, false | null | undefined | 0 | ''>;

// Resolves with the probe's last value once it has been truthy for stableMs.
export async function waitFor<T>(
  probe: () => T | Promise<T>,
  { timeoutMs, stableMs = 0, signal, evidence, what = 'condition' }: WaitOptions,
): Promise<Truthy<T>> {
  const start = performance.now();
  let delay = FIRST_DELAY_MS;
  let since: number | null = null;
  for (;;) {
    signal?.throwIfAborted();
    const value = await probe();
    const now = performance.now();
    if (value) {
      since ??= now;
      if (now - since >= stableMs) return value as Truthy<T>;
    } else {
      since = null;
    }
    const elapsed = Math.round(now - start);
    if (elapsed >= timeoutMs) {
      const seen = evidence ? evidence() : value;
      const held =
        since === null ? 'never true at the end' : `true for ${Math.round(now - since)} ms only`;
      throw new WaitTimeout(
        `timed out after ${elapsed} ms waiting for ${what} (${held})`,
        seen,
        elapsed,
      );
    }
    // back off while nothing changes; never sleep past the deadline or the stable point
    let next = Math.min(delay, timeoutMs - elapsed);
    if (since !== null) {
      next = Math.min(next, STABLE_SAMPLE_MS, Math.max(1, stableMs - (now - since)));
    }
    // an aborted sleep rejects with a generic AbortError: rethrow the caller's reason
    await sleep(Math.max(1, next), undefined, signal ? { signal } : undefined).catch(
      (err: unknown) => {
        signal?.throwIfAborted();
        throw err;
      },
    );
    delay = Math.min(MAX_DELAY_MS, Math.ceil(delay * 1.5));
  }
}

// Options of waitForTaskState.
export interface TaskStateOptions extends Omit<WaitOptions, 'evidence' | 'what'> {
  /** frames the task's kernel stack must hold, in any order */
  frames?: readonly string[];
}

// Whether a task is in one of `states` with `frames` on its stack.
export function taskMatches(
  task: TaskSnapshot,
  states: readonly string[],
  frames: readonly string[] = [],
): boolean {
  return (
    states.includes(task.state) &&
    (frames.length === 0 || (task.stack !== null && hasFrames(task.stack, frames)))
  );
}

// Waits until task TID (or any task) of PID is in one of `states` (with `frames`),
// stable for stableMs; resolves with that task, times out with every task seen.
export async function waitForTaskState(
  pid: number,
  tid: number | 'any',
  states: string | readonly string[],
  { frames = [], ...opts }: TaskStateOptions,
): Promise<TaskSnapshot> {
  const want = typeof states === 'string' ? [states] : states;
  let last: unknown = null;
  return waitFor(
    async () => {
      const proc = await readProcess(pid);
      last = proc ?? { pid, gone: true };
      const tasks = proc?.tasks.filter((t) => tid === 'any' || t.tid === tid) ?? [];
      return tasks.find((t) => taskMatches(t, want, frames));
    },
    {
      ...opts,
      evidence: () => last,
      what: `${tid === 'any' ? 'a task' : `task ${tid}`} of ${pid} in ${want.join('/')}${frames.length ? ` with [${frames.join(', ')}]` : ''}`,
    },
  );
}

// Whether process PID has exited: gone from /proc, reused (another start time),
// or every task of it dead (Z/X: exited, not yet reaped). A zombie leader with a
// live thread has not exited.
export async function hasExited(pid: number, startTime?: number): Promise<boolean> {
  const proc = await readProcess(pid);
  if (!proc) return true;
  const leader = proc.tasks.find((t) => t.tid === pid);
  if (startTime !== undefined && leader && leader.startTime !== startTime) return true;
  return proc.tasks.every((t) => t.state === 'Z' || t.state === 'X');
}

// Waits until process PID has exited (see hasExited); times out with its snapshot.
export async function waitForExit(
  pid: number,
  opts: Omit<WaitOptions, 'evidence' | 'what'>,
): Promise<true> {
  const startTime = (await readProcStat(pid))?.startTime;
  return waitFor(() => hasExited(pid, startTime), {
    ...opts,
    evidence: () => undefined,
    what: `process ${pid} to exit`,
  }).catch(async (err: unknown) => {
    if (err instanceof WaitTimeout) {
      throw new WaitTimeout(err.message, await readProcess(pid), err.elapsedMs);
    }
    throw err;
  });
}
