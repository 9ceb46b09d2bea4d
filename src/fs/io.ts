// Open handles and what goes through them: reads, writes, directory listings.
import { MAX_FILE_SIZE } from './data.js';
import { E, fail } from './errno.js';
import { dirOf } from './namespace.js';
import * as N from './node.js';
import type { NodeTable } from './table.js';
import type { DirEntry, StatFs } from './types.js';

// readdir returns at most this many entries a call; the kernel asks again from the last d_off
const READDIR_BATCH = 1024;
const DT_DIR = 4;
const O_ACCMODE = 3;
const O_RDONLY = 0;
const O_TRUNC = 0o1000;
const BLOCKS = 1n << 24n;
const FILES = 1n << 24n;

/** open(2) of a node: EISDIR for a directory opened to write; O_TRUNC empties a file. */
export function openNode(t: NodeTable, node: N.Node, flags: number): bigint {
  const writes = (flags & O_ACCMODE) !== O_RDONLY;
  if (N.isDir(node) && writes) fail(E.EISDIR);
  // O_TRUNC arrives here only with FUSE_ATOMIC_O_TRUNC (fuse_send_open strips it otherwise)
  if (node.data && writes && flags & O_TRUNC && node.data.size > 0) {
    node.data.truncate(0);
    N.touchContent(node);
  }
  return t.open(node, flags, false);
}

/** The file data behind an open handle. */
function dataOf(t: NodeTable, fh: bigint) {
  const { node } = t.handle(fh);
  if (!node.data) fail(N.isDir(node) ? E.EISDIR : E.EINVAL);
  return { node, data: node.data };
}

/** Up to `size` bytes at `offset` (a view, not a copy: a reply held back by a fault may show later writes). */
export function readHandle(t: NodeTable, fh: bigint, offset: bigint, size: number): Buffer {
  const { data } = dataOf(t, fh);
  if (offset >= BigInt(data.size)) return Buffer.alloc(0);
  return data.read(Number(offset), size);
}

/** Writes `buf` at `offset`, extending the file (a gap becomes a hole). */
export function writeHandle(t: NodeTable, fh: bigint, offset: bigint, buf: Buffer): number {
  const { node, data } = dataOf(t, fh);
  if (offset + BigInt(buf.length) > BigInt(MAX_FILE_SIZE)) fail(E.EFBIG);
  data.write(Number(offset), buf);
  N.touchContent(node);
  return buf.length;
}

/** Entries after cookie `offset`: ".", "..", then names in cookie order. */
export function listHandle(t: NodeTable, fh: bigint, offset: bigint): DirEntry[] {
  const dir = dirOf(t.handle(fh).node);
  const out: DirEntry[] = [];
  if (offset < 1n) out.push({ name: '.', ino: dir.ino, type: DT_DIR, off: 1n });
  if (offset < 2n) {
    const up = dir.links[0]?.parent ?? dir;
    out.push({ name: '..', ino: up.ino, type: DT_DIR, off: 2n });
  }
  for (const [name, slot] of dir.entries.from(offset, READDIR_BATCH)) {
    const type = (slot.node.mode >> 12) & 15;
    out.push({ name, ino: slot.node.ino, type, off: slot.cookie });
  }
  return out;
}

/** statfs: a nominal 64 GiB, less what the files hold. */
export function statfsOf(t: NodeTable): StatFs {
  let used = 0n;
  for (const node of t.nodes.values()) used += BigInt(Math.ceil(N.sizeOf(node) / 4096));
  const files = BigInt(t.nodes.size);
  const bfree = used < BLOCKS ? BLOCKS - used : 0n;
  const ffree = files < FILES ? FILES - files : 0n;
  return {
    blocks: BLOCKS,
    bfree,
    bavail: bfree,
    files: FILES,
    ffree,
    bsize: 4096,
    namelen: 255,
    frsize: 4096,
  };
}
