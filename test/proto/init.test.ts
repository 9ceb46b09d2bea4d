// FUSE_INIT both ways: flags2 folded into the 64-bit set only with
// FUSE_INIT_EXT, the pre-7.36 16-byte init_in, and the 64-byte init_out with
// request_timeout at offset 40 read back by the oracle.
import t from 'tap';
import * as K from '../../src/proto/constants.js';
import { decodeRequest } from '../../src/proto/request.js';
import { encodeReply, initOut } from '../../src/proto/reply.js';
import { INIT_IN } from './oracle-in.js';
import { INIT_OUT, OUT_HEADER, pack, request, unpack } from './oracle.js';

const session = { minor: 0 };

t.test('init_in from a 7.45 kernel: flags2 becomes bits 32..63', async (t) => {
  const flags = (1 << 30) | (1 << 0) | (1 << 13); // INIT_EXT, ASYNC_READ, DO_READDIRPLUS
  const flags2 = (1 << 10) | (1 << 7); // bit 42 REQUEST_TIMEOUT, bit 39 HAS_RESEND
  const buf = request(
    26,
    { unique: 2n, nodeid: 0n },
    pack(INIT_IN, { major: 7, minor: 45, max_readahead: 131072, flags, flags2 }),
  );
  const req = decodeRequest(buf, session);
  if (req.op !== 'init') throw new Error(req.op);
  t.equal(req.arg.major, 7);
  t.equal(req.arg.minor, 45);
  t.equal(req.arg.maxReadahead, 131072);
  t.equal(req.arg.flags, (BigInt(flags2) << 32n) | BigInt(flags));
  t.ok(req.arg.flags & K.FUSE_REQUEST_TIMEOUT, 'REQUEST_TIMEOUT is bit 42');
  t.strictSame(K.initFlagNames(req.arg.flags), [
    'async_read',
    'do_readdirplus',
    'init_ext',
    'has_resend',
    'request_timeout',
  ]);
});

t.test('flags2 is ignored without FUSE_INIT_EXT', async (t) => {
  const buf = request(26, {}, pack(INIT_IN, { major: 7, minor: 38, flags: 1, flags2: 0xff }));
  const req = decodeRequest(buf, session);
  if (req.op !== 'init') throw new Error(req.op);
  t.equal(req.arg.flags, 1n);
});

t.test('16-byte init_in of a kernel before 7.36', async (t) => {
  const buf = request(
    26,
    {},
    pack(INIT_IN.slice(0, 4), { major: 7, minor: 31, flags: 0x3fffffff }),
  );
  const req = decodeRequest(buf, session);
  if (req.op !== 'init') throw new Error(req.op);
  t.equal(req.arg.minor, 31);
  t.equal(req.arg.flags, 0x3fffffffn);
  const short = request(26, {}, pack(INIT_IN.slice(0, 3), { major: 7, minor: 31 }));
  t.throws(() => decodeRequest(short, session), { name: 'ShortReadError' });
});

t.test('init_out: 64 bytes, flags2, max_stack_depth, request_timeout', async (t) => {
  const flags = K.FUSE_ASYNC_READ | K.FUSE_INIT_EXT | K.FUSE_MAX_PAGES | K.FUSE_REQUEST_TIMEOUT;
  const body = initOut({
    major: 7,
    minor: 38,
    maxReadahead: 131072,
    flags,
    maxBackground: 12,
    congestionThreshold: 9,
    maxWrite: 1 << 20,
    timeGran: 1,
    maxPages: 256,
    mapAlignment: 0,
    maxStackDepth: 2,
    requestTimeout: 30,
  });
  t.equal(body.length, 64);
  const reply = encodeReply(2n, 0, body);
  t.strictSame(unpack(OUT_HEADER, reply), { len: 80, error: 0, unique: 2n });
  const o = unpack(INIT_OUT, reply, 16);
  t.match(o, {
    major: 7,
    minor: 38,
    max_readahead: 131072,
    flags: (1 << 0) | (1 << 30) | (1 << 22),
    max_background: 12,
    congestion_threshold: 9,
    max_write: 1 << 20,
    time_gran: 1,
    max_pages: 256,
    map_alignment: 0,
    flags2: 1 << 10,
    max_stack_depth: 2,
    request_timeout: 30,
  });
  t.equal(reply.readUInt16LE(16 + 40), 30, 'request_timeout at offset 40 of fuse_init_out');
  for (let i = 0; i <= 10; i++) t.equal(o[`unused${i}`], 0, `unused[${i}] is zero`);
});

t.test('initFlagNames names unnamed bits by number', async (t) => {
  t.strictSame(K.initFlagNames(0n), []);
  t.strictSame(K.initFlagNames((1n << 63n) | (1n << 31n)), ['init_reserved', 'bit(63)']);
});
