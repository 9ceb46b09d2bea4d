// Files the server holds open on its own mount (`serve --hold-open`, ctl `open`).
// This is the self-deadlock trigger of scenario 1: when the server is SIGKILLed,
// its last exiting thread closes its fds in ascending order (close_files) and
// fuse_flush waits for a FLUSH only this process could answer, but only while
// the device is still open, i.e. when the held fd is below the device fd.
import { constants as C } from 'node:fs';
import { lstat, open, type FileHandle } from 'node:fs/promises';
import { basename, isAbsolute, join, relative } from 'node:path';
import type { HoldFlags } from '../../control/protocol.js';
import { oneLine } from '../../control/lines.js';
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

// O_NOFOLLOW: we run as root and the mount's contents may come from anyone
// (--seed-dir, other users with allow_other); a symlink there could point an
// open (with O_CREAT, a creation) anywhere on the machine. O_CREAT only on request.
const FLAGS: Record<HoldFlags, number> = {
  r: C.O_RDONLY | C.O_NOFOLLOW,
  w: C.O_WRONLY | C.O_NOFOLLOW,
  rw: C.O_RDWR | C.O_NOFOLLOW,
};

/** '/x' for a path meant inside the mount ('x', '/x'); UsageError for '..', the root itself, a NUL. */
export function insidePath(path: string, rel = path): string {
  const inside = join('/', rel);
  // join would quietly fold '..' away: refuse it before
  if (inside === '/' || rel.split('/').includes('..') || rel.includes('\0')) {
    throw new UsageError(`${path}: not a file inside the mount`);
  }
  return inside;
}

/** '/x' for PATH given inside the mount ('/x', 'x') or as MOUNTPOINT/x; UsageError outside. */
export function mountPath(mountpoint: string, path: string): string {
  const rel =
    isAbsolute(path) && path.startsWith(`${mountpoint}/`) ? relative(mountpoint, path) : path;
  return insidePath(path, rel);
}

/**
 * Opens INSIDE ('/a/b') under MOUNTPOINT without following a symlink at any
 * component: each directory is opened O_DIRECTORY|O_NOFOLLOW and the next name
 * looked up through its /proc/self/fd link (no openat in node), so a directory
 * swapped for a symlink meanwhile is refused too. BEFORELAST runs just before
 * the file's own open (the raw backend frees a low fd number there).
 */
export async function openNoFollow(
  mountpoint: string,
  inside: string,
  flags: HoldFlags,
  { create = false, beforeLast }: { create?: boolean; beforeLast?: () => void } = {},
): Promise<FileHandle> {
  if (!(flags in FLAGS)) throw new UsageError(`open flags must be r, w or rw, not ${flags}`);
  const names = inside.split('/').filter((n) => n !== '');
  const dirs: FileHandle[] = [];
  let at = mountpoint;
  let walked = '';
  try {
    for (const name of names.slice(0, -1)) {
      walked += `/${name}`;
      const d = await open(join(at, name), C.O_RDONLY | C.O_DIRECTORY | C.O_NOFOLLOW);
      dirs.push(d);
      at = `/proc/self/fd/${d.fd}`;
    }
    walked = inside;
    beforeLast?.();
    return await open(join(at, names.at(-1)!), FLAGS[flags] | (create ? C.O_CREAT : 0), 0o644);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? oneLine(err);
    const missing = code === 'ENOENT' && !create && walked === inside;
    const hint = missing ? ' (it is created only when asked for)' : '';
    throw new UsageError(
      `cannot open ${inside} on the mount: ${await why(code, at, walked)}${hint}`,
    );
  } finally {
    for (const d of dirs) await d.close().catch(() => undefined);
  }
}

// The reason in words. open(2) says ELOOP for a trailing symlink under
// O_NOFOLLOW, but ENOTDIR when O_DIRECTORY is set too (do_open checks
// LOOKUP_DIRECTORY first): an lstat tells a symlink from a file.
async function why(code: string, at: string, walked: string): Promise<string> {
  if (code === 'ENOTDIR' || code === 'ELOOP') {
    const st = await lstat(join(at, basename(walked))).catch(() => undefined);
    if (code === 'ELOOP' || st?.isSymbolicLink())
      return `${walked} is a symlink (${code}), which is never followed`;
  }
  return code;
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
  flags: HoldFlags,
  { create = false }: { create?: boolean } = {},
): Promise<HeldFile> {
  const inside = mountPath(mountpoint, path);
  const handle = await openNoFollow(mountpoint, inside, flags, {
    create,
    beforeLast: () => takePlaceholder(dev),
  });
  return { path: inside, fd: handle.fd, belowDevice: handle.fd < dev.fd, handle };
}
