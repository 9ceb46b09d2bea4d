// READDIR and READDIRPLUS bodies: struct fuse_dirent records (and
// fuse_direntplus = fuse_entry_out + fuse_dirent), each padded with zeros to
// 8 bytes (FUSE_DIRENT_ALIGN). The kernel parses until the body ends
// (fs/fuse/readdir.c parse_dirfile), so a body never exceeds the read size.
import type { DirEntry, Entry } from '../fs/types.js';
import { FUSE_NAME_OFFSET, FUSE_NAME_OFFSET_DIRENTPLUS } from './constants.js';
import { writeEntryOut } from './attr-out.js';
import { viewOf } from './view.js';

const align8 = (n: number): number => (n + 7) & ~7;

/** One READDIRPLUS record: the entry (as LOOKUP would answer) and its dirent. */
export interface DirEntryPlus {
  entry: Entry;
  dirent: DirEntry;
}

// How many records of the given name lengths fit in maxSize, and their total size.
function fit(
  lens: number[],
  nameOffset: number,
  maxSize: number,
): { count: number; total: number } {
  let total = 0;
  let count = 0;
  for (const n of lens) {
    const rec = align8(nameOffset + n);
    if (total + rec > maxSize) break;
    total += rec;
    count++;
  }
  return { count, total };
}

// Writes one fuse_dirent at `at` (the buffer is zero-filled, so padding is too).
function putDirent(b: Buffer, at: number, d: DirEntry, nameLen: number): void {
  const dv = viewOf(b);
  const o = b.byteOffset + at;
  dv.setBigUint64(o, d.ino, true);
  dv.setBigUint64(o + 8, d.off, true);
  dv.setUint32(o + 16, nameLen, true);
  dv.setUint32(o + 20, d.type, true);
  b.write(d.name, at + FUSE_NAME_OFFSET, nameLen, 'utf8');
}

// READDIR body: as many whole records as fit in maxSize; count says how many.
export function direntsOut(
  entries: readonly DirEntry[],
  maxSize: number,
): { buf: Buffer; count: number } {
  const lens = entries.map((d) => Buffer.byteLength(d.name, 'utf8'));
  const { count, total } = fit(lens, FUSE_NAME_OFFSET, maxSize);
  const buf = Buffer.alloc(total);
  for (let i = 0, at = 0; i < count; i++) {
    const n = lens[i] as number;
    putDirent(buf, at, entries[i] as DirEntry, n);
    at += align8(FUSE_NAME_OFFSET + n);
  }
  return { buf, count };
}

// READDIRPLUS body; the kernel takes a LOOKUP reference for each record with a
// nonzero nodeid (fs/fuse/readdir.c fuse_direntplus_link), so `count` matters.
export function direntsPlusOut(
  entries: readonly DirEntryPlus[],
  maxSize: number,
  entryValidSec: number,
  attrValidSec: number,
): { buf: Buffer; count: number } {
  const lens = entries.map((p) => Buffer.byteLength(p.dirent.name, 'utf8'));
  const { count, total } = fit(lens, FUSE_NAME_OFFSET_DIRENTPLUS, maxSize);
  const buf = Buffer.alloc(total);
  for (let i = 0, at = 0; i < count; i++) {
    const n = lens[i] as number;
    const p = entries[i] as DirEntryPlus;
    writeEntryOut(buf, at, p.entry, entryValidSec, attrValidSec);
    putDirent(buf, at + 128, p.dirent, n);
    at += align8(FUSE_NAME_OFFSET_DIRENTPLUS + n);
  }
  return { buf, count };
}
