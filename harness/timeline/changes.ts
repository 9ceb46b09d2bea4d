// Folding samples into state changes: a task's entry grows only when what it
// does changes (its state letter, its pending signals or its kernel stack), so
// a task asleep for a minute costs one entry, not six hundred samples.
import { TIMELINE_LIMITS, type StateChange, type TimelineTask } from './types.js';

// States a capped task still records: the rare ones the story is about.
const RARE = new Set(['D', 'Z', 'T', 't', 'X', '-']);

// Whether two samples say the same thing (times aside).
export function sameState(a: StateChange, b: StateChange): boolean {
  return (
    a.state === b.state &&
    (a.pending ?? []).join() === (b.pending ?? []).join() &&
    (a.stack ?? []).join() === (b.stack ?? []).join()
  );
}

/** Adds SAMPLE to TASK when it differs from the last change; returns whether it
 * was added, or 'dropped' when the per-task cap refused it. Past the cap only
 * the rare states (D, Z, T, gone) are still recorded, up to twice the cap. */
export function foldSample(
  task: TimelineTask,
  sample: StateChange,
  cap: number = TIMELINE_LIMITS.changesPerTask,
): boolean | 'dropped' {
  const last = task.changes.at(-1);
  if (last && sameState(last, sample)) return false;
  const n = task.changes.length;
  if (n >= 2 * cap || (n >= cap && !RARE.has(sample.state))) return 'dropped';
  task.changes.push(sample);
  return true;
}

/** A time in seconds since ORIGIN, rounded to the millisecond. */
export function since(origin: number, ts: number): number {
  return Math.round((ts - origin) * 1000) / 1000;
}
