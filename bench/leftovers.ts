// What a benchmark starts must not outlive it: servers, their mounts, busy
// loops. A failing phase stops its own server (measure.ts), but a SIGINT or
// SIGTERM ends the process without running any `finally`, and a server left
// running keeps its mount. Everything started registers here, and is undone
// on exit or on either signal, which is then re-raised.
import { execFileSync, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { findMount, mountsBelow } from '../src/mount/mountinfo.js';

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

/**
 * Removes DIR and what is in it, never a mount below it: node's recursive
 * removal stats each entry (for a FUSE mount whose server does not answer,
 * a wait on that server), then fails with EBUSY at a mountpoint, halfway
 * through and from inside a `finally`. Mounts below DIR are lazily unmounted
 * first, the deepest first; if one stays, DIR is left and the one line
 * returned names it (undefined when all went).
 */
export function removeTree(dir: string): string | undefined {
  const below = () => mountsBelow(dir).map((m) => m.mountpoint);
  for (const mnt of below().sort((a, b) => b.length - a.length)) {
    try {
      execFileSync('umount', ['-l', mnt], { stdio: 'ignore' });
    } catch {
      // said below, if it is still there
    }
  }
  const left = below();
  if (left.length) return `not removing ${dir}: still mounted there: ${left.join(', ')}`;
  rmSync(dir, { recursive: true, force: true });
  return undefined;
}
