// Argument parsers for attributes, xattrs, forgets and interrupts.
import {
  FUSE_ACCESS_IN_SIZE,
  FUSE_BATCH_FORGET_IN_SIZE,
  FUSE_COMPAT_SETXATTR_IN_SIZE,
  FUSE_FORGET_IN_SIZE,
  FUSE_FORGET_ONE_SIZE,
  FUSE_GETATTR_IN_SIZE,
  FUSE_GETXATTR_IN_SIZE,
  FUSE_INTERRUPT_IN_SIZE,
  FUSE_SETATTR_IN_SIZE,
  FUSE_SETXATTR_IN_SIZE,
} from './constants.js';
import type { Cursor } from './cursor.js';
import type {
  DecodeSession,
  FuseAccessIn,
  FuseBatchForgetIn,
  FuseForgetIn,
  FuseForgetOne,
  FuseGetattrIn,
  FuseGetxattrIn,
  FuseInterruptIn,
  FuseListxattrIn,
  FuseSetattrIn,
  FuseSetxattrIn,
} from './types.js';

// GETATTR: fuse_getattr_in exists since 7.9; before, GETATTR had no argument.
export function parseGetattr(c: Cursor, s: DecodeSession): FuseGetattrIn {
  if (s.minor < 9) return { getattrFlags: 0, fh: 0n };
  c.need(FUSE_GETATTR_IN_SIZE, 'fuse_getattr_in');
  const getattrFlags = c.u32();
  c.skip(4);
  return { getattrFlags, fh: c.u64() };
}

// SETATTR: `valid` (FATTR_*) says which of the other fields mean something.
// The times are declared u64 but carry time64_t seconds (fs/fuse/dir.c
// iattr_to_fattr), so they decode signed: a pre-1970 time comes out negative.
export function parseSetattr(c: Cursor): FuseSetattrIn {
  c.need(FUSE_SETATTR_IN_SIZE, 'fuse_setattr_in');
  const valid = c.u32();
  c.skip(4);
  const fh = c.u64();
  const size = c.u64();
  const lockOwner = c.u64();
  const atime = c.i64();
  const mtime = c.i64();
  const ctime = c.i64();
  const atimensec = c.u32();
  const mtimensec = c.u32();
  const ctimensec = c.u32();
  const mode = c.u32();
  c.skip(4);
  const uid = c.u32();
  const gid = c.u32();
  c.skip(4);
  return {
    valid,
    fh,
    size,
    lockOwner,
    atime,
    mtime,
    ctime,
    atimensec,
    mtimensec,
    ctimensec,
    mode,
    uid,
    gid,
  };
}

// SETXATTR: 16 bytes only when FUSE_SETXATTR_EXT was negotiated (fs/fuse/xattr.c).
export function parseSetxattr(c: Cursor, s: DecodeSession): FuseSetxattrIn {
  const ext = s.setxattrExt === true;
  c.need(ext ? FUSE_SETXATTR_IN_SIZE : FUSE_COMPAT_SETXATTR_IN_SIZE, 'fuse_setxattr_in');
  const size = c.u32();
  const flags = c.u32();
  let setxattrFlags = 0;
  if (ext) {
    setxattrFlags = c.u32();
    c.skip(4);
  }
  const name = c.cstring('name');
  return { size, flags, setxattrFlags, name, value: c.bytes(size, 'xattr value') };
}

// GETXATTR: size 0 asks for the value's length (answered with fuse_getxattr_out).
export function parseGetxattr(c: Cursor): FuseGetxattrIn {
  c.need(FUSE_GETXATTR_IN_SIZE, 'fuse_getxattr_in');
  const size = c.u32();
  c.skip(4);
  return { size, name: c.cstring('name') };
}

// LISTXATTR: fuse_getxattr_in without a name.
export function parseListxattr(c: Cursor): FuseListxattrIn {
  c.need(FUSE_GETXATTR_IN_SIZE, 'fuse_getxattr_in');
  return { size: c.u32() };
}

// ACCESS: mask of R_OK/W_OK/X_OK.
export function parseAccess(c: Cursor): FuseAccessIn {
  c.need(FUSE_ACCESS_IN_SIZE, 'fuse_access_in');
  return { mask: c.u32() };
}

// FORGET: never answered.
export function parseForget(c: Cursor): FuseForgetIn {
  c.need(FUSE_FORGET_IN_SIZE, 'fuse_forget_in');
  return { nlookup: c.u64() };
}

// BATCH_FORGET: count fuse_forget_one records; the kernel trims count to what
// fits the read buffer (fs/fuse/dev.c fuse_read_batch_forget), so all must be there.
export function parseBatchForget(c: Cursor): FuseBatchForgetIn {
  c.need(FUSE_BATCH_FORGET_IN_SIZE, 'fuse_batch_forget_in');
  const count = c.u32();
  c.skip(4);
  c.need(count * FUSE_FORGET_ONE_SIZE, `${count} fuse_forget_one`);
  const items: FuseForgetOne[] = new Array<FuseForgetOne>(count);
  for (let i = 0; i < count; i++) items[i] = { nodeid: c.u64(), nlookup: c.u64() };
  return { items };
}

// INTERRUPT: the unique of the request to interrupt.
export function parseInterrupt(c: Cursor): FuseInterruptIn {
  c.need(FUSE_INTERRUPT_IN_SIZE, 'fuse_interrupt_in');
  return { unique: c.u64() };
}
