// Ending a hang and timing it: abort the connection through fusectl
// (fuse_abort_conn ends every request, the stuck tasks finish exiting), or
// wait for the kernel to end it by itself (a request timeout).
import { readFileSync } from 'node:fs';
import { execa } from 'execa';
import { abortConnection, ensureFusectl } from '../../src/mount/fusectl.js';
import type { ServerHandle } from './server.js';
import { hasExited, waitFor, WaitTimeout } from '../wait.js';
import { within } from '../within.js';

/** Whether (and how fast) every one of PIDS exited after `how` was done. */
export interface Freed {
  how: string;
  freed: boolean;
  ms: number;
  left: number[];
}

/** Waits until every pid has exited; never throws on timeout. */
export async function waitAllExited(
  pids: number[],
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<{ ok: boolean; ms: number; left: number[] }> {
  const start = Date.now();
  const left = async () =>
    (await Promise.all(pids.map(async (p) => ((await hasExited(p)) ? [] : [p])))).flat();
  try {
    await waitFor(async () => (await left()).length === 0, {
      timeoutMs,
      signal,
      what: 'every task to exit',
    });
    return { ok: true, ms: Date.now() - start, left: [] };
  } catch (err) {
    if (!(err instanceof WaitTimeout)) throw err;
    return { ok: false, ms: Date.now() - start, left: await left() };
  }
}

/** Aborts CONN and measures how long until PIDS have exited. */
export async function abortAndWait(
  conn: number,
  pids: number[],
  signal?: AbortSignal,
): Promise<Freed> {
  await ensureFusectl();
  await abortConnection(conn);
  const r = await waitAllExited(pids, 10_000, signal);
  return {
    how: `echo 1 > /sys/fs/fuse/connections/${conn}/abort`,
    freed: r.ok,
    ms: r.ms,
    left: r.left,
  };
}

/**
 * Ends a server the case is done with: SIGTERM, up to 5 s for it to exit (a
 * server stuck in do_exit stays: recovery aborts its connection), then a lazy
 * unmount of its mount unless the case unmounts it later itself.
 */
export async function stopServer(
  srv: Pick<ServerHandle, 'proc' | 'mountpoint'>,
  { unmount: andUnmount = true }: { unmount?: boolean } = {},
): Promise<void> {
  srv.proc.kill('SIGTERM');
  await within(srv.proc, 5000);
  if (andUnmount) await unmount(srv.mountpoint);
}

/** Lazily unmounts a dead mount (-c: no realpath, which would stat it). */
export async function unmount(mountpoint: string): Promise<void> {
  await execa('umount', ['-l', '-c', mountpoint], { reject: false });
}

/** The request timeout (s) new connections get from the sysctl; 0 when off or absent (before 6.15). */
export function defaultRequestTimeout(): number {
  try {
    return Number(readFileSync('/proc/sys/fs/fuse/default_request_timeout', 'utf8').trim()) || 0;
  } catch {
    return 0;
  }
}

/**
 * With a request timeout of T s in force, waits for the kernel to end the hang
 * by itself: the timer (fuse_check_timeout) runs every 15 s and short timeouts
 * are raised to that period, so it fires after about one or two periods.
 * Resolves with how long it took, or freed: false after T + 40 s.
 */
export async function waitForRequestTimeout(
  pids: number[],
  timeoutSeconds: number,
  signal?: AbortSignal,
): Promise<Freed> {
  const r = await waitAllExited(pids, (Math.max(timeoutSeconds, 15) + 40) * 1000, signal);
  return {
    how: `request timeout of ${timeoutSeconds} s (the connection aborts itself)`,
    freed: r.ok,
    ms: r.ms,
    left: r.left,
  };
}
