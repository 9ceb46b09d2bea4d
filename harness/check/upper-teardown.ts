// Taking the filesystem under test away, whatever state it is in: the user's
// --unmount COMMAND, else `fusermount -u`, then `umount`, then a lazy
// unmount; then the daemon gets a moment to exit by itself (a libfuse or
// go-fuse server ends once its connection is gone: reading /dev/fuse gives
// ENODEV); one that does not is freed by a fusectl abort (fuse_abort_conn
// ends every request, so nothing of ours waits on it any more) and killed.
// Each step has a time limit: an unmount that waits on a stuck server must
// not stop the next step. Returns what it did, for the evidence.
import { execa } from 'execa';
import { abortConnection } from '../../src/mount/fusectl.js';
import { connectionOf, findMount, isFuseMount } from '../../src/mount/mountinfo.js';
import { readProcStat } from '../proc/stat.js';
import { hasExited, waitFor } from '../wait.js';
import { devHolders, markedPids, servingConn } from './daemon.js';
import { fillCommand, type UpperMount } from './upper.js';

const STEP_MS = 10_000;

/** Whether the filesystem under test is still mounted on its mount point (same connection). */
export function stillMounted(u: UpperMount): boolean {
  const m = findMount(u.mountpoint);
  return m !== undefined && isFuseMount(m) && connectionOf(m) === u.conn;
}

async function attempt(steps: string[], what: string, file: string, args: string[]): Promise<void> {
  const r = await execa(file, args, { reject: false, timeout: STEP_MS, stdin: 'ignore' });
  const why = r.timedOut
    ? 'timed out'
    : r.exitCode === 0
      ? 'ok'
      : `exit ${r.exitCode}: ${r.stderr.trim().split('\n').at(-1) ?? ''}`;
  steps.push(`${what}: ${why}`);
}

async function allExited(pids: readonly number[]): Promise<boolean> {
  for (const p of pids) if (!(await hasExited(p))) return false;
  return true;
}

function kill(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // gone
  }
}

/** Unmounts the filesystem under test and ends its daemon; `lowerPids` are our own servers. */
export async function unmountUpper(
  u: UpperMount,
  { unmount, lowerPids }: { unmount?: string; lowerPids: readonly number[] },
): Promise<string[]> {
  const steps: string[] = [];
  const mnt = u.mountpoint;
  if (unmount && stillMounted(u)) {
    const cmd = fillCommand(unmount, { lower: '', mnt });
    await attempt(steps, `--unmount ${cmd}`, 'sh', ['-c', cmd]);
  }
  if (stillMounted(u)) await attempt(steps, 'fusermount -u', 'fusermount', ['-u', mnt]);
  // -c: no realpath() of the mount point, which would stat it and could wait on the server
  if (stillMounted(u)) await attempt(steps, 'umount', 'umount', ['-c', mnt]);
  if (stillMounted(u)) await attempt(steps, 'umount -l', 'umount', ['-l', '-c', mnt]);
  // the daemon and whatever else COMMAND started (marked), never our servers
  const ours = [...new Set([...u.daemonPids, ...(await markedPids(u.mark))])].filter(
    (p) => !lowerPids.includes(p),
  );
  const gone = await waitFor(() => allExited(ours), { timeoutMs: 5_000 }).catch(() => false);
  if (!gone) {
    // still serving our connection: abort it, so no task of ours waits on it
    const serving = servingConn(await devHolders(u.mark, lowerPids), u.conn);
    if (serving.length && (await abortConnection(u.conn))) steps.push(`aborted conn ${u.conn}`);
    for (const p of ours) {
      const st = await readProcStat(p);
      if (st && st.state !== 'Z') {
        kill(p, 'SIGKILL');
        steps.push(`killed ${p} (${st.comm})`);
      }
    }
    await waitFor(() => allExited(ours), { timeoutMs: 5_000 }).catch(() => undefined);
  }
  // a foreground daemon's group, while its shell lives (the pid is not reused then)
  if (u.sh.exitCode === null && u.sh.signalCode === null) kill(-u.shPid, 'SIGKILL');
  if (stillMounted(u)) await attempt(steps, 'umount -l (after kill)', 'umount', ['-l', '-c', mnt]);
  return steps;
}
