// fuse_in_header and fuse_out_header. A read of /dev/fuse returns exactly one
// request of header.len bytes (fs/fuse/dev.c fuse_dev_do_read); bytes after
// header.len in the buffer given to us are ignored, so a reused read buffer works.
import { FUSE_IN_HEADER_SIZE, FUSE_OUT_HEADER_SIZE } from './constants.js';
import { BadLengthError, ShortReadError } from './errors.js';
import type { FuseInHeader } from './types.js';
import { viewOf } from './view.js';

// Decodes and checks the 40-byte request header.
export function decodeInHeader(buf: Buffer): FuseInHeader {
  if (buf.length < FUSE_IN_HEADER_SIZE) {
    throw new ShortReadError('fuse_in_header', FUSE_IN_HEADER_SIZE, buf.length);
  }
  const dv = viewOf(buf);
  const o = buf.byteOffset;
  const len = dv.getUint32(o, true);
  const opcode = dv.getUint32(o + 4, true);
  if (len < FUSE_IN_HEADER_SIZE) {
    throw new BadLengthError(`header.len ${len} is shorter than the header`, opcode);
  }
  if (len > buf.length) throw new ShortReadError('request (header.len)', len, buf.length, opcode);
  const totalExtlen = dv.getUint16(o + 36, true);
  if (totalExtlen * 8 > len - FUSE_IN_HEADER_SIZE) {
    throw new BadLengthError(
      `total_extlen ${totalExtlen} (x8) exceeds the ${len - FUSE_IN_HEADER_SIZE} argument bytes`,
      opcode,
    );
  }
  return {
    len,
    opcode,
    unique: dv.getBigUint64(o + 8, true),
    nodeid: dv.getBigUint64(o + 16, true),
    uid: dv.getUint32(o + 24, true),
    gid: dv.getUint32(o + 28, true),
    pid: dv.getUint32(o + 32, true),
    totalExtlen,
  };
}

// Writes fuse_out_header {len, error, unique} at `at`; error is 0 or -errno.
export function writeOutHeader(
  buf: Buffer,
  at: number,
  len: number,
  error: number,
  unique: bigint,
): void {
  const dv = viewOf(buf);
  const o = buf.byteOffset + at;
  dv.setUint32(o, len, true);
  dv.setInt32(o + 4, error, true);
  dv.setBigUint64(o + 8, unique, true);
}

// A standalone 16-byte out header, for writev([outHeader(...), body]) without copying body.
export function outHeader(unique: bigint, error: number, bodyLen: number): Buffer {
  const h = Buffer.allocUnsafe(FUSE_OUT_HEADER_SIZE);
  writeOutHeader(h, 0, FUSE_OUT_HEADER_SIZE + bodyLen, error, unique);
  return h;
}
