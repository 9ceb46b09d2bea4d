// What a benchmark starts must not outlive it: servers, their mounts, busy
// loops. A failing phase stops its own server (measure.ts), but a SIGINT or
// SIGTERM ends the process without running any `finally`, and a server left
// running keeps its mount. Everything started registers here, and is undone
// on exit or on either signal, which is then re-raised.
import { execFileSync, type ChildProcess } from 'node:child_process';
import { findMount } from '../src/mount/mountinfo.js';

const undo = new Set<() => void>();
let armed = false;

// the last registered first, as a stack unwinds: a server's mount goes before
// the directory it is in
function undoAll(): void {
  for (const fn of [...undo].reverse()) {
    undo.delete(fn);
    try {
      fn();
    } catch {
      // one failed undo must not keep the others from running
    }
  }
}

/** Runs FN when the process exits or is told to by SIGINT/SIGTERM; the result unregisters it. */
export function onLeave(fn: () => void): () => void {
  if (!armed) {
    armed = true;
    process.once('exit', undoAll);
    for (const sig of ['SIGINT', 'SIGTERM'] as const) {
      process.once(sig, () => {
        undoAll();
        process.kill(process.pid, sig);
      });
    }
  }
  undo.add(fn);
  return () => undo.delete(fn);
}

/**
 * Kills CHILD (a server) and lazily unmounts MOUNTPOINT when the benchmark
 * leaves before the child has ended; nothing once it has.
 */
export function reapOnLeave(child: ChildProcess, mountpoint?: string): void {
  const off = onLeave(() => {
    child.kill('SIGKILL');
    if (mountpoint && findMount(mountpoint)) {
      execFileSync('umount', ['-l', mountpoint], { stdio: 'ignore' });
    }
  });
  child.once('close', off);
}
