// Requests exactly as Linux 6.18 (protocol 7.45) sent them to a probe server on
// this machine kind (captured once, kept as commented hex rows, fuser-style):
// decoding them checks the codec against the kernel rather than against our
// own reading of fuse.h.
import t from 'tap';
import { decodeRequest } from '../../src/proto/request.js';

/** hex rows with // comments -> bytes */
const hex = (rows: string): Buffer =>
  Buffer.from(rows.replace(/\/\/.*$/gm, '').replace(/\s+/g, ''), 'hex');

// header rows 2..5: unique, nodeid, uid gid, pid total_extlen padding
const M45 = { minor: 45, setxattrExt: false };

t.test('INIT from a 7.45 kernel (104 bytes: header + 64-byte fuse_init_in)', async (t) => {
  const buf = hex(`
    68000000 1a000000  // len 104, opcode 26
    02000000 00000000  // unique 2
    00000000 00000000  // nodeid 0
    00000000 00000000  // uid 0, gid 0
    00000000 00000000  // pid 0, total_extlen 0
    07000000 2d000000  // major 7, minor 45
    00000200 fbffff73  // max_readahead 131072, flags (INIT_EXT set)
    fd050000 00000000  // flags2: bits 32..42 minus 33 and 41; unused[0]
    00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000
    00000000 00000000
  `);
  const req = decodeRequest(buf, { minor: 0 });
  if (req.op !== 'init') throw new Error(req.op);
  t.strictSame(req.arg, { major: 7, minor: 45, maxReadahead: 131072, flags: 0x5fd73fffffbn });
});

t.test('CREATE "new" (O_WRONLY|O_CREAT|O_TRUNC|O_LARGEFILE, 0644, umask 022)', async (t) => {
  const buf = hex(`
    3c000000 23000000  // len 60, opcode 35
    2a000000 00000000  // unique 42
    01000000 00000000  // nodeid 1
    00000000 00000000
    9b4c0000 00000000  // pid 19611
    41820000 a4810000  // flags 0o101101, mode 0o100644
    12000000 00000000  // umask 0o22, open_flags 0
    6e657700           // "new"
  `);
  const req = decodeRequest(buf, M45);
  if (req.op !== 'create') throw new Error(req.op);
  t.strictSame(req.arg, {
    flags: 0o101101,
    mode: 0o100644,
    umask: 0o22,
    openFlags: 0,
    name: 'new',
  });
  t.equal(req.header.pid, 19611);
});

t.test('WRITE "data\\n" at 0', async (t) => {
  const buf = hex(`
    55000000 10000000  // len 85, opcode 16
    30000000 00000000  // unique 48
    03000000 00000000  // nodeid 3
    00000000 00000000
    9b4c0000 00000000
    1e000000 00000000  // fh 30
    00000000 00000000  // offset 0
    05000000 00000000  // size 5, write_flags 0
    00000000 00000000  // lock_owner 0
    01800000 00000000  // flags O_WRONLY|O_LARGEFILE
    64617461 0a        // data
  `);
  const req = decodeRequest(buf, M45);
  if (req.op !== 'write') throw new Error(req.op);
  t.match(req.arg, { fh: 30n, offset: 0n, size: 5, writeFlags: 0, lockOwner: 0n, flags: 0o100001 });
  t.equal(req.arg.data.toString(), 'data\n');
});

t.test('RENAME2 from mv (RENAME_NOREPLACE)', async (t) => {
  const buf = hex(`
    3e000000 2d000000  // len 62, opcode 45
    3c000000 00000000
    01000000 00000000  // nodeid 1 (old parent)
    00000000 00000000
    9f4c0000 00000000
    04000000 00000000  // newdir 4
    01000000 00000000  // flags RENAME_NOREPLACE
    6e657700 7800      // "new", "x"
  `);
  const req = decodeRequest(buf, M45);
  if (req.op !== 'rename2') throw new Error(req.op);
  t.strictSame(req.arg, { newdir: 4n, flags: 1, oldname: 'new', newname: 'x' });
});

t.test('SETATTR from truncate -s 10 (SIZE|FH|LOCKOWNER)', async (t) => {
  const buf = hex(`
    80000000 04000000  // len 128, opcode 4
    52000000 00000000
    02000000 00000000
    00000000 00000000
    a34c0000 00000000
    48020000 00000000  // valid 0x248
    14000000 00000000  // fh 20
    0a000000 00000000  // size 10
    76a20267 f34f401d  // lock_owner
    ${'00'.repeat(56)}  // times, mode, uid, gid: unused
  `);
  const req = decodeRequest(buf, M45);
  if (req.op !== 'setattr') throw new Error(req.op);
  t.match(req.arg, { valid: 0x248, fh: 20n, size: 10n, lockOwner: 0x1d404ff36702a276n, mode: 0 });
});

t.test('READDIR, FLUSH, RELEASE, SYMLINK, FORGET', async (t) => {
  const head = (len: number, op: number, node: number) =>
    Buffer.concat([
      Buffer.from([len, 0, 0, 0, op, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0, node, 0, 0, 0, 0, 0, 0, 0]),
      Buffer.alloc(16),
    ]);
  const readdir = Buffer.concat([
    head(80, 28, 1),
    hex(
      '0a000000 00000000  00000000 00000000  00800000 00000000  00000000 00000000  00880100 00000000',
    ),
  ]);
  t.match(decodeRequest(readdir, M45), {
    op: 'readdir',
    arg: { fh: 10n, offset: 0n, size: 32768, flags: 0o304000 },
  });
  const flush = Buffer.concat([
    head(64, 25, 2),
    hex('14000000 00000000 00000000 00000000 0b1d0cd8 aaa8f10c'),
  ]);
  t.match(decodeRequest(flush, M45), {
    op: 'flush',
    arg: { fh: 20n, lockOwner: 0x0cf1a8aad80c1d0bn },
  });
  const release = Buffer.concat([
    head(64, 18, 2),
    hex('14000000 00000000 00800000 00000000 00000000 00000000'),
  ]);
  t.match(decodeRequest(release, M45), {
    op: 'release',
    arg: { fh: 20n, flags: 0o100000, releaseFlags: 0, lockOwner: 0n },
  });
  const symlink = Buffer.concat([head(48, 6, 1), hex('6c00 68656c6c6f00')]);
  t.match(decodeRequest(symlink, M45), { op: 'symlink', arg: { name: 'l', target: 'hello' } });
  const forget = Buffer.concat([head(48, 2, 5), hex('01000000 00000000')]);
  t.match(decodeRequest(forget, M45), { op: 'forget', arg: { nlookup: 1n } });
});
