// Offloaded serving without a kernel: the engine answers when the call
// settles, an INTERRUPT aborts the call's signal (the request stays in
// flight until the call answers), and an answer that comes after the
// request was answered is dropped.
import t from 'tap';
import { FsError } from '../../src/errors.js';
import type { Offload, OffloadContext } from '../../src/engine/serve-async.js';
import { getattr, interrupt, setup } from './fake-device.js';

// calls held by the test, settled by hand
function pending() {
  const calls: {
    op: string;
    ctx: OffloadContext;
    answer(b?: Buffer): void;
    fail(e: unknown): void;
  }[] = [];
  const offload: Offload = (req, ctx) =>
    new Promise((resolve, reject) =>
      calls.push({ op: req.op, ctx, answer: resolve, fail: reject }),
    );
  return { calls, offload };
}
const settled = () => new Promise((r) => setImmediate(r));

t.test('answered when the call settles: a body, or the errno of an FsError', async (t) => {
  const { calls, offload } = pending();
  const { engine, replies, events } = setup(t, [], offload);
  engine.onRequest(getattr(2n));
  engine.onRequest(getattr(4n));
  t.same(
    calls.map((c) => c.op),
    ['getattr', 'getattr'],
  );
  t.equal(replies().length, 1, 'only INIT so far');
  t.equal(engine.inflight.size, 2);
  calls[1]!.fail(new FsError(2));
  calls[0]!.answer(Buffer.alloc(104));
  await settled();
  t.match(replies().slice(1), [
    { unique: 4n, error: -2, len: 16 },
    { unique: 2n, error: 0, len: 16 + 104 },
  ]);
  t.equal(engine.inflight.size, 0);
  t.match(events.at(-1), { ev: 'reply', unique: '2', outcome: 'ok' });
});

t.test('a call that throws something else is answered EIO and traced', async (t) => {
  const { calls, offload } = pending();
  const { engine, replies, events } = setup(t, [], offload);
  engine.onRequest(getattr(2n));
  calls[0]!.fail(new Error('worker died'));
  await settled();
  t.match(replies().at(-1), { unique: 2n, error: -5 });
  t.ok(events.some((e) => e.ev === 'error' && /worker died/.test(e.message)));
});

t.test('an INTERRUPT aborts the signal; the call decides the answer', async (t) => {
  const { calls, offload } = pending();
  const { engine, replies, events } = setup(t, [], offload);
  engine.onRequest(getattr(2n));
  t.notOk(calls[0]!.ctx.signal.aborted);
  engine.onRequest(interrupt(3n, 2n));
  t.ok(calls[0]!.ctx.signal.aborted, 'aborted by the INTERRUPT');
  t.equal(replies().length, 1, 'no rule honours it: nothing answered yet');
  t.match(events.at(-1), { ev: 'interrupt', target: '2', known: true, policy: 'ignore' });
  // a filesystem that gives up: its errno at once
  calls[0]!.fail(new FsError(5));
  await settled();
  t.match(replies().at(-1), { unique: 2n, error: -5 });
  t.match(events.at(-1), { ev: 'reply', unique: '2', outcome: 'interrupted' });
});

t.test('an answer after the request was answered is dropped', async (t) => {
  const { calls, offload } = pending();
  const { engine, replies } = setup(t, ['interrupts:honour'], offload);
  engine.onRequest(getattr(2n));
  engine.onRequest(interrupt(3n, 2n));
  t.match(replies().slice(1), [{ unique: 2n, error: -4 }], 'honoured: EINTR at once');
  calls[0]!.answer(Buffer.alloc(104));
  await settled();
  t.equal(replies().length, 2, 'the late answer is not written');
});

t.test('drain leaves a call that is running to answer by itself', async (t) => {
  const { calls, offload } = pending();
  const { engine, replies } = setup(t, [], offload);
  engine.onRequest(getattr(2n));
  engine.drain();
  t.equal(calls.length, 1, 'not served a second time');
  calls[0]!.answer(Buffer.alloc(104));
  await settled();
  t.match(replies().at(-1), { unique: 2n, error: 0 });
});
