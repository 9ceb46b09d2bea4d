// How a process ends up after a kill: gone (every task exited), or stuck with
// a task in D whose stack holds the given frames, stable long enough to call
// it a hang rather than a slow exit.
import { readProcess, type TaskSnapshot } from '../../harness/proc/task.js';
import { taskMatches, waitFor, WaitTimeout } from '../../harness/wait.js';

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
  let key = '';
  let keySince = start;
  try {
    const v = await waitFor(
      async () => {
        const p = await readProcess(pid);
        const alive = p?.tasks.filter((t) => t.state !== 'Z' && t.state !== 'X') ?? [];
        const stuck = alive.find((t) => taskMatches(t, ['D'], frames));
        const now = alive.length === 0 ? 'exited' : stuck ? `stuck:${stuck.tid}` : '';
        if (now !== key) [key, keySince] = [now, Date.now()];
        // only a verdict that has not changed for stableMs counts
        if (!now || Date.now() - keySince < stableMs) return undefined;
        return alive.length === 0
          ? ({ kind: 'exited' } as const)
          : { kind: 'stuck' as const, task: stuck! };
      },
      { timeoutMs, signal, what: `${pid} to exit or hang in [${frames.join(', ')}]` },
    );
    return { ...v, ms: Date.now() - start } as Settled;
  } catch (err) {
    if (!(err instanceof WaitTimeout)) throw err;
    return { kind: 'undecided', ms: Date.now() - start, last: await readProcess(pid) };
  }
}
