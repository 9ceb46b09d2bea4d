// File contents as 1 MiB chunks. The first chunk grows geometrically, so small
// files stay small and appends to them are amortised O(1); later chunks are
// allocated whole and never move, so a long sequential write copies each byte
// once. Moving data to grow one big Buffer costs more than it seems: on these
// VMs the first touch of fresh memory runs at ~3 s/GiB, and doubling a 1 GiB
// file's buffer touches 2-3 GiB. Missing chunks are holes (sparse files).
// Invariant: every allocated byte at or past `size` is zero, so extending a
// file needs no work (Buffer.alloc is calloc: fresh pages come zeroed).

const CHUNK_SHIFT = 20;
const CHUNK = 1 << CHUNK_SHIFT;
const MIN_FIRST = 4096;

/** The largest file size accepted (writes past it fail with EFBIG). */
export const MAX_FILE_SIZE = 2 ** 40;

/** The bytes of a regular file. */
export class FileData {
  private chunks: (Buffer | undefined)[] = [];
  size = 0;

  /** Bytes held in memory (holes excluded), for st_blocks and statfs. */
  get allocated(): number {
    let n = 0;
    for (const c of this.chunks) n += c?.length ?? 0;
    return n;
  }

  /** [offset, offset+len) clipped to the size: a view when it lies in one chunk. */
  read(offset: number, len: number): Buffer {
    const end = Math.min(this.size, offset + len);
    if (offset >= end) return Buffer.alloc(0);
    const first = offset >> CHUNK_SHIFT;
    const chunk = this.chunks[first];
    const within = offset - first * CHUNK;
    if (chunk && end - first * CHUNK <= chunk.length) {
      return chunk.subarray(within, within + (end - offset));
    }
    // spans chunks, a hole, or the unallocated tail of the first chunk
    const out = Buffer.alloc(end - offset);
    for (let pos = offset; pos < end;) {
      const i = pos >> CHUNK_SHIFT;
      const at = pos - i * CHUNK;
      const n = Math.min(CHUNK - at, end - pos);
      const c = this.chunks[i];
      if (c && at < c.length) c.copy(out, pos - offset, at, Math.min(at + n, c.length));
      pos += n;
    }
    return out;
  }

  /** Writes at offset; a gap before it is a hole that reads as zeros. */
  write(offset: number, data: Buffer): void {
    const end = offset + data.length;
    for (let pos = offset; pos < end;) {
      const i = pos >> CHUNK_SHIFT;
      const at = pos - i * CHUNK;
      const n = Math.min(CHUNK - at, end - pos);
      const chunk = this.room(i, at + n);
      data.copy(chunk, at, pos - offset, pos - offset + n);
      pos += n;
    }
    if (end > this.size) this.size = end;
  }

  /** Shrinks or extends to `size`; an extension reads as zeros. */
  truncate(size: number): void {
    if (size < this.size) {
      const keep = Math.ceil(size / CHUNK);
      this.chunks.length = Math.min(this.chunks.length, keep);
      const last = this.chunks[keep - 1];
      // keep the invariant: what lies past the new size is zero
      if (last) last.fill(0, size - (keep - 1) * CHUNK);
    }
    this.size = size;
  }

  // Chunk I with at least `need` bytes allocated.
  private room(i: number, need: number): Buffer {
    const c = this.chunks[i];
    if (c && c.length >= need) return c;
    if (i > 0) return (this.chunks[i] = Buffer.alloc(CHUNK));
    let len = Math.max(c?.length ?? 0, MIN_FIRST);
    while (len < need) len *= 2;
    const grown = Buffer.alloc(Math.min(len, CHUNK));
    c?.copy(grown);
    return (this.chunks[0] = grown);
  }
}
