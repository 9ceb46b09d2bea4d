// /proc/self/mountinfo, read as text: never stat a FUSE mount point to learn about
// it, because a stat of a mount whose server is stopped (or is this very process,
// before INIT is answered) blocks in request_wait_answer.
import { readFileSync } from 'node:fs';

export interface MountEntry {
  mountId: number;
  /** the st_dev minor: for FUSE the connection id of /sys/fs/fuse/connections/N */
  minor: number;
  major: number;
  mountpoint: string;
  fstype: string;
  source: string;
}

/** Every mount this process sees, in mount order. */
export function readMountinfo(): MountEntry[] {
  const out: MountEntry[] = [];
  for (const line of readFileSync('/proc/self/mountinfo', 'utf8').split('\n')) {
    if (!line) continue;
    // id parent major:minor root mountpoint options [optional...] - fstype source superopts
    const [pre, post] = line.split(' - ');
    const f = (pre ?? '').split(' ');
    const g = (post ?? '').split(' ');
    const [major, minor] = (f[2] ?? '0:0').split(':').map(Number);
    out.push({
      mountId: Number(f[0]),
      major: major ?? 0,
      minor: minor ?? 0,
      mountpoint: unescapeOctal(f[4] ?? ''),
      fstype: g[0] ?? '',
      source: unescapeOctal(g[1] ?? ''),
    });
  }
  return out;
}

/** The topmost mount at exactly this (absolute, canonical) path, if any. */
export function findMount(mountpoint: string): MountEntry | undefined {
  return readMountinfo()
    .filter((m) => m.mountpoint === mountpoint)
    .at(-1);
}

/** FUSE mounts (fuse, fuse.*, fuseblk) this process sees. */
export function fuseMounts(): MountEntry[] {
  return readMountinfo().filter((m) => /^fuse(blk)?(\.|$)/.test(m.fstype));
}

// the kernel escapes space, tab, newline and backslash as \ooo (show_mountinfo -> mangle)
function unescapeOctal(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
}
