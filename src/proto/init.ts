// FUSE_INIT: fuse_init_in (16 bytes before 7.36, 64 since) and fuse_init_out.
// The kernel reads flags2 only when FUSE_INIT_EXT is set (fs/fuse/inode.c
// fuse_send_init / process_init_reply); it accepts a shorter init_out (what is
// not sent reads as zero), and this codec always sends the full 64 bytes.
import {
  FUSE_COMPAT_INIT_IN_SIZE,
  FUSE_INIT_EXT,
  FUSE_INIT_OUT_REQUEST_TIMEOUT_OFFSET,
  FUSE_INIT_OUT_SIZE,
} from './constants.js';
import type { Cursor } from './cursor.js';
import type { FuseInitIn, FuseInitOut } from './types.js';

const LOW32 = 0xffffffffn;

// Parses fuse_init_in; flags2 is folded into bits 32..63 when FUSE_INIT_EXT is set.
export function parseInitIn(c: Cursor): FuseInitIn {
  c.need(FUSE_COMPAT_INIT_IN_SIZE, 'fuse_init_in');
  const major = c.u32();
  const minor = c.u32();
  const maxReadahead = c.u32();
  let flags = BigInt(c.u32());
  if (flags & FUSE_INIT_EXT && c.left >= 4) flags |= BigInt(c.u32()) << 32n;
  return { major, minor, maxReadahead, flags };
}

// The 64-byte fuse_init_out body; flags above bit 31 go into flags2.
export function initOut(o: FuseInitOut): Buffer {
  const b = Buffer.alloc(FUSE_INIT_OUT_SIZE);
  b.writeUInt32LE(o.major, 0);
  b.writeUInt32LE(o.minor, 4);
  b.writeUInt32LE(o.maxReadahead, 8);
  b.writeUInt32LE(Number(o.flags & LOW32), 12);
  b.writeUInt16LE(o.maxBackground, 16);
  b.writeUInt16LE(o.congestionThreshold, 18);
  b.writeUInt32LE(o.maxWrite, 20);
  b.writeUInt32LE(o.timeGran, 24);
  b.writeUInt16LE(o.maxPages, 28);
  b.writeUInt16LE(o.mapAlignment, 30);
  b.writeUInt32LE(Number((o.flags >> 32n) & LOW32), 32);
  b.writeUInt32LE(o.maxStackDepth, 36);
  b.writeUInt16LE(o.requestTimeout, FUSE_INIT_OUT_REQUEST_TIMEOUT_OFFSET);
  return b;
}
