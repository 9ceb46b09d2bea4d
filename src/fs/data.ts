// File contents in one Buffer whose capacity grows geometrically, so a long run
// of sequential appends costs amortised O(1) copies per byte.
import { constants } from 'node:buffer';

const MIN_CAPACITY = 4096;
// Past this, grow by half instead of doubling, to bound the slack on huge files.
const DOUBLE_LIMIT = 256 * 1024 * 1024;

/** The largest file one Buffer can hold (writes past it fail with EFBIG). */
export const MAX_FILE_SIZE = constants.MAX_LENGTH;

/** The bytes of a regular file; bytes past `size` in the buffer are garbage. */
export class FileData {
  private buf = Buffer.alloc(0);
  size = 0;

  /** A view of [offset, offset+len) clipped to the file size (no copy). */
  read(offset: number, len: number): Buffer {
    if (offset >= this.size) return Buffer.alloc(0);
    return this.buf.subarray(offset, Math.min(this.size, offset + len));
  }

  /** Writes at offset, filling any hole before it with zeros (sparse write). */
  write(offset: number, data: Buffer): void {
    const end = offset + data.length;
    if (end > this.buf.length) this.grow(end);
    // bytes between the old end and the write are a hole: they must read as zero
    if (offset > this.size) this.buf.fill(0, this.size, offset);
    data.copy(this.buf, offset);
    if (end > this.size) this.size = end;
  }

  /** Shrinks or extends to `size`; an extension reads as zeros. */
  truncate(size: number): void {
    if (size > this.size) {
      if (size > this.buf.length) this.grow(size);
      this.buf.fill(0, this.size, size);
    } else if (size === 0 || size < this.buf.length / 4) {
      // give memory back when most of it is no longer needed
      const keep = Buffer.allocUnsafeSlow(size);
      this.buf.copy(keep, 0, 0, size);
      this.buf = keep;
    }
    this.size = size;
  }

  private grow(need: number): void {
    let cap = Math.max(this.buf.length, MIN_CAPACITY);
    while (cap < need) cap = cap < DOUBLE_LIMIT ? cap * 2 : Math.ceil(cap * 1.5);
    cap = Math.min(cap, MAX_FILE_SIZE);
    const next = Buffer.allocUnsafeSlow(cap);
    this.buf.copy(next, 0, 0, this.size);
    this.buf = next;
  }
}
