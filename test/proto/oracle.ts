// The test oracle: a deliberately naive struct packer/unpacker driven by field
// lists transcribed from include/uapi/linux/fuse.h. It shares no code with
// src/proto, so the codec is never checked against itself (pg-protocol's
// approach). Offsets come from summing field sizes, not from the codec.

export type FieldType = 'u8' | 'u16' | 'u32' | 'i32' | 'u64';
export type Layout = readonly (readonly [string, FieldType])[];
type Values = Record<string, number | bigint>;

const SIZE: Record<FieldType, number> = { u8: 1, u16: 2, u32: 4, i32: 4, u64: 8 };

/** sizeof the layout */
export function sizeOf(layout: Layout): number {
  return layout.reduce((n, [, t]) => n + SIZE[t], 0);
}

/** Packs values in layout order; fields not given are zero. */
export function pack(layout: Layout, v: Values): Buffer {
  const parts: number[] = [];
  for (const [name, t] of layout) {
    const x = v[name] ?? 0;
    let big = BigInt(x);
    const bytes = SIZE[t];
    if (big < 0n) big += 1n << BigInt(bytes * 8);
    for (let i = 0; i < bytes; i++) parts.push(Number((big >> BigInt(8 * i)) & 0xffn));
  }
  return Buffer.from(parts);
}

/** Unpacks a layout at `at`; u64 as bigint, the rest as number. */
export function unpack(layout: Layout, buf: Buffer, at = 0): Record<string, number | bigint> {
  const out: Record<string, number | bigint> = {};
  let pos = at;
  for (const [name, t] of layout) {
    let big = 0n;
    for (let i = SIZE[t] - 1; i >= 0; i--) big = (big << 8n) | BigInt(buf[pos + i] ?? 0);
    if (t === 'i32' && big >= 1n << 31n) big -= 1n << 32n;
    out[name] = t === 'u64' ? big : Number(big);
    pos += SIZE[t];
  }
  return out;
}

/** A NUL-terminated name. */
export const cstr = (s: string): Buffer => Buffer.concat([Buffer.from(s, 'utf8'), Buffer.of(0)]);

// struct fuse_in_header
export const IN_HEADER: Layout = [
  ['len', 'u32'],
  ['opcode', 'u32'],
  ['unique', 'u64'],
  ['nodeid', 'u64'],
  ['uid', 'u32'],
  ['gid', 'u32'],
  ['pid', 'u32'],
  ['total_extlen', 'u16'],
  ['padding', 'u16'],
];

export interface HeaderFields {
  unique?: bigint;
  nodeid?: bigint;
  uid?: number;
  gid?: number;
  pid?: number;
  total_extlen?: number;
}

/** A whole request: header (len computed) followed by the argument parts. */
export function request(opcode: number, h: HeaderFields, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  const header = pack(IN_HEADER, {
    unique: 2n,
    nodeid: 1n,
    uid: 1000,
    gid: 100,
    pid: 4242,
    ...h,
    len: 40 + body.length,
    opcode,
  });
  return Buffer.concat([header, body]);
}

// struct fuse_out_header
export const OUT_HEADER: Layout = [
  ['len', 'u32'],
  ['error', 'i32'],
  ['unique', 'u64'],
];

// struct fuse_attr
export const ATTR: Layout = [
  ['ino', 'u64'],
  ['size', 'u64'],
  ['blocks', 'u64'],
  ['atime', 'u64'],
  ['mtime', 'u64'],
  ['ctime', 'u64'],
  ['atimensec', 'u32'],
  ['mtimensec', 'u32'],
  ['ctimensec', 'u32'],
  ['mode', 'u32'],
  ['nlink', 'u32'],
  ['uid', 'u32'],
  ['gid', 'u32'],
  ['rdev', 'u32'],
  ['blksize', 'u32'],
  ['flags', 'u32'],
];

// struct fuse_entry_out without its trailing fuse_attr
export const ENTRY_OUT_HEAD: Layout = [
  ['nodeid', 'u64'],
  ['generation', 'u64'],
  ['entry_valid', 'u64'],
  ['attr_valid', 'u64'],
  ['entry_valid_nsec', 'u32'],
  ['attr_valid_nsec', 'u32'],
];

// struct fuse_attr_out without its trailing fuse_attr
export const ATTR_OUT_HEAD: Layout = [
  ['attr_valid', 'u64'],
  ['attr_valid_nsec', 'u32'],
  ['dummy', 'u32'],
];

export const OPEN_OUT: Layout = [
  ['fh', 'u64'],
  ['open_flags', 'u32'],
  ['backing_id', 'i32'],
];

export const KSTATFS: Layout = [
  ['blocks', 'u64'],
  ['bfree', 'u64'],
  ['bavail', 'u64'],
  ['files', 'u64'],
  ['ffree', 'u64'],
  ['bsize', 'u32'],
  ['namelen', 'u32'],
  ['frsize', 'u32'],
  ['padding', 'u32'],
  ...[0, 1, 2, 3, 4, 5].map((i) => [`spare${i}`, 'u32'] as const),
];

// struct fuse_init_out as of 7.43
export const INIT_OUT: Layout = [
  ['major', 'u32'],
  ['minor', 'u32'],
  ['max_readahead', 'u32'],
  ['flags', 'u32'],
  ['max_background', 'u16'],
  ['congestion_threshold', 'u16'],
  ['max_write', 'u32'],
  ['time_gran', 'u32'],
  ['max_pages', 'u16'],
  ['map_alignment', 'u16'],
  ['flags2', 'u32'],
  ['max_stack_depth', 'u32'],
  ['request_timeout', 'u16'],
  ...[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((i) => [`unused${i}`, 'u16'] as const),
];

export const DIRENT_HEAD: Layout = [
  ['ino', 'u64'],
  ['off', 'u64'],
  ['namelen', 'u32'],
  ['type', 'u32'],
];
