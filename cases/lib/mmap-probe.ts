// What mmap-lock-cascade reads besides its steps: every thread of its clients,
// whether the kernel faults under the VMA's lock, what a lone SIGKILL does
// while the stall holds, and how each client ended after the release.
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import {
  assertSignalPendingUndelivered,
  readProcess,
  stepTask,
  waitAllExited,
  within,
  type MmapClient,
} from '../../harness/case-api.js';

/** Every thread of PIDS now, for the evidence. */
export function snapshot(pids: number[]) {
  return Promise.all(
    pids.map(async (pid) => {
      const p = await readProcess(pid);
      return { pid, gone: !p, tasks: p?.tasks.map(stepTask) ?? [] };
    }),
  );
}

/** CONFIG_PER_VMA_LOCK from /proc/config.gz: 'y', 'n', or 'unknown' (no IKCONFIG). */
export async function perVmaLock(): Promise<string> {
  try {
    const config = gunzipSync(await readFile('/proc/config.gz')).toString();
    return /^CONFIG_PER_VMA_LOCK=y$/m.test(config) ? 'y' : 'n';
  } catch {
    return 'unknown';
  }
}

/** SIGKILL to C alone while the stall holds: did it exit, or is the kill pending? */
export async function tryKill(c: MmapClient, signal: AbortSignal): Promise<string> {
  c.kill('SIGKILL');
  const gone = await waitAllExited([c.pid], 2000, signal);
  if (gone.ok) return `exited in ${gone.ms} ms`;
  const pending = await assertSignalPendingUndelivered(c.pid, 'any', 'SIGKILL');
  return `still there after ${gone.ms} ms: ${pending.message}`;
}

/** How each client ended (waiting up to 2 s) and the calls it reported. */
export function endsOf(clients: MmapClient[]) {
  return Promise.all(
    clients.map(async (c) => {
      const end = await within(c.done, 2000);
      const calls = c.reports().filter((r) => !r.enter && r.step !== 'wait' && r.step !== 'ready');
      return {
        pid: c.pid,
        name: c.name,
        exit: end ? (end.signal ?? end.exitCode ?? null) : 'running',
        calls: calls.map((r) => `${r.step} ${r.errno ?? r.result}`),
      };
    }),
  );
}
