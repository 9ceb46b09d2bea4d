// The FUSE control filesystem (fs/fuse/control.c): one directory per connection,
// named after the connection's device number (connectionOf in mountinfo.ts), with
// `waiting` (requests allocated and not yet finished, fc->num_waiting),
// `max_background`, `congestion_threshold`, and `abort` (writing anything ends
// every request of the connection with ECONNABORTED and frees every task waiting
// on it: fuse_abort_conn). The directory lives as long as the superblock
// (fuse_ctl_remove_conn from fuse_kill_sb_anon), not as long as the server.
import { open, readdir, writeFile } from 'node:fs/promises';
import { execa } from 'execa';
import { readMountinfo } from './mountinfo.js';

/** Where fusectl is mounted by convention (and where the kernel offers the mount point). */
export const FUSECTL_DIR = '/sys/fs/fuse/connections';

/** One connection's counters. */
export interface FuseConnection {
  id: number;
  waiting: number;
  maxBackground: number;
  congestionThreshold: number;
}

/** Where to look: fusectl itself, or a copy of it (captured samples in tests). */
export interface FusectlDir {
  dir?: string;
}

/** Parses a fusectl counter file ("2\n"). */
export function parseCounter(text: string): number {
  const n = Number(text.trim());
  if (!Number.isInteger(n)) throw new Error(`not a fusectl counter: ${text}`);
  return n;
}

// A counter file read with one read(2), or null when not there. The limit files
// format their value afresh on every read (fuse_conn_limit_read), so a second
// read(2) at offset 3 can see a changed number: "12\n" + the tail of another.
// They are not seekable (nonseekable_open): read from the current position.
// Only "not there" is null (ENOENT; ENOTCONN/ENODEV from a connection being torn
// down): EACCES is thrown, as fusectl files are root's alone.
async function readOnce(path: string, max = 64): Promise<string | null> {
  try {
    const fh = await open(path, 'r');
    try {
      const { bytesRead, buffer } = await fh.read({ buffer: Buffer.alloc(max), position: null });
      return buffer.subarray(0, bytesRead).toString('utf8');
    } finally {
      await fh.close();
    }
  } catch (err) {
    if (['ENOENT', 'ENOTCONN', 'ENODEV'].includes((err as NodeJS.ErrnoException).code ?? '')) {
      return null;
    }
    throw err;
  }
}

/** One connection, or null when it is gone (or fusectl is not mounted). */
export async function readConnection(
  id: number,
  { dir = FUSECTL_DIR }: FusectlDir = {},
): Promise<FuseConnection | null> {
  const [w, mb, ct] = await Promise.all(
    ['waiting', 'max_background', 'congestion_threshold'].map((f) => readOnce(`${dir}/${id}/${f}`)),
  );
  if (w === null || w === undefined) return null;
  return {
    id,
    waiting: parseCounter(w),
    maxBackground: mb ? parseCounter(mb) : NaN,
    congestionThreshold: ct ? parseCounter(ct) : NaN,
  };
}

/** Every connection, ascending by id. */
export async function listConnections({ dir = FUSECTL_DIR }: FusectlDir = {}): Promise<
  FuseConnection[]
> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const ids = names.filter((n) => /^\d+$/.test(n)).map(Number);
  const conns = await Promise.all(
    ids.sort((a, b) => a - b).map((id) => readConnection(id, { dir })),
  );
  return conns.filter((c): c is FuseConnection => c !== null);
}

/** Whether connection `id` exists. */
export async function connectionExists(id: number, opts: FusectlDir = {}): Promise<boolean> {
  return (await readConnection(id, opts)) !== null;
}

/** Requests of connection `id` not yet answered, or undefined when it does not exist. */
export async function waiting(id: number, opts: FusectlDir = {}): Promise<number | undefined> {
  if (opts.dir === undefined) await ensureFusectl();
  return (await readConnection(id, opts))?.waiting;
}

/**
 * Aborts connection `id`: every waiting request ends with ECONNABORTED and later
 * operations on the mount fail with ENOTCONN; the mount itself stays until
 * unmounted. False when the connection does not exist (nothing to abort).
 */
export async function abortConnection(id: number, { dir }: FusectlDir = {}): Promise<boolean> {
  if (dir === undefined) await ensureFusectl();
  try {
    await writeFile(`${dir ?? FUSECTL_DIR}/${id}/abort`, '1');
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}

/** Mounts fusectl at FUSECTL_DIR unless it is there already; true if this call mounted it. */
export async function ensureFusectl(): Promise<boolean> {
  const mounted = async () =>
    (await readMountinfo('self')).some(
      (m) => m.fstype === 'fusectl' && m.mountpoint === FUSECTL_DIR,
    );
  if (await mounted()) return false;
  const r = await execa('mount', ['-t', 'fusectl', 'none', FUSECTL_DIR], { reject: false });
  if (r.exitCode === 0) return true;
  // a concurrent caller may have won the race: only fail when it is still not there
  if (await mounted()) return false;
  throw new Error(`cannot mount fusectl at ${FUSECTL_DIR}: ${r.stderr.trim()}`);
}
