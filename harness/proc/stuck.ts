// Every task on the machine in D state, read from /proc directly (no ps): the
// first thing the incident write-ups looked at, with the FUSE connection each
// one (probably) waits on.
import { readTaskDirs, readTaskFds } from './fds.js';
import { inferFuseWait, type FuseWait } from './fuse-wait.js';
import { listConnections, type FuseConnection } from '../../src/mount/fusectl.js';
import { readMountinfo, type Mount } from '../../src/mount/mountinfo.js';
import { readNs } from './ns.js';
import { readIds } from './read.js';
import { hasFrames } from './stack.js';
import { readTaskStat } from './stat.js';
import { readTask, type TaskSnapshot } from './task.js';

// A stuck task: its snapshot, pid namespace and inferred FUSE connection.
export interface StuckTask extends TaskSnapshot {
  pidNs: string | null;
  fuse: FuseWait | null;
}

// What the machine-wide reads share: read once per scan.
export interface FuseContext {
  connections: FuseConnection[];
  selfMounts: Mount[];
}

// Reads the connections and this process's mounts; without root the fusectl
// counters are unreadable and the connections list is empty.
export async function readFuseContext(): Promise<FuseContext> {
  const [connections, selfMounts] = await Promise.all([
    listConnections().catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'EACCES') return [];
      throw err;
    }),
    readMountinfo('self'),
  ]);
  return { connections, selfMounts };
}

// Infers the FUSE connection task TID of PID waits on (see fuse-wait.ts).
export async function fuseWaitOf(
  task: Pick<TaskSnapshot, 'pid' | 'tid' | 'stack' | 'exiting'>,
  ctx?: FuseContext,
): Promise<FuseWait | null> {
  const { connections, selfMounts } = ctx ?? (await readFuseContext());
  const [fds, dirs, taskMounts] = await Promise.all([
    readTaskFds(task.pid, task.tid),
    readTaskDirs(task.pid, task.tid),
    readMountinfo(task.pid),
  ]);
  return inferFuseWait({
    stack: task.stack,
    exiting: task.exiting,
    fds,
    ...dirs,
    taskMounts: taskMounts.length ? taskMounts : selfMounts,
    selfMounts,
    connections,
  });
}

const SCAN_BATCH = 32;

// Every [pid, tid] on the machine (or of `pids`) whose state letter is in `states`.
export async function scanTasks(
  states: readonly string[],
  pids?: readonly number[],
): Promise<[number, number][]> {
  // a few dozen processes at a time: concurrent enough to be quick (about 40 ms
  // for 300 tasks), bounded so thousands of tasks cannot exhaust fds (EMFILE)
  const all = pids ?? (await readIds('/proc'));
  const found: [number, number][] = [];
  for (let i = 0; i < all.length; i += SCAN_BATCH) {
    const batch = await Promise.all(
      all.slice(i, i + SCAN_BATCH).map(async (pid) => {
        const tids = await readIds(`/proc/${pid}/task`);
        const stats = await Promise.all(tids.map((tid) => readTaskStat(pid, tid)));
        return tids
          .filter((_, k) => states.includes(stats[k]?.state ?? ''))
          .map((tid): [number, number] => [pid, tid]);
      }),
    );
    found.push(...batch.flat());
  }
  return found;
}

// Options of findStuckTasks.
export interface FindStuckOptions {
  /** only tasks whose stack holds all of these frames (any order) */
  frames?: readonly string[];
  /** state letters that count as stuck (default D) */
  states?: readonly string[];
  /** only tasks of these processes */
  pids?: readonly number[];
}

// Every task in D (or `states`) on the machine, or of `pids`, optionally only
// those with `frames`, each with its FUSE connection inferred.
export async function findStuckTasks({
  frames = [],
  states = ['D'],
  pids,
}: FindStuckOptions = {}): Promise<StuckTask[]> {
  const [ids, ctx] = await Promise.all([scanTasks(states, pids), readFuseContext()]);
  const out: StuckTask[] = [];
  for (const [pid, tid] of ids) {
    const task = await readTask(pid, tid);
    // re-check: the task may have woken between the scan and the full read
    if (!task || !states.includes(task.state)) continue;
    if (frames.length && !(task.stack && hasFrames(task.stack, frames))) continue;
    const [ns, fuse] = await Promise.all([readNs(pid, 'pid'), fuseWaitOf(task, ctx)]);
    out.push({ ...task, pidNs: ns?.text ?? null, fuse });
  }
  return out;
}
