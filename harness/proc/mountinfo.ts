// /proc/PID/mountinfo (show_mountinfo in fs/proc_namespace.c): "36 35 98:0 /root
// /mnt opts [optional...] - fstype source superopts". Mount points are relative to
// the reading-for task's root; space, tab, newline and backslash are octal-escaped
// (\040 \011 \012 \134) by mangle().
import { readText } from './read.js';

// One mount, as the harness uses it.
export interface Mount {
  id: number;
  parentId: number;
  major: number;
  minor: number;
  root: string;
  mountpoint: string;
  fstype: string;
  source: string;
}

// Undoes mangle(): \NNN octal escapes.
export function unescapeMountField(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
}

// Parses a whole mountinfo file, skipping lines that are not mounts.
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

// FUSE mounts: "fuse", "fuse.<subtype>" and "fuseblk"; not "fusectl", the control fs.
export function isFuseMount(m: Pick<Mount, 'fstype'>): boolean {
  return m.fstype === 'fuse' || m.fstype === 'fuseblk' || m.fstype.startsWith('fuse.');
}

// The fusectl connection number of a FUSE mount: fusectl names the directory after
// fc->dev = sb->s_dev printed as %u (fuse_ctl_add_conn), i.e. MKDEV(major, minor)
// = major << 20 | minor; for "fuse" (anonymous device, major 0) that is the minor.
export function connectionOf(m: Pick<Mount, 'major' | 'minor'>): number {
  return m.major * 2 ** 20 + m.minor;
}

// The mount that holds `path` (longest mount point that is a prefix), or undefined.
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

// The mounts as PID sees them (default: this process), or [] when gone.
export async function readMountinfo(pid: number | 'self' = 'self'): Promise<Mount[]> {
  return parseMountinfo((await readText(`/proc/${pid}/mountinfo`)) ?? '');
}
