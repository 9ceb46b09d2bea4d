// Tasks in D with FUSE frames on their kernel stack, machine-wide: taken at
// the start of a run, so that recovery can tell stuck tasks the run made from
// ones that were there before.
import { isFuseFrame } from '../proc/fuse-wait.js';
import { findStuckTasks, type StuckTask } from '../proc/stuck.js';

/** Every task in D waiting in FUSE code, with its inferred connection. */
export async function fuseStuckTasks(): Promise<StuckTask[]> {
  return (await findStuckTasks()).filter((t) => t.stack?.some(isFuseFrame));
}

/** Their tids; empty when /proc or fusectl could not be read (the baseline
 * only narrows what recovery blames on the run, it must not stop the run). */
export async function fuseStuckTids(): Promise<number[]> {
  try {
    return (await fuseStuckTasks()).map((t) => t.tid);
  } catch {
    return [];
  }
}
