// MemFs attributes in the shapes fuse-native hands to libfuse2 (getStatArray,
// getStatfsArray in its index.js): plain numbers, times in milliseconds, so
// libfuse's mount shows times with ms precision only.
import type { Attr, StatFs } from '../../fs/types.js';
import { toMs } from '../../fs/time.js';

/** What fuse-native's getattr callback takes. */
export function statOf(a: Attr) {
  return {
    mode: a.mode,
    uid: a.uid,
    gid: a.gid,
    size: Number(a.size),
    dev: 0,
    nlink: a.nlink,
    ino: Number(a.ino),
    rdev: a.rdev,
    blksize: a.blksize,
    blocks: Number(a.blocks),
    atime: toMs(a.atime),
    mtime: toMs(a.mtime),
    ctime: toMs(a.ctime),
  };
}

/** What fuse-native's statfs callback takes (each value a u32). */
export function statfsOf(s: StatFs) {
  const u32 = (n: bigint) => Number(n > 0xffffffffn ? 0xffffffffn : n);
  return {
    bsize: s.bsize,
    frsize: s.frsize,
    blocks: u32(s.blocks),
    bfree: u32(s.bfree),
    bavail: u32(s.bavail),
    files: u32(s.files),
    ffree: u32(s.ffree),
    favail: u32(s.ffree),
    fsid: 0,
    flag: 0,
    namemax: s.namelen,
  };
}
