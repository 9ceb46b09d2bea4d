// Argument parsers for requests on open files and directories. fuse_read_in
// and fuse_write_in grew lock_owner and flags in 7.9 (FUSE_COMPAT_WRITE_IN_SIZE,
// fs/fuse/file.c fuse_write_args_fill); WRITE data is returned as a view.
import {
  FUSE_COMPAT_READ_IN_SIZE,
  FUSE_COMPAT_WRITE_IN_SIZE,
  FUSE_FALLOCATE_IN_SIZE,
  FUSE_FLUSH_IN_SIZE,
  FUSE_FSYNC_IN_SIZE,
  FUSE_LSEEK_IN_SIZE,
  FUSE_OPEN_IN_SIZE,
  FUSE_READ_IN_SIZE,
  FUSE_RELEASE_IN_SIZE,
  FUSE_WRITE_IN_SIZE,
} from './constants.js';
import type { Cursor } from './cursor.js';
import type {
  DecodeSession,
  FuseFallocateIn,
  FuseFlushIn,
  FuseFsyncIn,
  FuseLseekIn,
  FuseOpenIn,
  FuseReadIn,
  FuseReleaseIn,
  FuseWriteIn,
} from './types.js';

// OPEN, OPENDIR: fuse_open_in {flags (O_*), open_flags (FUSE_OPEN_*)}.
export function parseOpen(c: Cursor): FuseOpenIn {
  c.need(FUSE_OPEN_IN_SIZE, 'fuse_open_in');
  const flags = c.u32();
  return { flags, openFlags: c.u32() };
}

// READ, READDIR, READDIRPLUS.
export function parseRead(c: Cursor, s: DecodeSession): FuseReadIn {
  const compat = s.minor < 9;
  c.need(compat ? FUSE_COMPAT_READ_IN_SIZE : FUSE_READ_IN_SIZE, 'fuse_read_in');
  const fh = c.u64();
  const offset = c.u64();
  const size = c.u32();
  const readFlags = c.u32();
  let lockOwner = 0n;
  let flags = 0;
  if (!compat) {
    lockOwner = c.u64();
    flags = c.u32();
    c.skip(4);
  }
  return { fh, offset, size, readFlags, lockOwner, flags };
}

// WRITE: the fixed part, then `size` bytes of data.
export function parseWrite(c: Cursor, s: DecodeSession): FuseWriteIn {
  const compat = s.minor < 9;
  c.need(compat ? FUSE_COMPAT_WRITE_IN_SIZE : FUSE_WRITE_IN_SIZE, 'fuse_write_in');
  const fh = c.u64();
  const offset = c.u64();
  const size = c.u32();
  const writeFlags = c.u32();
  let lockOwner = 0n;
  let flags = 0;
  if (!compat) {
    lockOwner = c.u64();
    flags = c.u32();
    c.skip(4);
  }
  const data = c.bytes(size, 'write data');
  return { fh, offset, size, writeFlags, lockOwner, flags, data };
}

// RELEASE, RELEASEDIR.
export function parseRelease(c: Cursor): FuseReleaseIn {
  c.need(FUSE_RELEASE_IN_SIZE, 'fuse_release_in');
  const fh = c.u64();
  const flags = c.u32();
  const releaseFlags = c.u32();
  return { fh, flags, releaseFlags, lockOwner: c.u64() };
}

// FLUSH: fuse_flush_in {fh, unused, padding, lock_owner}.
export function parseFlush(c: Cursor): FuseFlushIn {
  c.need(FUSE_FLUSH_IN_SIZE, 'fuse_flush_in');
  const fh = c.u64();
  c.skip(8);
  return { fh, lockOwner: c.u64() };
}

// FSYNC, FSYNCDIR: fsync_flags has FUSE_FSYNC_FDATASYNC.
export function parseFsync(c: Cursor): FuseFsyncIn {
  c.need(FUSE_FSYNC_IN_SIZE, 'fuse_fsync_in');
  const fh = c.u64();
  return { fh, fsyncFlags: c.u32() };
}

// LSEEK (7.24): whence is SEEK_DATA or SEEK_HOLE in practice.
export function parseLseek(c: Cursor): FuseLseekIn {
  c.need(FUSE_LSEEK_IN_SIZE, 'fuse_lseek_in');
  const fh = c.u64();
  const offset = c.u64();
  return { fh, offset, whence: c.u32() };
}

// FALLOCATE (7.19): mode as fallocate(2).
export function parseFallocate(c: Cursor): FuseFallocateIn {
  c.need(FUSE_FALLOCATE_IN_SIZE, 'fuse_fallocate_in');
  const fh = c.u64();
  const offset = c.u64();
  const length = c.u64();
  return { fh, offset, length, mode: c.u32() };
}
