// What a task has open: /proc/PID/task/TID/fd/N links (d_path, no call into the
// filesystem) and /proc/PID/task/TID/fdinfo/N, whose mnt_id names the mount the
// file lives on (seq_show in fs/proc/fd.c). Neither read waits on a FUSE server.
import { readDir, readLink, readText } from './read.js';

// One fdinfo file's common fields.
export interface FdInfo {
  pos: number;
  /** open flags, octal in the file */
  flags: number;
  mntId: number;
  ino?: number;
  /** for /dev/fuse: the connection it serves (fuse_dev_show_fdinfo, where the kernel has it) */
  fuseConnection?: number;
}

// One open file descriptor.
export interface OpenFile {
  fd: number;
  /** link target as d_path printed it: a path, 'pipe:[123]', '... (deleted)' */
  target: string;
  mntId: number;
}

// Parses an fdinfo file ("pos:\t0\nflags:\t02100000\nmnt_id:\t24\n...").
export function parseFdinfo(text: string): FdInfo {
  const get = (k: string): string | undefined =>
    new RegExp(`^${k}:\\s*(\\S+)`, 'm').exec(text)?.[1];
  const mnt = get('mnt_id');
  if (mnt === undefined) throw new Error('not an fdinfo file: no mnt_id');
  const ino = get('ino');
  const conn = get('fuse_connection');
  return {
    pos: Number(get('pos') ?? 0),
    flags: parseInt(get('flags') ?? '0', 8),
    mntId: Number(mnt),
    ...(ino === undefined ? {} : { ino: Number(ino) }),
    ...(conn === undefined ? {} : { fuseConnection: Number(conn) }),
  };
}

// Every open fd of a task, or null when its fd table cannot be read (task gone).
// An exiting task whose files are released lists no fds at all (proc_readfd_common
// finds no files_struct), which is [] here.
export async function readTaskFds(pid: number, tid: number = pid): Promise<OpenFile[] | null> {
  const base = `/proc/${pid}/task/${tid}`;
  const names = await readDir(`${base}/fd`);
  if (names === null) return null;
  const fds = await Promise.all(
    names.map(async (n): Promise<OpenFile | null> => {
      const [target, info] = await Promise.all([
        readLink(`${base}/fd/${n}`),
        readText(`${base}/fdinfo/${n}`),
      ]);
      if (target === null || info === null) return null; // closed meanwhile
      return { fd: Number(n), target, mntId: parseFdinfo(info).mntId };
    }),
  );
  return fds.filter((f): f is OpenFile => f !== null).sort((a, b) => a.fd - b.fd);
}

// A task's cwd and root as paths (null when released, as after exit_fs in do_exit).
export async function readTaskDirs(
  pid: number,
  tid: number = pid,
): Promise<{ cwd: string | null; root: string | null }> {
  const base = `/proc/${pid}/task/${tid}`;
  const [cwd, root] = await Promise.all([readLink(`${base}/cwd`), readLink(`${base}/root`)]);
  return { cwd, root };
}
