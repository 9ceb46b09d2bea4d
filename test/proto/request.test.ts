// decodeRequest round trips: every implemented opcode is built by the oracle
// encoder, decoded, and compared field by field, at 7.38 and at old minors.
import t from 'tap';
import { decodeRequest } from '../../src/proto/request.js';
import { cases, compatCases } from './request-cases.js';
import * as L from './oracle-in.js';
import { IN_HEADER, cstr, pack, request, unpack } from './oracle.js';

for (const c of [...cases, ...compatCases]) {
  t.test(c.title, async (t) => {
    const req = decodeRequest(c.buf, c.session);
    t.equal(req.op, c.op);
    t.strictSame(req.arg, c.arg, 'argument fields');
    const h = unpack(IN_HEADER, c.buf);
    t.strictSame(
      req.header,
      {
        len: h.len,
        opcode: h.opcode,
        unique: h.unique,
        nodeid: h.nodeid,
        uid: h.uid,
        gid: h.gid,
        pid: h.pid,
        totalExtlen: h.total_extlen,
      },
      'header fields',
    );
  });
}

t.test('LOOKUP from literal bytes', async (t) => {
  // prettier-ignore
  const buf = Buffer.from([
    0x2e, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, // len 46, opcode 1 (LOOKUP)
    0x0e, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // unique 14
    0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // nodeid 1 (root)
    0xe8, 0x03, 0x00, 0x00, 0x64, 0x00, 0x00, 0x00, // uid 1000, gid 100
    0x39, 0x30, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, // pid 12345, total_extlen 0
    0x66, 0x6f, 0x6f, 0x00, 0x62, 0x61,             // "foo\0" and 2 bytes past header.len
  ]);
  const req = decodeRequest(buf.subarray(0, 46), { minor: 38 });
  t.equal(req.op, 'lookup');
  t.strictSame(req.header, {
    len: 46,
    opcode: 1,
    unique: 14n,
    nodeid: 1n,
    uid: 1000,
    gid: 100,
    pid: 12345,
    totalExtlen: 0,
  });
  if (req.op === 'lookup') t.equal(req.arg.name, 'foo');
  // bytes after header.len (a reused read buffer) are not part of the request
  const again = decodeRequest(Buffer.concat([buf, Buffer.alloc(100, 0x41)]), { minor: 38 });
  t.equal(again.header.len, 46);
});

t.test('WRITE data is a view into the request buffer, not a copy', async (t) => {
  const data = Buffer.alloc(64 * 1024, 7);
  const buf = request(16, {}, pack(L.WRITE_IN, { fh: 1n, size: data.length }), data);
  const req = decodeRequest(buf, { minor: 38 });
  if (req.op !== 'write') throw new Error(`decoded as ${req.op}`);
  t.equal(req.arg.data.buffer, buf.buffer, 'same ArrayBuffer');
  t.equal(req.arg.data.byteOffset, buf.byteOffset + 80, 'starts after header and fuse_write_in');
  t.equal(req.arg.data.length, data.length);
  buf[80] = 9;
  t.equal(req.arg.data[0], 9, 'writes to the request buffer show through');
});

t.test('opcodes without a layout decode as unknown, with header', async (t) => {
  for (const opcode of [7, 19, 31, 32, 33, 37, 39, 40, 41, 47, 51, 52, 53, 54, 99, 4096, 0]) {
    const req = decodeRequest(request(opcode, { unique: 8n, nodeid: 3n }, Buffer.alloc(16)), {
      minor: 38,
    });
    t.equal(req.op, 'unknown', `opcode ${opcode}`);
    if (req.op === 'unknown') t.equal(req.opcode, opcode);
    t.equal(req.header.unique, 8n);
    t.equal(req.header.nodeid, 3n);
  }
});

t.test('extensions after the arguments (total_extlen) are skipped', async (t) => {
  // CREATE with a 16-byte extension area (e.g. fuse_ext_header + supplementary group)
  const ext = pack(
    [
      ['size', 'u32'],
      ['type', 'u32'],
      ['nr_groups', 'u32'],
      ['group0', 'u32'],
    ],
    { size: 16, type: 32, nr_groups: 1, group0: 27 },
  );
  const buf = request(
    35,
    { total_extlen: 2 },
    pack(L.CREATE_IN, { flags: 1, mode: 0o100644 }),
    cstr('x'),
    ext,
  );
  const req = decodeRequest(buf, { minor: 38 });
  t.equal(req.op, 'create');
  t.equal(req.header.totalExtlen, 2);
  if (req.op === 'create') t.equal(req.arg.name, 'x');
  // a name that only ends inside the extension area is not NUL-terminated
  const bad = request(
    1,
    { total_extlen: 1 },
    Buffer.from('abcdefg'),
    Buffer.from('h\0\0\0\0\0\0\0'),
  );
  t.throws(() => decodeRequest(bad, { minor: 38 }), { name: 'BadNameError' });
});

t.test('INTERRUPT keeps the unique of its own header apart', async (t) => {
  const req = decodeRequest(
    request(36, { unique: 0x101n }, pack(L.INTERRUPT_IN, { unique: 0x100n })),
    { minor: 38 },
  );
  if (req.op !== 'interrupt') throw new Error(req.op);
  t.equal(req.header.unique, 0x101n);
  t.equal(req.arg.unique, 0x100n);
});
