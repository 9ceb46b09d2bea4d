// The runner's half of the recovery state (runner.json): who the harness is,
// the FUSE-stuck tasks that predate the run, and which case child runs now.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { trackedPid } from './case-context.js';
import { RUNNER_FILE, caseStateFile, writeJsonSync, type RunnerState } from '../recovery/state.js';

/** Writes runner.json on every change. */
export class RunnerStateFile {
  readonly state: RunnerState;
  constructor(
    readonly dir: string,
    baselineStuck: number[],
  ) {
    this.state = { harness: trackedPid(process.pid), baselineStuck };
    this.save();
  }

  private save(): void {
    writeJsonSync(join(this.dir, RUNNER_FILE), this.state);
  }

  /** Records the case child before it can start anything. */
  setCurrent(id: string, childPid: number, workdir: string): void {
    this.state.current = { id, child: trackedPid(childPid), workdir };
    this.save();
  }

  /** After a clean recovery: forget the case and its state file. */
  clearCurrent(id: string): void {
    delete this.state.current;
    this.save();
    rmSync(caseStateFile(this.dir, id), { force: true });
  }
}
