// The recovery state of a run: what a case touched, written to disk
// synchronously on every change so that a process outside the harness (the
// watchdog) can undo it after the harness died. Two writers, one file each:
// the runner writes runner.json, each case child writes case-<id>.json.
import { readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A process as it was when tracked; start time guards against pid reuse. */
export interface TrackedPid {
  pid: number;
  pgid: number;
  sid: number;
  /** field 22 of /proc/PID/stat (clock ticks since boot) */
  start: number;
}

/** What one case tracked through its CaseContext. */
export interface CaseState {
  id: string;
  pids: TrackedPid[];
  mounts: string[];
  connections: number[];
  /** value before the case first wrote it */
  sysctls: { path: string; old: string }[];
}

/** What the runner itself knows: who it is and which case child runs where. */
export interface RunnerState {
  harness: TrackedPid;
  /** D-state tasks with FUSE frames that existed before the run began */
  baselineStuck: number[];
  current?: { id: string; child: TrackedPid; workdir: string };
}

/** Everything recovery needs, merged from the state directory. */
export interface RunState {
  dir: string;
  runner?: RunnerState;
  cases: CaseState[];
}

export const RUNNER_FILE = 'runner.json';
export const WATCHDOG_REPORT = 'watchdog-report.json';

/** File name of a case's state inside the state directory. */
export function caseStateFile(dir: string, id: string): string {
  return join(dir, `case-${id}.json`);
}

/** Replaces file atomically: a reader sees the old or the new state, never half. */
export function writeJsonSync(file: string, value: unknown): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(value, null, 1));
  renameSync(tmp, file);
}

/** An empty case state. */
export function emptyCaseState(id: string): CaseState {
  return { id, pids: [], mounts: [], connections: [], sysctls: [] };
}

/** Reads every state file in dir; files that do not parse are skipped. */
export function loadState(dir: string): RunState {
  const state: RunState = { dir, cases: [] };
  for (const name of readdirSync(dir)) {
    if (!name.endsWith('.json') || name === WATCHDOG_REPORT) continue;
    let value: unknown;
    try {
      value = JSON.parse(readFileSync(join(dir, name), 'utf8'));
    } catch {
      continue;
    }
    if (name === RUNNER_FILE) state.runner = value as RunnerState;
    else if (name.startsWith('case-')) state.cases.push(value as CaseState);
  }
  return state;
}
