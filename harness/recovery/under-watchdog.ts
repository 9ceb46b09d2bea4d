// A run's state directory with a watchdog on it, for whoever runs cases
// (`run`, `check`): the runner state is written there, the watchdog started,
// the body run, and on success the watchdog told "done" and the directory
// removed. If the body throws after the watchdog started, the directory
// stays: once this process is gone the watchdog sees its pipe close without
// "done" and recovers from it.
import { rmSync } from 'node:fs';
import { dir as tmpDir } from 'tmp-promise';
import { RunnerStateFile } from '../runner/runner-state.js';
import { STATE_DIR_PREFIX } from './reports.js';
import { startWatchdog, type Watchdog } from './start-watchdog.js';
import { fuseStuckTids } from './stuck.js';

/** Runs body with a fresh state directory (named STATE_DIR_PREFIX + name) under a watchdog. */
export async function underWatchdog<T>(
  name: string,
  body: (runner: RunnerStateFile, watchdog: Watchdog) => Promise<T>,
): Promise<T> {
  const stateDir = (await tmpDir({ prefix: `${STATE_DIR_PREFIX}${name}` })).path;
  let watchdog: Watchdog | undefined;
  try {
    const runner = new RunnerStateFile(stateDir, await fuseStuckTids());
    watchdog = startWatchdog(stateDir, runner.state.harness);
    const value = await body(runner, watchdog);
    await watchdog.done();
    rmSync(stateDir, { recursive: true, force: true });
    return value;
  } catch (e) {
    if (!watchdog) rmSync(stateDir, { recursive: true, force: true });
    throw e;
  }
}
