// How a process ends up after a kill: gone (every task exited), or stuck with
// a task in D whose stack holds the given frames, stable long enough to call
// it a hang rather than a slow exit.
import { readProcess, type TaskSnapshot } from '../../harness/proc/task.js';
import { taskMatches } from '../../harness/wait.js';
import { waitStable } from '../../harness/wait-stable.js';

/** How a killed process settled. */
export type Settled =
  | { kind: 'exited'; ms: number }
  | { kind: 'stuck'; ms: number; task: TaskSnapshot }
  | { kind: 'undecided'; ms: number; last: unknown };

/** Waits until PID has exited or a task of it sits in D with FRAMES for stableMs. */
export async function settle(
  pid: number,
  {
    frames,
    stableMs = 1000,
    timeoutMs = 15_000,
    signal,
  }: { frames: string[]; stableMs?: number; timeoutMs?: number; signal?: AbortSignal },
): Promise<Settled> {
  const start = Date.now();
  // only a verdict that has not changed for stableMs counts: an exit too, as
  // a process that is still being reaped can show a task again
  const v = await waitStable<{ kind: 'exited' } | { kind: 'stuck'; task: TaskSnapshot }>(
    async () => {
      const p = await readProcess(pid);
      const alive = p?.tasks.filter((t) => t.state !== 'Z' && t.state !== 'X') ?? [];
      if (alive.length === 0) return { held: 'exited', value: { kind: 'exited' } };
      const stuck = alive.find((t) => taskMatches(t, ['D'], frames));
      return stuck && { held: `stuck:${stuck.tid}`, value: { kind: 'stuck', task: stuck } };
    },
    { stableMs, timeoutMs, signal, what: `${pid} to exit or hang in [${frames.join(', ')}]` },
  );
  const ms = Date.now() - start;
  return v ? { ...v, ms } : { kind: 'undecided', ms, last: await readProcess(pid) };
}
