// /proc/PID/mountinfo (show_mountinfo in fs/proc_namespace.c): "36 35 98:0 /root
// /mnt opts [optional...] - fstype source superopts". Mount points are relative to
// the reading-for task's root; space, tab, newline and backslash are octal-escaped
// (\040 \011 \012 \134) by mangle(). Read as text: never stat a FUSE mount point to
// learn about it, because a stat of a mount whose server is stopped (or is this
// very process, before INIT is answered) blocks in request_wait_answer.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

/** One mount, as mountinfo shows it. */
export interface Mount {
  id: number;
  parentId: number;
  /** st_dev of the superblock; for FUSE, connectionOf() names its fusectl directory */
  major: number;
  minor: number;
  root: string;
  mountpoint: string;
  fstype: string;
  source: string;
}

/** Undoes mangle(): \NNN octal escapes. */
export function unescapeMountField(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
}

/** Parses a whole mountinfo file, skipping lines that are not mounts. */
export function parseMountinfo(text: string): Mount[] {
  const mounts: Mount[] = [];
  for (const line of text.split('\n')) {
    const parts = line.trim().split(' ');
    const sep = parts.indexOf('-', 6);
    const dev = /^(\d+):(\d+)$/.exec(parts[2] ?? '');
    if (sep < 0 || !dev) continue;
    mounts.push({
      id: Number(parts[0]),
      parentId: Number(parts[1]),
      major: Number(dev[1]),
      minor: Number(dev[2]),
      root: unescapeMountField(parts[3] ?? ''),
      mountpoint: unescapeMountField(parts[4] ?? ''),
      fstype: parts[sep + 1] ?? '',
      source: unescapeMountField(parts[sep + 2] ?? ''),
    });
  }
  return mounts;
}

/** FUSE mounts: "fuse", "fuse.<subtype>" and "fuseblk"; not "fusectl", the control fs. */
export function isFuseMount(m: Pick<Mount, 'fstype'>): boolean {
  return m.fstype === 'fuse' || m.fstype === 'fuseblk' || m.fstype.startsWith('fuse.');
}

/**
 * The fusectl connection number of a FUSE mount: fusectl names the directory after
 * fc->dev = sb->s_dev printed as %u (fuse_ctl_add_conn), i.e. MKDEV(major, minor)
 * = major << 20 | minor. "fuse" sits on an anonymous device (major 0), so there
 * it is the minor; "fuseblk" takes the block device's number (fuse_fill_super).
 */
export function connectionOf(m: Pick<Mount, 'major' | 'minor'>): number {
  return m.major * 2 ** 20 + m.minor;
}

/** The mount that holds `path` (longest mount point that is a prefix), or undefined. */
export function mountOf(mounts: readonly Mount[], path: string): Mount | undefined {
  let best: Mount | undefined;
  for (const m of mounts) {
    const mp = m.mountpoint;
    const inside = path === mp || mp === '/' || path.startsWith(mp.endsWith('/') ? mp : `${mp}/`);
    // a later line shadows an earlier one on the same mount point (mounted over it)
    if (inside && (!best || mp.length >= best.mountpoint.length)) best = m;
  }
  return best;
}

// a task that is gone (ENOENT, ESRCH) or not ours to read sees no mounts
const GONE = new Set(['ENOENT', 'ESRCH', 'EACCES', 'EPERM', 'EINVAL']);
function gone(err: unknown): string {
  if (GONE.has((err as NodeJS.ErrnoException)?.code ?? '')) return '';
  throw err;
}

/** The mounts as PID sees them (default: this process), or [] when it is gone. */
export async function readMountinfo(pid: number | 'self' = 'self'): Promise<Mount[]> {
  return parseMountinfo(await readFile(`/proc/${pid}/mountinfo`, 'utf8').catch(gone));
}

/** readMountinfo without waiting: for checks that must not yield (mountpoint checks, exit paths). */
export function readMountinfoSync(pid: number | 'self' = 'self'): Mount[] {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/mountinfo`, 'utf8');
  } catch (err) {
    text = gone(err);
  }
  return parseMountinfo(text);
}

/** The topmost mount at exactly this (absolute, canonical) path, if any. */
export function findMount(mountpoint: string): Mount | undefined {
  return readMountinfoSync()
    .filter((m) => m.mountpoint === mountpoint)
    .at(-1);
}

/** The mounts at DIR or below it (of MOUNTS, or of what this process sees), in mount order. */
export function mountsBelow(dir: string, mounts: readonly Mount[] = readMountinfoSync()): Mount[] {
  const prefix = dir.endsWith('/') ? dir : `${dir}/`;
  return mounts.filter((m) => m.mountpoint === dir || m.mountpoint.startsWith(prefix));
}

/** FUSE mounts (fuse, fuse.*, fuseblk) this process sees. */
export function fuseMounts(): Mount[] {
  return readMountinfoSync().filter(isFuseMount);
}

/** The connection of the topmost mount at exactly this path, if it is a FUSE mount. */
export function connectionAt(mountpoint: string): number | undefined {
  const m = findMount(mountpoint);
  return m && isFuseMount(m) ? connectionOf(m) : undefined;
}
