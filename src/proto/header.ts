// fuse_in_header and fuse_out_header. A read of /dev/fuse returns exactly one
// request of header.len bytes (fs/fuse/dev.c fuse_dev_do_read); bytes after
// header.len in the buffer given to us are ignored, so a reused read buffer works.
import { FUSE_IN_HEADER_SIZE, FUSE_OUT_HEADER_SIZE } from './constants.js';
import { BadLengthError, ShortReadError } from './errors.js';
import type { FuseInHeader } from './types.js';

// Decodes and checks the 40-byte request header.
export function decodeInHeader(buf: Buffer): FuseInHeader {
  if (buf.length < FUSE_IN_HEADER_SIZE) {
    throw new ShortReadError('fuse_in_header', FUSE_IN_HEADER_SIZE, buf.length);
  }
  const len = buf.readUInt32LE(0);
  const opcode = buf.readUInt32LE(4);
  if (len < FUSE_IN_HEADER_SIZE) {
    throw new BadLengthError(`header.len ${len} is shorter than the header`, opcode);
  }
  if (len > buf.length) throw new ShortReadError('request (header.len)', len, buf.length, opcode);
  const totalExtlen = buf.readUInt16LE(36);
  if (totalExtlen * 8 > len - FUSE_IN_HEADER_SIZE) {
    throw new BadLengthError(
      `total_extlen ${totalExtlen} (x8) exceeds the ${len - FUSE_IN_HEADER_SIZE} argument bytes`,
      opcode,
    );
  }
  return {
    len,
    opcode,
    unique: buf.readBigUInt64LE(8),
    nodeid: buf.readBigUInt64LE(16),
    uid: buf.readUInt32LE(24),
    gid: buf.readUInt32LE(28),
    pid: buf.readUInt32LE(32),
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
  buf.writeUInt32LE(len, at);
  buf.writeInt32LE(error, at + 4);
  buf.writeBigUInt64LE(unique, at + 8);
}

// A standalone 16-byte out header, for writev([outHeader(...), body]) without copying body.
export function outHeader(unique: bigint, error: number, bodyLen: number): Buffer {
  const h = Buffer.allocUnsafe(FUSE_OUT_HEADER_SIZE);
  writeOutHeader(h, 0, FUSE_OUT_HEADER_SIZE + bodyLen, error, unique);
  return h;
}
