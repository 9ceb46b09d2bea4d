// Replies encoded by src/proto/reply.ts, read back by the oracle's unpacker
// and compared field by field with what was put in.
import t from 'tap';
import type { Attr, DirEntry, Entry } from '../../src/fs/types.js';
import * as R from '../../src/proto/reply.js';
import {
  ATTR,
  ATTR_OUT_HEAD,
  DIRENT_HEAD,
  ENTRY_OUT_HEAD,
  KSTATFS,
  OPEN_OUT,
  OUT_HEADER,
  sizeOf,
  unpack,
} from './oracle.js';

const attr: Attr = {
  ino: 0x123456789n,
  size: 1n << 41n,
  blocks: 8n,
  atime: { sec: 1700000000n, nsec: 1 },
  mtime: { sec: 1700000001n, nsec: 500000000 },
  ctime: { sec: -1n, nsec: 999999999 },
  mode: 0o100644,
  nlink: 2,
  uid: 1000,
  gid: 4294967294,
  rdev: 0x0801,
  blksize: 4096,
};
const entry: Entry = { nodeid: 42n, generation: 3n, attr };

/** what the oracle should read back for `attr` */
const attrFields = {
  ino: 0x123456789n,
  size: 1n << 41n,
  blocks: 8n,
  atime: 1700000000n,
  mtime: 1700000001n,
  ctime: 0xffffffffffffffffn, // -1 as the kernel's u64
  atimensec: 1,
  mtimensec: 500000000,
  ctimensec: 999999999,
  mode: 0o100644,
  nlink: 2,
  uid: 1000,
  gid: 4294967294,
  rdev: 0x0801,
  blksize: 4096,
  flags: 0,
};

/** the out header the oracle reads, next to what it should be */
const header = (buf: Buffer, unique: bigint, error: number) =>
  [unpack(OUT_HEADER, buf), { len: buf.length, error, unique }] as const;

t.test('error reply: 16 bytes, negative errno, no body', async (t) => {
  const buf = R.encodeReply(0x1234n, -2);
  t.equal(buf.length, 16);
  t.strictSame(...header(buf, 0x1234n, -2));
  t.throws(() => R.encodeReply(1n, -5, Buffer.alloc(8)), 'an error reply with a body');
  const empty = R.encodeReply(7n, 0);
  t.equal(empty.length, 16, 'success without a body');
  t.strictSame(...header(empty, 7n, 0));
});

t.test('outHeader for writev', async (t) => {
  const h = R.outHeader(9n, 0, 4096);
  t.strictSame(unpack(OUT_HEADER, h), { len: 4112, error: 0, unique: 9n });
});

t.test('entryOut', async (t) => {
  const buf = R.encodeReply(5n, 0, R.entryOut(entry, 1.25, 0.5));
  t.equal(buf.length, 16 + sizeOf(ENTRY_OUT_HEAD) + sizeOf(ATTR));
  t.strictSame(...header(buf, 5n, 0));
  t.strictSame(unpack(ENTRY_OUT_HEAD, buf, 16), {
    nodeid: 42n,
    generation: 3n,
    entry_valid: 1n,
    attr_valid: 0n,
    entry_valid_nsec: 250000000,
    attr_valid_nsec: 500000000,
  });
  t.strictSame(unpack(ATTR, buf, 16 + 40), attrFields);
});

t.test('attrOut', async (t) => {
  const buf = R.encodeReply(6n, 0, R.attrOut(attr, 3600));
  t.equal(buf.length, 16 + sizeOf(ATTR_OUT_HEAD) + sizeOf(ATTR));
  t.strictSame(unpack(ATTR_OUT_HEAD, buf, 16), {
    attr_valid: 3600n,
    attr_valid_nsec: 0,
    dummy: 0,
  });
  t.strictSame(unpack(ATTR, buf, 16 + 16), attrFields);
});

t.test('validity seconds: negative, NaN and infinite', async (t) => {
  t.strictSame(R.splitSeconds(-1), [0n, 0]);
  t.strictSame(R.splitSeconds(Number.NaN), [0n, 0]);
  t.strictSame(R.splitSeconds(Infinity), [0xffffffffffffffffn, 0]);
  t.strictSame(R.splitSeconds(0.9999999999), [0n, 999999999]);
});

t.test('openOut and createOut', async (t) => {
  const open = R.openOut(0xfedcba9876543210n, 3);
  t.strictSame(unpack(OPEN_OUT, open), { fh: 0xfedcba9876543210n, open_flags: 3, backing_id: 0 });
  const create = R.createOut(entry, 77n, 1, 2, 3);
  t.equal(create.length, 128 + 16);
  t.match(unpack(ENTRY_OUT_HEAD, create), { nodeid: 42n, entry_valid: 2n, attr_valid: 3n });
  t.strictSame(unpack(ATTR, create, 40), attrFields);
  t.strictSame(unpack(OPEN_OUT, create, 128), { fh: 77n, open_flags: 1, backing_id: 0 });
});

