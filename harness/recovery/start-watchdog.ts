// Starts the watchdog for a run: detached into its own session, its output in
// watchdog.log in the state directory (never the harness's stdout, whose
// readers would otherwise wait for the watchdog too), its stdin a pipe the
// harness holds until it says "done".
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Socket } from 'node:net';
import type { TrackedPid } from './state.js';

const WATCHDOG = fileURLToPath(new URL('./watchdog.js', import.meta.url));

/** The harness's end of the watchdog. */
export interface Watchdog {
  pid: number;
  /** the run is recovered: the watchdog may exit without acting */
  done(): Promise<void>;
}

/** Starts a watchdog for the harness described by harness, recovering dir if it dies. */
export function startWatchdog(dir: string, harness: TrackedPid): Watchdog {
  const log = openSync(join(dir, 'watchdog.log'), 'a');
  const child = spawn(
    process.execPath,
    [WATCHDOG, dir, String(harness.pid), String(harness.start)],
    {
      detached: true,
      stdio: ['pipe', log, log],
    },
  );
  closeSync(log);
  if (child.pid === undefined) throw new Error('could not start the watchdog');
  child.unref();
  // the pipe must not keep the harness alive; it only has to stay open while it lives
  (child.stdin as Socket | null)?.unref();
  child.stdin?.on('error', () => undefined);
  return {
    pid: child.pid,
    done() {
      return new Promise((resolve) => {
        const s = child.stdin as Socket | null;
        if (!s || s.destroyed) return resolve();
        // ref again: an unref'd pipe lets the process exit before "done" is written
        s.ref();
        s.once('error', () => resolve());
        s.once('close', () => resolve());
        s.end('done\n', () => resolve());
      });
    },
  };
}
