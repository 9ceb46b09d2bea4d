// Writers for struct fuse_attr and the replies that carry one (fuse_attr_out,
// fuse_entry_out). Cache validity is given in (fractional) seconds and split
// into the sec/nsec pair the kernel turns into a jiffies deadline
// (fs/fuse/dir.c fuse_time_to_jiffies). u64 fields wrap modulo 2^64 (DataView),
// so a negative time is sent as the kernel's two's complement.
import type { Attr, Entry } from '../fs/types.js';
import { FUSE_ATTR_OUT_SIZE, FUSE_ENTRY_OUT_SIZE } from './constants.js';
import { viewOf } from './view.js';

// Seconds as fuse's (u64 sec, u32 nsec); negative or NaN counts as 0.
export function splitSeconds(v: number): [bigint, number] {
  if (!(v > 0)) return [0n, 0];
  if (!Number.isFinite(v)) return [0xffffffffffffffffn, 0];
  const sec = Math.floor(v);
  const nsec = Math.min(999_999_999, Math.round((v - sec) * 1e9));
  return [BigInt(sec), nsec];
}

// Engines pass the same few validity values on every reply: remember the last
// two splits instead of building bigints each time.
let memoA: [number, [bigint, number]] = [0, [0n, 0]];
let memoB: [number, [bigint, number]] = [0, [0n, 0]];
function split(v: number): [bigint, number] {
  if (v === memoA[0]) return memoA[1];
  if (v === memoB[0]) return memoB[1];
  memoB = memoA;
  memoA = [v, splitSeconds(v)];
  return memoA[1];
}

// Writes the 88-byte struct fuse_attr at dv offset `o` (flags 0: no submount, no DAX).
function putAttr(dv: DataView, o: number, a: Attr): void {
  dv.setBigUint64(o, a.ino, true);
  dv.setBigUint64(o + 8, a.size, true);
  dv.setBigUint64(o + 16, a.blocks, true);
  dv.setBigUint64(o + 24, a.atime.sec, true);
  dv.setBigUint64(o + 32, a.mtime.sec, true);
  dv.setBigUint64(o + 40, a.ctime.sec, true);
  dv.setUint32(o + 48, a.atime.nsec, true);
  dv.setUint32(o + 52, a.mtime.nsec, true);
  dv.setUint32(o + 56, a.ctime.nsec, true);
  dv.setUint32(o + 60, a.mode, true);
  dv.setUint32(o + 64, a.nlink, true);
  dv.setUint32(o + 68, a.uid, true);
  dv.setUint32(o + 72, a.gid, true);
  dv.setUint32(o + 76, a.rdev, true);
  dv.setUint32(o + 80, a.blksize, true);
  dv.setUint32(o + 84, 0, true);
}

// Writes the 128-byte struct fuse_entry_out at `at` of b.
export function writeEntryOut(
  b: Buffer,
  at: number,
  e: Entry,
  entryValidSec: number,
  attrValidSec: number,
): void {
  const dv = viewOf(b);
  const o = b.byteOffset + at;
  const [es, ens] = split(entryValidSec);
  const [as, ans] = split(attrValidSec);
  dv.setBigUint64(o, e.nodeid, true);
  dv.setBigUint64(o + 8, e.generation, true);
  dv.setBigUint64(o + 16, es, true);
  dv.setBigUint64(o + 24, as, true);
  dv.setUint32(o + 32, ens, true);
  dv.setUint32(o + 36, ans, true);
  putAttr(dv, o + 40, e.attr);
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
  const dv = viewOf(b);
  const o = b.byteOffset;
  const [s, ns] = split(validSec);
  dv.setBigUint64(o, s, true);
  dv.setUint32(o + 8, ns, true);
  dv.setUint32(o + 12, 0, true);
  putAttr(dv, o + 16, a);
  return b;
}
