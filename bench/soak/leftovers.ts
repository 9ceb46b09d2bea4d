// What a soak step may leave behind, and taking it away again. Only things the
// soak itself made are touched: mounts below its own directories (or named by
// the run it started), connections of those mounts, processes it tracked.
import { execa } from 'execa';
import { mounts, statOf, numericEntries, type MountRef } from '../../harness/recovery/procfs.js';
import { abortConnection } from '../../src/mount/fusectl.js';

/** A process as the soak saw it; the start time guards against pid reuse. */
export interface SeenPid {
  pid: number;
  start: number;
}

/** FUSE mounts for which OURS(mountpoint) holds. */
export function fuseMountsWhere(ours: (mountpoint: string) => boolean): MountRef[] {
  return mounts().filter((m) => m.fuse && ours(m.mountpoint));
}

/** FUSE mounts at or below DIR. */
export function ourFuseMounts(dir: string): MountRef[] {
  return fuseMountsWhere((mp) => mp === dir || mp.startsWith(`${dir}/`));
}

/** Whether the process is still the one seen (not gone, not a reused pid). */
export function sameProcess(p: SeenPid): boolean {
  return statOf(p.pid)?.startTime === p.start;
}

/** Tasks (pid/tid) of PIDS in D state. */
export function dTasks(pids: readonly SeenPid[]): string[] {
  const out: string[] = [];
  for (const p of pids) {
    if (!sameProcess(p)) continue;
    for (const tid of numericEntries(`/proc/${p.pid}/task`))
      if (statOf(p.pid, tid)?.state === 'D') out.push(`${p.pid}/${tid}`);
  }
  return out;
}

/** PIDS with a task that is not a zombie. */
export function liveProcesses(pids: readonly SeenPid[]): number[] {
  return pids
    .filter(
      (p) =>
        sameProcess(p) &&
        numericEntries(`/proc/${p.pid}/task`).some((tid) => statOf(p.pid, tid)?.state !== 'Z'),
    )
    .map((p) => p.pid);
}

/** Aborts the connection of each mount and unmounts it lazily; what was done, one line each. */
export async function releaseMounts(list: readonly MountRef[]): Promise<string[]> {
  const done: string[] = [];
  for (const m of list) {
    // a dead server's connection may still hold waiters: fuse_abort_conn frees them
    if (await abortConnection(m.conn).catch(() => false)) done.push(`aborted conn ${m.conn}`);
    const r = await execa('umount', ['-l', m.mountpoint], { reject: false });
    if (r.exitCode === 0) done.push(`unmounted ${m.mountpoint}`);
  }
  return done;
}

/** SIGKILLs whichever of PIDS is still the process seen. */
export function killAll(pids: readonly SeenPid[]): void {
  for (const p of pids) {
    if (!sameProcess(p)) continue;
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
}
