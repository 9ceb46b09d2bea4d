// Ending the waits of stuck tasks: abort every FUSE connection a D-state task is
// inferred to wait on (fuse_abort_conn fails its requests with ECONNABORTED and
// wakes every waiter), then lazily unmount its mounts so no new task walks in.
import { execa } from 'execa';
import { abortConnection, ensureFusectl } from '../../src/mount/fusectl.js';
import { connectionOf, isFuseMount, readMountinfo, type Mount } from '../../src/mount/mountinfo.js';
import { findStuckTasks, type StuckTask } from './stuck.js';

// What abortStuck did, connection by connection.
export interface AbortedConnection {
  conn: number;
  /** "comm pid/tid" of each task that waited on it */
  tasks: string[];
  /** mount points lazily unmounted (in this mount namespace) */
  unmounted: string[];
  /** set when writing `abort` failed (the connection went away, or not root) */
  abortError?: string;
  /** umount failures, one line each */
  unmountErrors: string[];
}

// What abortStuck found and did.
export interface AbortStuckResult {
  aborted: AbortedConnection[];
  /** stuck tasks on FUSE whose connection could not be told */
  unknown: string[];
}

function who(t: StuckTask): string {
  return `${t.comm} ${t.pid}/${t.tid}`;
}

// Lazily unmounts every mount of connection `conn` (in this mount namespace),
// deepest first so a mount under another comes off before its parent; -c: no
// realpath(), which would stat a mount whose server may be gone.
export async function unmountConnection(
  conn: number,
  mounts?: readonly Mount[],
): Promise<{ unmounted: string[]; errors: string[] }> {
  const mine = (mounts ?? (await readMountinfo('self')))
    .filter((m) => isFuseMount(m) && connectionOf(m) === conn)
    .sort((a, b) => b.mountpoint.length - a.mountpoint.length);
  const out = { unmounted: [] as string[], errors: [] as string[] };
  for (const m of mine) {
    const r = await execa('umount', ['-l', '-c', m.mountpoint], { reject: false });
    if (r.failed) out.errors.push(`umount -l ${m.mountpoint}: ${r.stderr.trim()}`);
    else out.unmounted.push(m.mountpoint);
  }
  return out;
}

// Aborts every connection a stuck task (of `pids`, default: any) waits on, and
// unmounts its mounts unless keepMounts.
export async function abortStuck({
  keepMounts = false,
  pids,
}: { keepMounts?: boolean; pids?: readonly number[] } = {}): Promise<AbortStuckResult> {
  await ensureFusectl();
  const stuck = await findStuckTasks(pids ? { pids } : {});
  const byConn = new Map<number, string[]>();
  const unknown: string[] = [];
  for (const t of stuck) {
    if (!t.fuse) continue;
    if (t.fuse.conn === null) unknown.push(`${who(t)}${t.fuse.note ? `: ${t.fuse.note}` : ''}`);
    else byConn.set(t.fuse.conn, [...(byConn.get(t.fuse.conn) ?? []), who(t)]);
  }
  const mounts = await readMountinfo('self');
  const aborted: AbortedConnection[] = [];
  for (const [conn, tasks] of byConn) {
    const entry: AbortedConnection = { conn, tasks, unmounted: [], unmountErrors: [] };
    aborted.push(entry);
    try {
      await abortConnection(conn);
    } catch (err) {
      entry.abortError = (err as Error).message;
      continue;
    }
    if (keepMounts) continue;
    const u = await unmountConnection(conn, mounts);
    entry.unmounted.push(...u.unmounted);
    entry.unmountErrors.push(...u.errors);
  }
  return { aborted, unknown };
}
