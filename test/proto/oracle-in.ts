// Request argument layouts for the oracle, transcribed from
// include/uapi/linux/fuse.h; compat layouts are the first fields of the struct
// as it was before the named minor.
import type { Layout } from './oracle.js';

export const INIT_IN: Layout = [
  ['major', 'u32'],
  ['minor', 'u32'],
  ['max_readahead', 'u32'],
  ['flags', 'u32'],
  ['flags2', 'u32'],
  ...[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((i) => [`unused${i}`, 'u32'] as const),
];
export const FORGET_IN: Layout = [['nlookup', 'u64']];
export const BATCH_FORGET_IN: Layout = [
  ['count', 'u32'],
  ['dummy', 'u32'],
];
export const FORGET_ONE: Layout = [
  ['nodeid', 'u64'],
  ['nlookup', 'u64'],
];
export const GETATTR_IN: Layout = [
  ['getattr_flags', 'u32'],
  ['dummy', 'u32'],
  ['fh', 'u64'],
];
export const SETATTR_IN: Layout = [
  ['valid', 'u32'],
  ['padding', 'u32'],
  ['fh', 'u64'],
  ['size', 'u64'],
  ['lock_owner', 'u64'],
  ['atime', 'u64'],
  ['mtime', 'u64'],
  ['ctime', 'u64'],
  ['atimensec', 'u32'],
  ['mtimensec', 'u32'],
  ['ctimensec', 'u32'],
  ['mode', 'u32'],
  ['unused4', 'u32'],
  ['uid', 'u32'],
  ['gid', 'u32'],
  ['unused5', 'u32'],
];
export const MKNOD_IN: Layout = [
  ['mode', 'u32'],
  ['rdev', 'u32'],
  ['umask', 'u32'],
  ['padding', 'u32'],
];
// before 7.12
export const MKNOD_IN_COMPAT: Layout = MKNOD_IN.slice(0, 2);
export const MKDIR_IN: Layout = [
  ['mode', 'u32'],
  ['umask', 'u32'],
];
export const RENAME_IN: Layout = [['newdir', 'u64']];
export const RENAME2_IN: Layout = [
  ['newdir', 'u64'],
  ['flags', 'u32'],
  ['padding', 'u32'],
];
export const LINK_IN: Layout = [['oldnodeid', 'u64']];
export const OPEN_IN: Layout = [
  ['flags', 'u32'],
  ['open_flags', 'u32'],
];
export const CREATE_IN: Layout = [
  ['flags', 'u32'],
  ['mode', 'u32'],
  ['umask', 'u32'],
  ['open_flags', 'u32'],
];
// before 7.12 CREATE sent fuse_open_in, which was {flags, mode} then
export const CREATE_IN_COMPAT: Layout = CREATE_IN.slice(0, 2);
export const RELEASE_IN: Layout = [
  ['fh', 'u64'],
  ['flags', 'u32'],
  ['release_flags', 'u32'],
  ['lock_owner', 'u64'],
];
export const FLUSH_IN: Layout = [
  ['fh', 'u64'],
  ['unused', 'u32'],
  ['padding', 'u32'],
  ['lock_owner', 'u64'],
];
export const READ_IN: Layout = [
  ['fh', 'u64'],
  ['offset', 'u64'],
  ['size', 'u32'],
  ['read_flags', 'u32'],
  ['lock_owner', 'u64'],
  ['flags', 'u32'],
  ['padding', 'u32'],
];
export const WRITE_IN: Layout = [
  ['fh', 'u64'],
  ['offset', 'u64'],
  ['size', 'u32'],
  ['write_flags', 'u32'],
  ['lock_owner', 'u64'],
  ['flags', 'u32'],
  ['padding', 'u32'],
];
// before 7.9 (FUSE_COMPAT_WRITE_IN_SIZE = 24)
export const READ_IN_COMPAT: Layout = READ_IN.slice(0, 4);
export const WRITE_IN_COMPAT: Layout = WRITE_IN.slice(0, 4);
export const FSYNC_IN: Layout = [
  ['fh', 'u64'],
  ['fsync_flags', 'u32'],
  ['padding', 'u32'],
];
export const SETXATTR_IN: Layout = [
  ['size', 'u32'],
  ['flags', 'u32'],
  ['setxattr_flags', 'u32'],
  ['padding', 'u32'],
];
// without FUSE_SETXATTR_EXT (FUSE_COMPAT_SETXATTR_IN_SIZE = 8)
export const SETXATTR_IN_COMPAT: Layout = SETXATTR_IN.slice(0, 2);
export const GETXATTR_IN: Layout = [
  ['size', 'u32'],
  ['padding', 'u32'],
];
export const ACCESS_IN: Layout = [
  ['mask', 'u32'],
  ['padding', 'u32'],
];
export const INTERRUPT_IN: Layout = [['unique', 'u64']];
export const LSEEK_IN: Layout = [
  ['fh', 'u64'],
  ['offset', 'u64'],
  ['whence', 'u32'],
  ['padding', 'u32'],
];
export const FALLOCATE_IN: Layout = [
  ['fh', 'u64'],
  ['offset', 'u64'],
  ['length', 'u64'],
  ['mode', 'u32'],
  ['padding', 'u32'],
];
export const SYNCFS_IN: Layout = [['padding', 'u64']];
