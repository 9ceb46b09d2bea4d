// Watching one `fusefault run` from outside: who it is, what its state
// directory names (harness/recovery/state.ts: tracked pids, mounts, the case's
// work directory), and every process below it, collected while it runs so
// that after a kill the soak knows what was the run's. "Clean" is judged here.
import { basename } from 'node:path';
import { statOf } from '../../harness/recovery/procfs.js';
import { loadState } from '../../harness/recovery/state.js';
import { descendantPids } from '../../harness/process/pids.js';
import { parseStateLine } from '../../harness/runner/state-line.js';
import { dTasks, fuseMountsWhere, sameProcess, type SeenPid } from './leftovers.js';
import type { MountRef } from '../../harness/recovery/procfs.js';

/** What the soak knows of one run. */
export class RunWatch {
  stdout = '';
  stateDir?: string;
  watchdog?: SeenPid;
  readonly pids = new Map<number, SeenPid>();
  readonly workdirs = new Set<string>();
  readonly mountpoints = new Set<string>();

  constructor(readonly harness: SeenPid) {
    this.pids.set(harness.pid, harness);
  }

  /** Takes in output and everything the state directory and /proc show now. */
  look(): void {
    const st = parseStateLine(this.stdout);
    if (st && !this.stateDir) {
      this.stateDir = st.dir;
      const start = statOf(st.watchdog)?.startTime;
      if (start !== undefined) this.watchdog = { pid: st.watchdog, start };
    }
    if (this.stateDir) {
      try {
        const s = loadState(this.stateDir);
        if (s.runner?.current) {
          this.workdirs.add(s.runner.current.workdir);
          this.add(s.runner.current.child);
        }
        for (const c of s.cases) {
          c.pids.forEach((p) => this.add(p));
          c.mounts.forEach((m) => this.mountpoints.add(m));
        }
      } catch {
        // removed by the run's own recovery: nothing more to learn there
      }
    }
    for (const p of [...this.pids.values()]) {
      if (!sameProcess(p)) continue;
      for (const d of descendantPids(p.pid)) {
        const start = statOf(d)?.startTime;
        if (start !== undefined && !this.pids.has(d)) this.pids.set(d, { pid: d, start });
      }
    }
  }

  private add(p: { pid: number; start: number }): void {
    if (!this.pids.has(p.pid)) this.pids.set(p.pid, { pid: p.pid, start: p.start });
  }

  /** Whether MOUNTPOINT is the run's: named in its state, below its work directory, or
   * below a directory the runner named after the harness pid (fusefault-<case>--PID-xxx). */
  owns(mountpoint: string): boolean {
    if (this.mountpoints.has(mountpoint)) return true;
    if ([...this.workdirs].some((w) => mountpoint === w || mountpoint.startsWith(`${w}/`)))
      return true;
    const tag = `--${this.harness.pid}-`;
    return mountpoint.split('/').some((c) => c.startsWith('fusefault-') && c.includes(tag));
  }

  /** What is left now: the run's FUSE mounts, its tasks in D, whether the watchdog lives. */
  leftovers(): { mounts: MountRef[]; dTasks: string[]; watchdogAlive: boolean } {
    const w = this.watchdog;
    const watchdogAlive = w !== undefined && sameProcess(w) && statOf(w.pid)?.state !== 'Z';
    return {
      mounts: fuseMountsWhere((mp) => this.owns(mp)),
      dTasks: dTasks([...this.pids.values()]),
      watchdogAlive,
    };
  }

  /** The state directory, if it is the run's own (for removal). */
  ownStateDir(): string | undefined {
    const d = this.stateDir;
    return d && basename(d).startsWith(`fusefault-run--${this.harness.pid}-`) ? d : undefined;
  }
}
