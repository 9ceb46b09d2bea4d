// One request per implemented opcode, built by the oracle, with the fields the
// decoder must return. Opcode numbers are literals from enum fuse_opcode, so a
// wrong constant in src/proto cannot hide here.
import * as L from './oracle-in.js';
import { cstr, pack, request } from './oracle.js';

export interface Case {
  title: string;
  session: { minor: number; setxattrExt?: boolean };
  buf: Buffer;
  op: string;
  arg: Record<string, unknown>;
  /** the decoder accepts this many argument bytes or more (default: all of them) */
  minArgLen?: number;
}

const M38 = { minor: 38 };
const data = Buffer.from('hello, fuse\n');
const xval = Buffer.from([1, 2, 0, 3]);

// Modern layouts (7.38); each case's arg is what decodeRequest must give.
export const cases: Case[] = [
  {
    title: 'lookup',
    session: M38,
    buf: request(1, { nodeid: 1n }, cstr('etc')),
    op: 'lookup',
    arg: { name: 'etc' },
  },
  {
    title: 'forget',
    session: M38,
    buf: request(2, { nodeid: 7n }, pack(L.FORGET_IN, { nlookup: 3n })),
    op: 'forget',
    arg: { nlookup: 3n },
  },
  {
    title: 'batch_forget',
    session: M38,
    buf: request(
      42,
      { nodeid: 0n },
      pack(L.BATCH_FORGET_IN, { count: 2 }),
      pack(L.FORGET_ONE, { nodeid: 5n, nlookup: 1n }),
      pack(L.FORGET_ONE, { nodeid: 0xfffffffffffffffen, nlookup: 9n }),
    ),
    op: 'batch_forget',
    arg: {
      items: [
        { nodeid: 5n, nlookup: 1n },
        { nodeid: 0xfffffffffffffffen, nlookup: 9n },
      ],
    },
  },
  {
    title: 'getattr',
    session: M38,
    buf: request(3, {}, pack(L.GETATTR_IN, { getattr_flags: 1, fh: 0x1122334455667788n })),
    op: 'getattr',
    arg: { getattrFlags: 1, fh: 0x1122334455667788n },
  },
  {
    title: 'setattr',
    session: M38,
    buf: request(
      4,
      { nodeid: 9n },
      pack(L.SETATTR_IN, {
        valid: 0x7ff,
        fh: 11n,
        size: 1n << 40n,
        lock_owner: 12n,
        atime: 1700000000n,
        mtime: -86400n, // 1969-12-31: the oracle packs it as two's complement
        ctime: 1700000002n,
        atimensec: 1,
        mtimensec: 2,
        ctimensec: 999999999,
        mode: 0o100644,
        uid: 65534,
        gid: 4294967294,
      }),
    ),
    op: 'setattr',
    arg: {
      valid: 0x7ff,
      fh: 11n,
      size: 1n << 40n,
      lockOwner: 12n,
      atime: 1700000000n,
      mtime: -86400n,
      ctime: 1700000002n,
      atimensec: 1,
      mtimensec: 2,
      ctimensec: 999999999,
      mode: 0o100644,
      uid: 65534,
      gid: 4294967294,
    },
  },
  { title: 'readlink', session: M38, buf: request(5, {}), op: 'readlink', arg: {} },
  {
    title: 'symlink',
    session: M38,
    buf: request(6, {}, cstr('link'), cstr('../target dir/é')),
    op: 'symlink',
    arg: { name: 'link', target: '../target dir/é' },
  },
  {
    title: 'mknod',
    session: M38,
    buf: request(
      8,
      {},
      pack(L.MKNOD_IN, { mode: 0o10644, rdev: 0x0801, umask: 0o22 }),
      cstr('fifo'),
    ),
    op: 'mknod',
    arg: { mode: 0o10644, rdev: 0x0801, umask: 0o22, name: 'fifo' },
  },
  {
    title: 'mkdir',
    session: M38,
    buf: request(9, {}, pack(L.MKDIR_IN, { mode: 0o755, umask: 0o22 }), cstr('d')),
    op: 'mkdir',
    arg: { mode: 0o755, umask: 0o22, name: 'd' },
  },
  {
    title: 'unlink',
    session: M38,
    buf: request(10, {}, cstr('f')),
    op: 'unlink',
    arg: { name: 'f' },
  },
  {
    title: 'rmdir',
    session: M38,
    buf: request(11, {}, cstr('d')),
    op: 'rmdir',
    arg: { name: 'd' },
  },
  {
    title: 'rename',
    session: M38,
    buf: request(12, {}, pack(L.RENAME_IN, { newdir: 44n }), cstr('old'), cstr('new')),
    op: 'rename',
    arg: { newdir: 44n, flags: 0, oldname: 'old', newname: 'new' },
  },
  {
    title: 'rename2',
    session: M38,
    buf: request(45, {}, pack(L.RENAME2_IN, { newdir: 45n, flags: 2 }), cstr('a'), cstr('b')),
    op: 'rename2',
    arg: { newdir: 45n, flags: 2, oldname: 'a', newname: 'b' },
  },
  {
    title: 'link',
    session: M38,
    buf: request(13, { nodeid: 1n }, pack(L.LINK_IN, { oldnodeid: 77n }), cstr('hard')),
    op: 'link',
    arg: { oldnodeid: 77n, name: 'hard' },
  },
  {
    title: 'open',
    session: M38,
    buf: request(14, {}, pack(L.OPEN_IN, { flags: 0o100002, open_flags: 1 })),
    op: 'open',
    arg: { flags: 0o100002, openFlags: 1 },
  },
  {
    title: 'read',
    session: M38,
    buf: request(
      15,
      {},
      pack(L.READ_IN, {
        fh: 3n,
        offset: 1n << 33n,
        size: 131072,
        read_flags: 2,
        lock_owner: 0xdeadbeefn,
        flags: 0o100000,
      }),
    ),
    op: 'read',
    arg: {
      fh: 3n,
      offset: 1n << 33n,
      size: 131072,
      readFlags: 2,
      lockOwner: 0xdeadbeefn,
      flags: 0o100000,
    },
  },
  {
    title: 'write',
    session: M38,
    buf: request(
      16,
      {},
      pack(L.WRITE_IN, {
        fh: 4n,
        offset: 4096n,
        size: data.length,
        write_flags: 3,
        lock_owner: 5n,
        flags: 0o2,
      }),
      data,
    ),
    op: 'write',
    arg: {
      fh: 4n,
      offset: 4096n,
      size: data.length,
      writeFlags: 3,
      lockOwner: 5n,
      flags: 0o2,
      data,
    },
  },
  { title: 'statfs', session: M38, buf: request(17, {}), op: 'statfs', arg: {} },
  {
    title: 'release',
    session: M38,
    buf: request(
      18,
      {},
      pack(L.RELEASE_IN, { fh: 6n, flags: 0o2, release_flags: 1, lock_owner: 8n }),
    ),
    op: 'release',
    arg: { fh: 6n, flags: 0o2, releaseFlags: 1, lockOwner: 8n },
  },
  {
    title: 'fsync',
    session: M38,
    buf: request(20, {}, pack(L.FSYNC_IN, { fh: 6n, fsync_flags: 1 })),
    op: 'fsync',
    arg: { fh: 6n, fsyncFlags: 1 },
  },
  {
    title: 'setxattr (FUSE_SETXATTR_EXT)',
    session: { minor: 38, setxattrExt: true },
    buf: request(
      21,
      {},
      pack(L.SETXATTR_IN, { size: xval.length, flags: 1, setxattr_flags: 1 }),
      cstr('user.k'),
      xval,
    ),
    op: 'setxattr',
    arg: { size: xval.length, flags: 1, setxattrFlags: 1, name: 'user.k', value: xval },
  },
  {
    title: 'getxattr',
    session: M38,
    buf: request(22, {}, pack(L.GETXATTR_IN, { size: 0 }), cstr('user.k')),
    op: 'getxattr',
    arg: { size: 0, name: 'user.k' },
  },
  {
    title: 'listxattr',
    session: M38,
    buf: request(23, {}, pack(L.GETXATTR_IN, { size: 4096 })),
    op: 'listxattr',
    arg: { size: 4096 },
  },
  {
    title: 'removexattr',
    session: M38,
    buf: request(24, {}, cstr('user.k')),
    op: 'removexattr',
    arg: { name: 'user.k' },
  },
  {
    title: 'flush',
    session: M38,
    buf: request(25, {}, pack(L.FLUSH_IN, { fh: 9n, unused: 0xffffffff, lock_owner: 10n })),
    op: 'flush',
    arg: { fh: 9n, lockOwner: 10n },
  },
  {
    title: 'opendir',
    session: M38,
    buf: request(27, {}, pack(L.OPEN_IN, { flags: 0o200000 })),
    op: 'opendir',
    arg: { flags: 0o200000, openFlags: 0 },
  },
  {
    title: 'readdir',
    session: M38,
    buf: request(28, {}, pack(L.READ_IN, { fh: 12n, offset: 3n, size: 4096 })),
    op: 'readdir',
    arg: { fh: 12n, offset: 3n, size: 4096, readFlags: 0, lockOwner: 0n, flags: 0 },
  },
  {
    title: 'readdirplus',
    session: M38,
    buf: request(44, {}, pack(L.READ_IN, { fh: 12n, offset: 0n, size: 8192 })),
    op: 'readdirplus',
    arg: { fh: 12n, offset: 0n, size: 8192, readFlags: 0, lockOwner: 0n, flags: 0 },
  },
  {
    title: 'releasedir',
    session: M38,
    buf: request(29, {}, pack(L.RELEASE_IN, { fh: 12n, flags: 0o200000 })),
    op: 'releasedir',
    arg: { fh: 12n, flags: 0o200000, releaseFlags: 0, lockOwner: 0n },
  },
  {
    title: 'fsyncdir',
    session: M38,
    buf: request(30, {}, pack(L.FSYNC_IN, { fh: 12n })),
    op: 'fsyncdir',
    arg: { fh: 12n, fsyncFlags: 0 },
  },
  {
    title: 'access',
    session: M38,
    buf: request(34, {}, pack(L.ACCESS_IN, { mask: 7 })),
    op: 'access',
    arg: { mask: 7 },
  },
  {
    title: 'create',
    session: M38,
    buf: request(
      35,
      {},
      pack(L.CREATE_IN, { flags: 0o100101, mode: 0o100600, umask: 0o77, open_flags: 1 }),
      cstr('new.txt'),
    ),
    op: 'create',
    arg: { flags: 0o100101, mode: 0o100600, umask: 0o77, openFlags: 1, name: 'new.txt' },
  },
  {
    title: 'interrupt',
    session: M38,
    buf: request(36, { unique: 0x2bn, nodeid: 0n }, pack(L.INTERRUPT_IN, { unique: 0x2an })),
    op: 'interrupt',
    arg: { unique: 0x2an },
  },
  { title: 'destroy', session: M38, buf: request(38, {}), op: 'destroy', arg: {} },
  {
    title: 'lseek',
    session: M38,
    buf: request(46, {}, pack(L.LSEEK_IN, { fh: 2n, offset: 100n, whence: 3 })),
    op: 'lseek',
    arg: { fh: 2n, offset: 100n, whence: 3 },
  },
  {
    title: 'fallocate',
    session: M38,
    buf: request(43, {}, pack(L.FALLOCATE_IN, { fh: 2n, offset: 10n, length: 1n << 32n, mode: 1 })),
    op: 'fallocate',
    arg: { fh: 2n, offset: 10n, length: 1n << 32n, mode: 1 },
  },
  {
    title: 'syncfs',
    session: M38,
    buf: request(50, {}, pack(L.SYNCFS_IN, {})),
    op: 'syncfs',
    arg: {},
    minArgLen: 0,
  },
];

