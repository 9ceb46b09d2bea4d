// Replies: encodeReply puts the 16-byte fuse_out_header in front of a body
// (body built first, header last with the total length, as fuser does); the
// body encoders here and in attr-out.ts, dirent-out.ts and init.ts build bodies.
import type { Entry, StatFs } from '../fs/types.js';
import {
  FUSE_GETXATTR_OUT_SIZE,
  FUSE_LSEEK_OUT_SIZE,
  FUSE_OPEN_OUT_SIZE,
  FUSE_OUT_HEADER_SIZE,
  FUSE_STATFS_OUT_SIZE,
  FUSE_WRITE_OUT_SIZE,
} from './constants.js';
import { writeEntryOut } from './attr-out.js';
import { writeOutHeader } from './header.js';

export { attrOut, entryOut, splitSeconds } from './attr-out.js';
export { direntsOut, direntsPlusOut, type DirEntryPlus } from './dirent-out.js';
export { initOut } from './init.js';
export { outHeader } from './header.js';

// A whole reply: header + body. error is 0 or -errno; the kernel rejects a
// positive error or one <= -512, and an error reply that has a body
// (fs/fuse/dev.c fuse_dev_do_write, copy_out_args), so a body with an error throws.
export function encodeReply(unique: bigint, error: number, body?: Buffer): Buffer {
  const n = body?.length ?? 0;
  if (error !== 0 && n > 0) throw new Error(`an error reply (${error}) carries no body`);
  const out = Buffer.allocUnsafe(FUSE_OUT_HEADER_SIZE + n);
  if (body) body.copy(out, FUSE_OUT_HEADER_SIZE);
  writeOutHeader(out, 0, FUSE_OUT_HEADER_SIZE + n, error, unique);
  return out;
}

// OPEN and OPENDIR reply: struct fuse_open_out {fh, open_flags (FOPEN_*), backing_id 0}.
export function openOut(fh: bigint, openFlags: number): Buffer {
  const b = Buffer.allocUnsafe(FUSE_OPEN_OUT_SIZE);
  writeOpenOut(b, 0, fh, openFlags);
  return b;
}

function writeOpenOut(b: Buffer, at: number, fh: bigint, openFlags: number): void {
  b.writeBigUInt64LE(BigInt.asUintN(64, fh), at);
  b.writeUInt32LE(openFlags >>> 0, at + 8);
  b.writeUInt32LE(0, at + 12);
}

// CREATE reply: fuse_entry_out followed by fuse_open_out (144 bytes).
export function createOut(
  e: Entry,
  fh: bigint,
  openFlags: number,
  entryValidSec: number,
  attrValidSec: number,
): Buffer {
  const b = Buffer.allocUnsafe(128 + FUSE_OPEN_OUT_SIZE);
  writeEntryOut(b, 0, e, entryValidSec, attrValidSec);
  writeOpenOut(b, 128, fh, openFlags);
  return b;
}

// WRITE reply: struct fuse_write_out {size, padding}.
export function writeOut(size: number): Buffer {
  const b = Buffer.alloc(FUSE_WRITE_OUT_SIZE);
  b.writeUInt32LE(size >>> 0, 0);
  return b;
}

// GETXATTR/LISTXATTR reply to a size-0 query: struct fuse_getxattr_out.
export function getxattrOut(size: number): Buffer {
  const b = Buffer.alloc(FUSE_GETXATTR_OUT_SIZE);
  b.writeUInt32LE(size >>> 0, 0);
  return b;
}

// STATFS reply: struct fuse_statfs_out (fuse_kstatfs, 80 bytes, spare zeroed).
export function statfsOut(s: StatFs): Buffer {
  const b = Buffer.alloc(FUSE_STATFS_OUT_SIZE);
  b.writeBigUInt64LE(BigInt.asUintN(64, s.blocks), 0);
  b.writeBigUInt64LE(BigInt.asUintN(64, s.bfree), 8);
  b.writeBigUInt64LE(BigInt.asUintN(64, s.bavail), 16);
  b.writeBigUInt64LE(BigInt.asUintN(64, s.files), 24);
  b.writeBigUInt64LE(BigInt.asUintN(64, s.ffree), 32);
  b.writeUInt32LE(s.bsize >>> 0, 40);
  b.writeUInt32LE(s.namelen >>> 0, 44);
  b.writeUInt32LE(s.frsize >>> 0, 48);
  return b;
}

// READLINK reply: the target without a NUL (fs/fuse/dir.c fuse_readlink_page).
export function readlinkOut(target: string): Buffer {
  return Buffer.from(target, 'utf8');
}

// LSEEK reply: struct fuse_lseek_out {offset}.
export function lseekOut(offset: bigint): Buffer {
  const b = Buffer.allocUnsafe(FUSE_LSEEK_OUT_SIZE);
  b.writeBigUInt64LE(BigInt.asUintN(64, offset), 0);
  return b;
}
