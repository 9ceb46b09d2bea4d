// READDIR and READDIRPLUS bodies: struct fuse_dirent records (and
// fuse_direntplus = fuse_entry_out + fuse_dirent), each padded with zeros to
// 8 bytes (FUSE_DIRENT_ALIGN). The kernel parses until the body ends
// (fs/fuse/readdir.c parse_dirfile), so a body never exceeds the read size.
import type { DirEntry, Entry } from '../fs/types.js';
import { FUSE_NAME_OFFSET, FUSE_NAME_OFFSET_DIRENTPLUS } from './constants.js';
import { writeEntryOut } from './attr-out.js';

const align8 = (n: number): number => (n + 7) & ~7;

/** One READDIRPLUS record: the entry (as LOOKUP would answer) and its dirent. */
export interface DirEntryPlus {
  entry: Entry;
  dirent: DirEntry;
}

function pack<T>(
  items: readonly T[],
  maxSize: number,
  nameOf: (t: T) => string,
  nameOffset: number,
  write: (b: Buffer, at: number, t: T, nameLen: number) => void,
): { buf: Buffer; count: number } {
  const lens: number[] = [];
  let total = 0;
  for (const it of items) {
    const n = Buffer.byteLength(nameOf(it), 'utf8');
    const rec = align8(nameOffset + n);
    if (total + rec > maxSize) break;
    lens.push(n);
    total += rec;
  }
  const buf = Buffer.alloc(total);
  let at = 0;
  for (let i = 0; i < lens.length; i++) {
    const n = lens[i] as number;
    const it = items[i] as T;
    write(buf, at, it, n);
    buf.write(nameOf(it), at + nameOffset, n, 'utf8');
    at += align8(nameOffset + n);
  }
  return { buf, count: lens.length };
}

function writeDirent(b: Buffer, at: number, d: DirEntry, nameLen: number): void {
  b.writeBigUInt64LE(BigInt.asUintN(64, d.ino), at);
  b.writeBigUInt64LE(BigInt.asUintN(64, d.off), at + 8);
  b.writeUInt32LE(nameLen, at + 16);
  b.writeUInt32LE(d.type >>> 0, at + 20);
}

// READDIR body: as many whole records as fit in maxSize; count says how many.
export function direntsOut(entries: readonly DirEntry[], maxSize: number) {
  return pack(entries, maxSize, (d) => d.name, FUSE_NAME_OFFSET, writeDirent);
}

// READDIRPLUS body; the kernel takes a LOOKUP reference for each record with a
// nonzero nodeid (fs/fuse/readdir.c fuse_direntplus_link), so `count` matters.
export function direntsPlusOut(
  entries: readonly DirEntryPlus[],
  maxSize: number,
  entryValidSec: number,
  attrValidSec: number,
) {
  return pack(
    entries,
    maxSize,
    (p) => p.dirent.name,
    FUSE_NAME_OFFSET_DIRENTPLUS,
    (b, at, p, n) => {
      writeEntryOut(b, at, p.entry, entryValidSec, attrValidSec);
      writeDirent(b, at + 128, p.dirent, n);
    },
  );
}
