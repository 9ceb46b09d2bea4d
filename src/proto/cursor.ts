// Argument cursor over one request (after fuser's ArgumentIterator and
// pg-protocol's BufferReader): reads little-endian fields in order and throws
// ShortReadError instead of reading past `end`.
import { BadNameError, ShortReadError } from './errors.js';
import { viewOf } from './view.js';

// Reads fields of one request in order; `end` excludes the extension area.
export class Cursor {
  private readonly dv: DataView;
  private readonly base: number;

  constructor(
    readonly buf: Buffer,
    public pos: number,
    public end: number,
    readonly opcode?: number,
  ) {
    this.dv = viewOf(buf);
    this.base = buf.byteOffset;
  }

  /** bytes left before `end` */
  get left(): number {
    return this.end - this.pos;
  }

  /** throws unless `n` more bytes are there for `what` */
  need(n: number, what: string): void {
    if (this.end - this.pos < n)
      throw new ShortReadError(what, n, this.end - this.pos, this.opcode);
  }

  // The readers below do not check bounds: call need() for the whole struct first.
  u32(): number {
    const v = this.dv.getUint32(this.base + this.pos, true);
    this.pos += 4;
    return v;
  }

  u64(): bigint {
    const v = this.dv.getBigUint64(this.base + this.pos, true);
    this.pos += 8;
    return v;
  }

  /** a u64 field that carries a signed value (time64_t seconds) */
  i64(): bigint {
    const v = this.dv.getBigInt64(this.base + this.pos, true);
    this.pos += 8;
    return v;
  }

  skip(n: number): void {
    this.pos += n;
  }

  /** `n` bytes as a view into the request buffer (no copy) */
  bytes(n: number, what: string): Buffer {
    this.need(n, what);
    const v = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }

  /** a NUL-terminated name, decoded as UTF-8; the NUL is consumed */
  cstring(what: string): string {
    const nul = this.buf.indexOf(0, this.pos);
    if (nul < 0 || nul >= this.end) {
      throw new BadNameError(`${what} is not NUL-terminated`, this.opcode);
    }
    const s = this.buf.toString('utf8', this.pos, nul);
    this.pos = nul + 1;
    return s;
  }
}
