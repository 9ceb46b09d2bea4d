// Writers for struct fuse_attr and the replies that carry one (fuse_attr_out,
// fuse_entry_out). Cache validity is given in (fractional) seconds and split
// into the sec/nsec pair the kernel turns into a jiffies deadline
// (fs/fuse/dir.c fuse_time_to_jiffies).
import type { Attr, Entry } from '../fs/types.js';
import { FUSE_ATTR_OUT_SIZE, FUSE_ENTRY_OUT_SIZE } from './constants.js';

const u64 = (v: bigint): bigint => BigInt.asUintN(64, v);

// Seconds as fuse's (u64 sec, u32 nsec); negative or NaN counts as 0.
export function splitSeconds(v: number): [bigint, number] {
  if (!(v > 0)) return [0n, 0];
  if (!Number.isFinite(v)) return [0xffffffffffffffffn, 0];
  const sec = Math.floor(v);
  const nsec = Math.min(999_999_999, Math.round((v - sec) * 1e9));
  return [BigInt(sec), nsec];
}

// Writes the 88-byte struct fuse_attr at `at` (flags 0: no submount, no DAX).
export function writeAttr(b: Buffer, at: number, a: Attr): void {
  b.writeBigUInt64LE(u64(a.ino), at);
  b.writeBigUInt64LE(u64(a.size), at + 8);
  b.writeBigUInt64LE(u64(a.blocks), at + 16);
  b.writeBigUInt64LE(u64(a.atime.sec), at + 24);
  b.writeBigUInt64LE(u64(a.mtime.sec), at + 32);
  b.writeBigUInt64LE(u64(a.ctime.sec), at + 40);
  b.writeUInt32LE(a.atime.nsec >>> 0, at + 48);
  b.writeUInt32LE(a.mtime.nsec >>> 0, at + 52);
  b.writeUInt32LE(a.ctime.nsec >>> 0, at + 56);
  b.writeUInt32LE(a.mode >>> 0, at + 60);
  b.writeUInt32LE(a.nlink >>> 0, at + 64);
  b.writeUInt32LE(a.uid >>> 0, at + 68);
  b.writeUInt32LE(a.gid >>> 0, at + 72);
  b.writeUInt32LE(a.rdev >>> 0, at + 76);
  b.writeUInt32LE(a.blksize >>> 0, at + 80);
  b.writeUInt32LE(0, at + 84);
}

// Writes the 128-byte struct fuse_entry_out at `at`.
export function writeEntryOut(
  b: Buffer,
  at: number,
  e: Entry,
  entryValidSec: number,
  attrValidSec: number,
): void {
  const [es, ens] = splitSeconds(entryValidSec);
  const [as, ans] = splitSeconds(attrValidSec);
  b.writeBigUInt64LE(u64(e.nodeid), at);
  b.writeBigUInt64LE(u64(e.generation), at + 8);
  b.writeBigUInt64LE(es, at + 16);
  b.writeBigUInt64LE(as, at + 24);
  b.writeUInt32LE(ens, at + 32);
  b.writeUInt32LE(ans, at + 36);
  writeAttr(b, at + 40, e.attr);
}

// LOOKUP, MKNOD, MKDIR, SYMLINK, LINK reply. A nodeid of 0 is a negative entry
// the kernel caches for entryValidSec (fs/fuse/dir.c fuse_lookup_name).
export function entryOut(e: Entry, entryValidSec: number, attrValidSec: number): Buffer {
  const b = Buffer.allocUnsafe(FUSE_ENTRY_OUT_SIZE);
  writeEntryOut(b, 0, e, entryValidSec, attrValidSec);
  return b;
}

// GETATTR and SETATTR reply: struct fuse_attr_out.
export function attrOut(a: Attr, validSec: number): Buffer {
  const b = Buffer.allocUnsafe(FUSE_ATTR_OUT_SIZE);
  const [s, ns] = splitSeconds(validSec);
  b.writeBigUInt64LE(s, 0);
  b.writeUInt32LE(ns, 8);
  b.writeUInt32LE(0, 12);
  writeAttr(b, 16, a);
  return b;
}
