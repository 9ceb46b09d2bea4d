// Files the server holds open on its own mount (`serve --hold-open`, ctl `open`).
// This is the self-deadlock trigger of scenario 1: when the server is SIGKILLed,
// its last exiting thread closes its fds in ascending order (close_files) and
// fuse_flush waits for a FLUSH only this process could answer, but only while
// the device is still open, i.e. when the held fd is below the device fd.
import { constants as C } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';
import { UsageError } from '../../errors.js';
import { takePlaceholder, type FuseDevice } from '../../mount/device.js';

export interface HeldFile {
  /** the path inside the mount ('/x') */
  path: string;
  fd: number;
  /** fd < device fd: a SIGKILL of the server leaves it waiting on its own FLUSH */
  belowDevice: boolean;
  handle: FileHandle;
}

const FLAGS = {
  r: C.O_RDONLY,
  w: C.O_WRONLY | C.O_CREAT,
  rw: C.O_RDWR | C.O_CREAT,
} as const;

/** '/x' for PATH given inside the mount ('/x', 'x') or as MOUNTPOINT/x; UsageError outside. */
export function mountPath(mountpoint: string, path: string): string {
  const rel =
    isAbsolute(path) && path.startsWith(`${mountpoint}/`) ? relative(mountpoint, path) : path;
  const inside = join('/', rel);
  // join would quietly fold '..' away: refuse it before
  if (inside === '/' || rel.split('/').includes('..')) {
    throw new UsageError(`${path}: not a file inside the mount`);
  }
  return inside;
}

/**
 * Opens PATH on our own mount with an fd number below the device's, using one
 * of the placeholders reserved before /dev/fuse was opened. Async: the open is
 * answered by this very process, so the main thread must not wait in it.
 */
export async function holdOpen(
  dev: FuseDevice,
  mountpoint: string,
  path: string,
  flags: 'r' | 'w' | 'rw',
): Promise<HeldFile> {
  if (!(flags in FLAGS)) throw new UsageError(`open flags must be r, w or rw, not ${flags}`);
  const inside = mountPath(mountpoint, path);
  takePlaceholder(dev);
  let handle: FileHandle;
  try {
    handle = await open(join(mountpoint, inside), FLAGS[flags], 0o644);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new UsageError(`cannot open ${inside} on the mount: ${e.code ?? e.message}`);
  }
  return { path: inside, fd: handle.fd, belowDevice: handle.fd < dev.fd, handle };
}