t.test('writeOut, lseekOut, getxattrOut, readlinkOut', async (t) => {
  t.strictSame(
    unpack(
      [
        ['size', 'u32'],
        ['padding', 'u32'],
      ],
      R.writeOut(65536),
    ),
    {
      size: 65536,
      padding: 0,
    },
  );
  t.equal(R.writeOut(1).length, 8);
  t.strictSame(unpack([['offset', 'u64']], R.lseekOut(1n << 40n)), { offset: 1n << 40n });
  t.strictSame(
    unpack(
      [
        ['size', 'u32'],
        ['padding', 'u32'],
      ],
      R.getxattrOut(12),
    ),
    {
      size: 12,
      padding: 0,
    },
  );
  const link = R.readlinkOut('../é/x');
  t.strictSame(link, Buffer.from('../é/x', 'utf8'), 'no NUL');
});

t.test('statfsOut', async (t) => {
  const buf = R.statfsOut({
    blocks: 1000n,
    bfree: 900n,
    bavail: 800n,
    files: 100n,
    ffree: 50n,
    bsize: 4096,
    namelen: 255,
    frsize: 4096,
  });
  t.equal(buf.length, sizeOf(KSTATFS));
  t.strictSame(unpack(KSTATFS, buf), {
    blocks: 1000n,
    bfree: 900n,
    bavail: 800n,
    files: 100n,
    ffree: 50n,
    bsize: 4096,
    namelen: 255,
    frsize: 4096,
    padding: 0,
    spare0: 0,
    spare1: 0,
    spare2: 0,
    spare3: 0,
    spare4: 0,
    spare5: 0,
  });
});

/** the oracle's dirent parser: walks records as fs/fuse/readdir.c parse_dirfile does */
function parseDirents(buf: Buffer, plus: boolean) {
  const out: Record<string, unknown>[] = [];
  const head = plus ? 128 : 0;
  let pos = 0;
  while (pos < buf.length) {
    const d = unpack(DIRENT_HEAD, buf, pos + head);
    const nameAt = pos + head + 24;
    const namelen = d.namelen as number;
    const name = buf.toString('utf8', nameAt, nameAt + namelen);
    const rec = Math.ceil((head + 24 + namelen) / 8) * 8;
    const pad = buf.subarray(nameAt + namelen, pos + rec);
    out.push({
      ...d,
      name,
      padZero: pad.every((b) => b === 0),
      ...(plus ? { entry: unpack(ENTRY_OUT_HEAD, buf, pos) } : {}),
    });
    pos += rec;
  }
  if (pos !== buf.length) throw new Error(`records end at ${pos}, the body at ${buf.length}`);
  return out;
}

const dirents: DirEntry[] = [
  { name: '.', ino: 1n, type: 4, off: 1n },
  { name: '..', ino: 1n, type: 4, off: 2n },
  { name: 'file-with-8', ino: 10n, type: 8, off: 3n },
  { name: 'é', ino: 11n, type: 10, off: 4n },
];

t.test('direntsOut: aligned records, stops before maxSize', async (t) => {
  const { buf, count } = R.direntsOut(dirents, 4096);
  t.equal(count, 4);
  // 24+1 -> 32, 24+2 -> 32, 24+11 -> 40, 24+2 -> 32
  t.equal(buf.length, 32 + 32 + 40 + 32);
  const got = parseDirents(buf, false);
  t.strictSame(
    got.map((d) => [d.name, d.ino, d.off, d.type, d.namelen, d.padZero]),
    [
      ['.', 1n, 1n, 4, 1, true],
      ['..', 1n, 2n, 4, 2, true],
      ['file-with-8', 10n, 3n, 8, 11, true],
      ['é', 11n, 4n, 10, 2, true],
    ],
  );
  const part = R.direntsOut(dirents, 32 + 32 + 39);
  t.equal(part.count, 2, 'the third record does not fit in 103 bytes');
  t.equal(part.buf.length, 64);
  const none = R.direntsOut(dirents, 31);
  t.equal(none.count, 0);
  t.equal(none.buf.length, 0);
  t.equal(R.direntsOut([], 4096).count, 0);
});

t.test('direntsPlusOut: entry_out then dirent, aligned', async (t) => {
  const plus = dirents.slice(2).map((d) => ({
    dirent: d,
    entry: { nodeid: d.ino, generation: 0n, attr: { ...attr, ino: d.ino } },
  }));
  const { buf, count } = R.direntsPlusOut(plus, 4096, 1, 2);
  t.equal(count, 2);
  t.equal(buf.length, 152 + 16 + 152 + 8, '152+11 -> 168, 152+2 -> 160');
  const got = parseDirents(buf, true);
  t.strictSame(
    got.map((d) => [d.name, d.ino, d.off, d.padZero]),
    [
      ['file-with-8', 10n, 3n, true],
      ['é', 11n, 4n, true],
    ],
  );
  t.match(got[0]?.entry, { nodeid: 10n, entry_valid: 1n, attr_valid: 2n });
  t.equal(R.direntsPlusOut(plus, 167, 1, 2).count, 0);
});
