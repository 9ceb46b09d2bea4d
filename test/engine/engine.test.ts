// The engine without a kernel: requests built by the proto tests' oracle, replies
// captured in a file standing in for /dev/fuse. Covers what a real kernel makes
// hard to provoke on purpose: INTERRUPTs for unknown requests, undecodable
// requests, opcodes we do not implement, and the order of answers around a stop.
import t from 'tap';
import * as K from '../../src/proto/constants.js';
import { READ_IN, WRITE_IN } from '../proto/oracle-in.js';
import { pack, request } from '../proto/oracle.js';
import { getattr, interrupt, setup } from './fake-device.js';

t.test(
  'INIT, an implemented op, ENOSYS, FORGET and NOTIFY_REPLY (no answer), an undecodable request',
  async (t) => {
    const { engine, replies } = setup(t);
    t.match(replies(), [{ unique: 1n, error: 0, len: 16 + 64 }], 'INIT: the full fuse_init_out');
    engine.onRequest(getattr(2n));
    engine.onRequest(request(K.FUSE_GETLK, { unique: 4n }, Buffer.alloc(48)));
    engine.onRequest(
      request(K.FUSE_FORGET, { unique: 6n }, pack([['nlookup', 'u64']], { nlookup: 1n })),
    );
    engine.onRequest(request(K.FUSE_GETATTR, { unique: 8n }, Buffer.alloc(4)));
    engine.onRequest(request(K.FUSE_NOTIFY_REPLY, { unique: 10n }, Buffer.alloc(40)));
    t.equal(replies().length, 4, 'FORGET and NOTIFY_REPLY get no answer');
    t.match(replies().slice(1), [
      { unique: 2n, error: 0, len: 16 + 104 },
      { unique: 4n, error: -38 },
      { unique: 8n, error: -5 },
    ]);
  },
);

t.test('an INTERRUPT for a request we do not know gets EAGAIN, never ENOSYS', async (t) => {
  const { engine, replies, events } = setup(t);
  engine.onRequest(interrupt(10n, 999n));
  t.match(replies().at(-1), { unique: 11n, error: -11, len: 16 });
  t.match(events.at(-1), { ev: 'interrupt', target: '999', known: false, policy: 'eagain' });
});

const read = (unique: bigint) =>
  request(K.FUSE_READ, { unique }, pack(READ_IN, { fh: 0n, offset: 0n, size: 4096 }));

t.test('honour answers the target with EINTR; the INTERRUPT itself gets nothing', async (t) => {
  const { engine, replies } = setup(t, ['read:stall', 'interrupts:honour']);
  engine.onRequest(read(20n));
  t.equal(replies().length, 1, 'the read is held');
  engine.onRequest(interrupt(22n, 20n));
  t.same(replies().slice(1), [{ unique: 20n, error: -4, len: 16 }]);
});

t.test('ignore says nothing; the held request is answered when released', async (t) => {
  const { engine, faults, replies, events } = setup(t, ['read:stall', 'interrupts:ignore']);
  engine.onRequest(read(30n));
  engine.onRequest(interrupt(32n, 30n));
  t.equal(replies().length, 1, 'nothing written for the INTERRUPT');
  t.match(events.at(-1), { ev: 'interrupt', known: true, policy: 'ignore' });
  faults.release();
  // no file is open with fh 0: the memfs answers the read itself with an errno
  t.match(replies().slice(1), [{ unique: 30n }]);
  t.match(events.at(-1), { ev: 'reply', unique: '30', outcome: 'errno' });
});

t.test(
  'while stopped nothing is answered; resume answers in the order things came due',
  async (t) => {
    const { engine, faults, replies, events, reader } = setup(t, ['read:stall']);
    engine.onRequest(read(40n));
    await engine.stop('test');
    t.equal(reader.stopped, 1);
    engine.onRequest(getattr(42n));
    faults.release();
    engine.onRequest(getattr(44n));
    t.equal(replies().length, 1, 'only INIT so far');
    t.match(
      events.filter((e) => e.ev === 'request' && e.op === 'getattr'),
      [
        { unique: '42', beforeStop: true },
        { unique: '44', beforeStop: true },
      ],
    );
    t.match(engine.inflight.info(), [
      { unique: '40', held: 'stall' },
      { unique: '42', held: 'stopped' },
      { unique: '44', held: 'stopped' },
    ]);
    engine.resume();
    t.equal(reader.resumed, 1);
    t.same(
      replies()
        .slice(1)
        .map((r) => r.unique),
      [42n, 40n, 44n],
      'the request read before the stop, the release that came while stopped, the next request',
    );
  },
);

t.test('a request answered later keeps its data when the read buffer is reused', async (t) => {
  const { engine } = setup(t, ['write:stall']);
  const data = Buffer.from('written before the stall');
  const head = pack(WRITE_IN, {
    fh: 0n,
    offset: 0n,
    size: data.length,
    write_flags: 0,
    lock_owner: 0n,
    flags: 0,
  });
  // the reader hands every request over in the same memory, read after read
  const buf = request(K.FUSE_WRITE, { unique: 60n }, Buffer.concat([head, data]));
  engine.onRequest(buf);
  buf.fill(0x55);
  const e = engine.inflight.get(60n);
  t.equal(e?.held, 'stall');
  t.equal(e?.req.op === 'write' && e.req.arg.data.toString(), data.toString());
});
