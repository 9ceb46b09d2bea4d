// Tasks in D with FUSE frames on their kernel stack, machine-wide: taken at
// the start of a run, so that recovery can tell stuck tasks the run made from
// ones that were there before.
import { isFuseFrame } from '../proc/fuse-wait.js';
import { stackFrames } from '../recovery/procfs.js';
import { dStateTids } from './evidence.js';

/** Tids of every task in D waiting in FUSE code. */
export function fuseStuckTids(): number[] {
  return dStateTids()
    .filter(([pid, tid]) => stackFrames(pid, tid).some(isFuseFrame))
    .map(([, tid]) => tid);
}
