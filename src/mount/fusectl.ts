// fusectl: the kernel's per-connection control files, /sys/fs/fuse/connections/N
// (fs/fuse/control.c). `abort` ends every request of the connection with
// ECONNABORTED (fuse_abort_conn) and frees every task waiting on it; `waiting`
// counts requests not yet answered (fc->num_waiting).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { execa } from 'execa';

/** Where fusectl is mounted by convention (and where the kernel offers the mount point). */
export const FUSECTL_DIR = '/sys/fs/fuse/connections';

/** Mounts fusectl at /sys/fs/fuse/connections unless something is mounted there already. */
export async function ensureFusectl(): Promise<void> {
  if (isMounted(FUSECTL_DIR)) return;
  const r = await execa('mount', ['-t', 'fusectl', 'none', FUSECTL_DIR], { reject: false });
  // a concurrent caller may have won the race: only fail when it is still not there
  if (r.exitCode !== 0 && !isMounted(FUSECTL_DIR)) {
    throw new Error(`cannot mount fusectl at ${FUSECTL_DIR}: ${r.stderr.trim()}`);
  }
}

/** The directory of connection N, after making sure fusectl is mounted. */
export async function connectionDir(conn: number): Promise<string> {
  await ensureFusectl();
  return `${FUSECTL_DIR}/${conn}`;
}

/** Aborts connection N; false when it no longer exists (already gone: nothing to abort). */
export async function abortConnection(conn: number): Promise<boolean> {
  const dir = await connectionDir(conn);
  if (!existsSync(dir)) return false;
  try {
    writeFileSync(`${dir}/abort`, '1');
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}

/** Requests of connection N not yet answered, or undefined when it does not exist. */
export async function waiting(conn: number): Promise<number | undefined> {
  const dir = await connectionDir(conn);
  try {
    return Number(readFileSync(`${dir}/waiting`, 'utf8').trim());
  } catch {
    return undefined;
  }
}

// /proc/self/mounts names mount points with spaces etc. escaped as octal (\040)
function isMounted(dir: string): boolean {
  const mounts = readFileSync('/proc/self/mounts', 'utf8');
  return mounts.split('\n').some((l) => l.split(' ')[1] === dir);
}
