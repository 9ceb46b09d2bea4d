// What a killed run leaves: the watchdog recovers the machine and writes
// watchdog-report.json into the run's state directory, where nobody reads it
// (the harness is dead; the watchdog's own output is a log in that directory).
// The next run prints each such report in one line and removes its directory,
// so every SIGKILL of the harness does not leave a directory behind for good.
import { readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WATCHDOG_REPORT } from './state.js';
import type { WatchdogReport } from './watchdog.js';

/** How the state directory of a run is named (tmp-promise adds "-PID-random"). */
export const STATE_DIR_PREFIX = 'fusefault-run-';

/** One line for a report: who died, why, and what recovery left. */
export function reportLine(r: WatchdogReport): string {
  const rep = r.report;
  const outcome = rep.clean ? 'clean' : `left: ${rep.leftovers.join('; ')}`;
  const did = rep.actions.length ? `${rep.actions.length} actions` : 'nothing to undo';
  return `an earlier run (harness ${r.harnessPid}) died (${r.reason}); its watchdog recovered it at ${r.at}: ${did}, ${outcome}`;
}

/**
 * Takes every finished watchdog report under dir (default: the temp dir): its
 * state directory is renamed first, so of two runs starting together only one
 * prints it, then read and removed. A directory without a report is a live run's
 * (or its watchdog is still at work) and is left alone.
 */
export function collectReports(dir = tmpdir()): WatchdogReport[] {
  const out: WatchdogReport[] = [];
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.startsWith(STATE_DIR_PREFIX));
  } catch {
    return out;
  }
  for (const name of names) {
    const state = join(dir, name);
    let text: string;
    try {
      text = readFileSync(join(state, WATCHDOG_REPORT), 'utf8');
    } catch {
      continue;
    }
    const taken = join(dir, `.${name}.collected-${process.pid}`);
    try {
      renameSync(state, taken);
    } catch {
      continue; // another run took it
    }
    try {
      out.push(JSON.parse(text) as WatchdogReport);
    } catch {
      // written atomically (writeJsonSync), so only a foreign file gets here
    }
    rmSync(taken, { recursive: true, force: true });
  }
  return out;
}
