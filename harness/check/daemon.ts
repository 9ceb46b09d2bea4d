// Who serves a FUSE connection: the processes holding a /dev/fuse fd for it.
// Newer kernels name the connection in the device's fdinfo
// (`fuse_connection:`); where they do not, a process counts when it carries
// the marker the session put in the COMMAND's environment (a daemon keeps
// its environment through fork, setsid and exec, so a daemonizing
// filesystem's server still has it).
import { parseFdinfo } from '../proc/fds.js';
import { readDir, readIds, readLink, readText } from '../proc/read.js';

/** The environment variable the session sets for COMMAND, to recognise its processes. */
export const MARK_VAR = 'FUSEFAULT_CHECK_MARK';

/** One process with /dev/fuse open. */
export interface DevHolder {
  pid: number;
  fds: { fd: number; conn?: number }[];
  /** carries MARK_VAR=mark in its environment */
  marked: boolean;
}

async function devFds(pid: number): Promise<{ fd: number; conn?: number }[]> {
  const names = (await readDir(`/proc/${pid}/fd`)) ?? [];
  const out: { fd: number; conn?: number }[] = [];
  for (const n of names) {
    if ((await readLink(`/proc/${pid}/fd/${n}`)) !== '/dev/fuse') continue;
    const info = await readText(`/proc/${pid}/fdinfo/${n}`);
    const conn = info === null ? undefined : parseFdinfo(info).fuseConnection;
    out.push(conn === undefined ? { fd: Number(n) } : { fd: Number(n), conn });
  }
  return out;
}

async function hasMark(pid: number, mark: string): Promise<boolean> {
  const env = await readText(`/proc/${pid}/environ`);
  return env !== null && env.split('\0').includes(`${MARK_VAR}=${mark}`);
}

/** Every process that has /dev/fuse open, except `exclude` (our own servers). */
export async function devHolders(mark: string, exclude: readonly number[]): Promise<DevHolder[]> {
  const out: DevHolder[] = [];
  for (const pid of await readIds('/proc')) {
    if (exclude.includes(pid) || pid === process.pid) continue;
    const fds = await devFds(pid);
    if (fds.length) out.push({ pid, fds, marked: await hasMark(pid, mark) });
  }
  return out;
}

/** The holders that serve conn: by fdinfo where it names a connection, else by the mark. */
export function servingConn(holders: readonly DevHolder[], conn: number): number[] {
  return holders
    .filter((h) => h.fds.some((f) => (f.conn === undefined ? h.marked : f.conn === conn)))
    .map((h) => h.pid);
}

/** Connections the marked holders serve (known only where fdinfo names them). */
export function markedConns(holders: readonly DevHolder[]): number[] {
  const conns = holders.filter((h) => h.marked).flatMap((h) => h.fds.map((f) => f.conn));
  return [...new Set(conns.filter((c): c is number => c !== undefined))];
}

/** Live processes that carry the mark (the COMMAND's shell, its daemon, helpers it started). */
export async function markedPids(mark: string): Promise<number[]> {
  const out: number[] = [];
  for (const pid of await readIds('/proc')) {
    if (pid !== process.pid && (await hasMark(pid, mark))) out.push(pid);
  }
  return out;
}