// Layouts that depend on the negotiated minor (or on SETXATTR_EXT), at an old minor.
export const compatCases: Case[] = [
  {
    title: 'read at 7.8 (24-byte fuse_read_in)',
    session: { minor: 8 },
    buf: request(15, {}, pack(L.READ_IN_COMPAT, { fh: 3n, offset: 7n, size: 512, read_flags: 0 })),
    op: 'read',
    arg: { fh: 3n, offset: 7n, size: 512, readFlags: 0, lockOwner: 0n, flags: 0 },
  },
  {
    title: 'write at 7.8 (FUSE_COMPAT_WRITE_IN_SIZE)',
    session: { minor: 8 },
    buf: request(
      16,
      {},
      pack(L.WRITE_IN_COMPAT, { fh: 4n, offset: 1n, size: data.length, write_flags: 1 }),
      data,
    ),
    op: 'write',
    arg: { fh: 4n, offset: 1n, size: data.length, writeFlags: 1, lockOwner: 0n, flags: 0, data },
  },
  {
    title: 'getattr at 7.8 (no argument)',
    session: { minor: 8 },
    buf: request(3, {}),
    op: 'getattr',
    arg: { getattrFlags: 0, fh: 0n },
  },
  {
    title: 'mknod at 7.11 (FUSE_COMPAT_MKNOD_IN_SIZE)',
    session: { minor: 11 },
    buf: request(8, {}, pack(L.MKNOD_IN_COMPAT, { mode: 0o20600, rdev: 0x0103 }), cstr('null')),
    op: 'mknod',
    arg: { mode: 0o20600, rdev: 0x0103, umask: 0, name: 'null' },
  },
  {
    title: 'create at 7.11 (fuse_open_in {flags, mode})',
    session: { minor: 11 },
    buf: request(35, {}, pack(L.CREATE_IN_COMPAT, { flags: 0o101, mode: 0o100644 }), cstr('c')),
    op: 'create',
    arg: { flags: 0o101, mode: 0o100644, umask: 0, openFlags: 0, name: 'c' },
  },
  {
    title: 'setxattr without SETXATTR_EXT (8-byte fuse_setxattr_in)',
    session: { minor: 38 },
    buf: request(
      21,
      {},
      pack(L.SETXATTR_IN_COMPAT, { size: xval.length, flags: 2 }),
      cstr('user.k'),
      xval,
    ),
    op: 'setxattr',
    arg: { size: xval.length, flags: 2, setxattrFlags: 0, name: 'user.k', value: xval },
  },
];
