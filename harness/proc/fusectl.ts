// The FUSE control filesystem (fs/fuse/control.c): one directory per connection,
// named after the connection's device number, with `waiting` (requests allocated
// and not yet finished, fc->num_waiting), `max_background`, `congestion_threshold`,
// and `abort` (writing anything ends the connection: fuse_abort_conn).
import { writeFile } from 'node:fs/promises';
import { execa } from 'execa';
import { readIds, readOnce } from './read.js';
import { readMountinfo } from './mountinfo.js';

// Where fusectl is mounted by convention.
export const FUSECTL_DIR = '/sys/fs/fuse/connections';

// One connection's counters.
export interface FuseConnection {
  id: number;
  waiting: number;
  maxBackground: number;
  congestionThreshold: number;
}

// Parses a fusectl counter file ("2\n").
export function parseCounter(text: string): number {
  const n = Number(text.trim());
  if (!Number.isInteger(n)) throw new Error(`not a fusectl counter: ${text}`);
  return n;
}

// One connection, or null when it is gone (or fusectl is not mounted).
export async function readConnection(
  id: number,
  { dir = FUSECTL_DIR }: { dir?: string } = {},
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

// Every connection, ascending by id.
export async function listConnections({ dir = FUSECTL_DIR }: { dir?: string } = {}): Promise<
  FuseConnection[]
> {
  const ids = (await readIds(dir)).sort((a, b) => a - b);
  const conns = await Promise.all(ids.map((id) => readConnection(id, { dir })));
  return conns.filter((c): c is FuseConnection => c !== null);
}

// Whether connection `id` exists.
export async function connectionExists(
  id: number,
  { dir = FUSECTL_DIR }: { dir?: string } = {},
): Promise<boolean> {
  return (await readOnce(`${dir}/${id}/waiting`)) !== null;
}

// Aborts connection `id`: every waiting request ends with ECONNABORTED and later
// operations on the mount fail with ENOTCONN; the mount itself stays until unmounted.
export async function abortConnection(
  id: number,
  { dir = FUSECTL_DIR }: { dir?: string } = {},
): Promise<void> {
  await writeFile(`${dir}/${id}/abort`, '1');
}

// Mounts fusectl at FUSECTL_DIR unless it is there already; true if it mounted it.
export async function ensureFusectl(): Promise<boolean> {
  const mounts = await readMountinfo('self');
  if (mounts.some((m) => m.fstype === 'fusectl' && m.mountpoint === FUSECTL_DIR)) return false;
  await execa('mount', ['-t', 'fusectl', 'none', FUSECTL_DIR]);
  return true;
}
