// Waiting until what a poll sees has held still. A task asleep in the same
// state for stableMs is a hang, not a passing sleep, while a return or an exit
// is final at once; waitFor's own stableMs only asks the probe to stay truthy,
// not to keep its answer, so a task that moves from S to D would pass it.
import { waitFor, WaitTimeout } from './wait.js';

/** One look: final at once, a state that must hold for stableMs (named by
 * `held`), or nothing to say yet. */
export type Look<T> = { final: T } | { held: string; value: T } | undefined;

/** Options of waitStable. */
export interface StableOptions {
  stableMs: number;
  timeoutMs: number;
  signal?: AbortSignal;
  /** what the wait is for, for the timeout message */
  what: string;
}

/**
 * Polls LOOK until it gives a final answer or the same `held` state for
 * stableMs, and resolves with that answer; with undefined when none came by
 * timeoutMs (an abort still throws).
 */
export async function waitStable<T>(
  look: () => Promise<Look<T>>,
  { stableMs, timeoutMs, signal, what }: StableOptions,
): Promise<T | undefined> {
  let key = '';
  let since = Date.now();
  try {
    const { answer } = await waitFor(
      async () => {
        const l = await look();
        if (l && 'final' in l) return { answer: l.final };
        const held = l?.held ?? '';
        const at = Date.now();
        if (held !== key) [key, since] = [held, at];
        return l && held && at - since >= stableMs ? { answer: l.value } : undefined;
      },
      { timeoutMs, signal, what },
    );
    return answer;
  } catch (err) {
    if (!(err instanceof WaitTimeout)) throw err;
    return undefined;
  }
}
