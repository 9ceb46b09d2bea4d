// Each fault as a client sees it, on the raw engine: stall, delay, errno, stop,
// and the two interrupt policies.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { waiting } from '../../src/mount/fusectl.js';
import type { TraceEvent } from '../../src/trace/types.js';
import { startClient } from '../engine/client.js';
import {
  assertMachineClean,
  kernelStacks,
  threadStates,
  waitFor,
  withServe,
} from '../fuse-helpers.js';

type Ev<K extends TraceEvent['ev']> = Extract<TraceEvent, { ev: K }>;
const is =
  <K extends TraceEvent['ev']>(kind: K, pred: (e: Ev<K>) => boolean = () => true) =>
  (e: TraceEvent): boolean =>
    e.ev === kind && pred(e as Ev<K>);

t.test('flush:stall blocks close() until the rule is released', async (t) => {
  const pids: number[] = [];
  let mnt = '';
  await withServe({ faults: ['flush:stall'] }, async (srv) => {
    mnt = srv.mountpoint;
    pids.push(srv.pid);
    const c = startClient('write-close', join(mnt, 'f'), 'payload');
    pids.push(c.pid);
    await c.waitLine('opened');
    const fault = (await srv.waitForEvent(
      is('fault', (e) => e.op === 'flush' && e.action === 'stall'),
    )) as Ev<'fault'>;
    // close() waits for the answer in fuse_flush -> request_wait_answer
    await waitFor(() => kernelStacks(c.pid).includes('fuse_flush'), {
      what: 'client waiting in fuse_flush',
    });
    t.notOk(c.lines.includes('closed'), 'close() has not returned');
    const st = await srv.ctl({ cmd: 'status' });
    const held = st.ok ? st.status?.inflight.find((i) => i.unique === fault.unique) : undefined;
    t.equal(held?.held, 'stall', 'status shows the FLUSH held by the stall');
    t.match(await srv.ctl({ cmd: 'release' }), { ok: true });
    await c.waitLine('closed');
    t.equal(await c.exited, 0);
    const reply = (await srv.waitForEvent(
      is('reply', (e) => e.unique === fault.unique),
    )) as Ev<'reply'>;
    t.equal(reply.outcome, 'released');
    t.equal(reply.error, 0);
  });
  assertMachineClean(t, { mountpoint: mnt, pids });
});

t.test('getattr:delay=200ms delays stat', async (t) => {
  let mnt = '';
  await withServe({ faults: ['getattr:delay=200ms'] }, async (srv) => {
    mnt = srv.mountpoint;
    writeFileSync(join(mnt, 'f'), 'abc');
    const t0 = process.hrtime.bigint();
    const c = startClient('statx-sync', join(mnt, 'f'));
    t.equal(await c.exited, 0);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    t.same(c.lines, ['stat 3'], 'stat completes with the right size');
    const fault = (await srv.waitForEvent(
      is('fault', (e) => e.op === 'getattr' && e.action === 'delay=200ms'),
    )) as Ev<'fault'>;
    const reply = (await srv.waitForEvent(
      is('reply', (e) => e.unique === fault.unique),
    )) as Ev<'reply'>;
    t.equal(reply.error, 0);
    t.ok(reply.ms >= 200, `the GETATTR was answered ${reply.ms.toFixed(1)} ms after it was read`);
    t.ok(ms >= 200, `the stat client took ${ms.toFixed(1)} ms`);
  });
  assertMachineClean(t, { mountpoint: mnt });
});

t.test('write:errno=EIO reaches the caller', async (t) => {
  let mnt = '';
  await withServe({ faults: ['write:errno=EIO'] }, async (srv) => {
    mnt = srv.mountpoint;
    const c = startClient('write', join(mnt, 'f'), 'doomed');
    t.equal(await c.exited, 1);
    t.same(c.lines, ['opened', 'errno EIO']);
    const reply = (await srv.waitForEvent(is('reply', (e) => e.op === 'write'))) as Ev<'reply'>;
    t.equal(reply.error, -5);
    t.equal(reply.errname, 'EIO');
    t.equal(reply.outcome, 'errno');
  });
  assertMachineClean(t, { mountpoint: mnt });
});

t.test('ctl stop blocks everything until resume', async (t) => {
  const pids: number[] = [];
  let mnt = '';
  await withServe({}, async (srv) => {
    mnt = srv.mountpoint;
    writeFileSync(join(mnt, 'f'), 'abcd');
    t.match(await srv.ctl({ cmd: 'stop' }), { ok: true });
    const c = startClient('statx-sync', join(mnt, 'f'));
    pids.push(c.pid);
    // the client's request sits in the kernel's queue, never read (a count of
    // waiting requests alone could be the write's background RELEASE)
    await waitFor(() => /request_wait_answer/.test(kernelStacks(c.pid)), {
      what: 'the stat waiting in request_wait_answer',
    });
    t.ok(((await waiting(srv.conn)) ?? 0) > 0, 'counted as waiting on the connection');
    t.same(c.lines, [], 'stat has not returned');
    const st = await srv.ctl({ cmd: 'status' });
    t.equal(st.ok && st.status?.stopped, true);
    t.match(await srv.ctl({ cmd: 'resume' }), { ok: true });
    t.equal(await c.exited, 0);
    t.same(c.lines, ['stat 4']);
    const stop = srv.events.findIndex(is('stop'));
    const resume = srv.events.findIndex(is('resume'));
    const getattr = srv.events.findIndex(
      is('request', (e) => e.op === 'getattr' && e.pid === c.pid),
    );
    t.ok(stop >= 0 && stop < resume, 'stop, then resume');
    t.ok(getattr > resume, 'the client request was read only after resume');
  });
  assertMachineClean(t, { mountpoint: mnt, pids });
});

// A client blocked in a stalled O_DIRECT READ gets SIGINT (which it catches).
async function interrupted(t: Test, policy: 'honour' | 'ignore') {
  const pids: number[] = [];
  let mnt = '';
  await withServe({ faults: ['read:stall', `interrupts:${policy}`] }, async (srv) => {
    mnt = srv.mountpoint;
    writeFileSync(join(mnt, 'f'), 'x'.repeat(100));
    const c = startClient('read-direct', join(mnt, 'f'));
    pids.push(c.pid);
    await c.waitLine('opened');
    const fault = (await srv.waitForEvent(is('fault', (e) => e.op === 'read'))) as Ev<'fault'>;
    c.child.kill('SIGINT');
    const intr = (await srv.waitForEvent(
      is('interrupt', (e) => e.target === fault.unique),
    )) as Ev<'interrupt'>;
    t.equal(intr.known, true);
    t.equal(intr.policy, policy);
    if (policy === 'honour') {
      t.equal(await c.exited, 1);
      t.same(c.lines, ['opened', 'errno EINTR'], 'read() failed with EINTR');
      const reply = (await srv.waitForEvent(
        is('reply', (e) => e.unique === fault.unique),
      )) as Ev<'reply'>;
      t.equal(reply.outcome, 'interrupted');
      t.equal(reply.error, -4);
    } else {
      // the INTERRUPT was handled and the READ still waits: killably, shown as D
      await waitFor(() => threadStates(c.pid).includes('D'), { what: 'client in D' });
      t.same(c.lines, ['opened'], 'read() still blocked after the ignored INTERRUPT');
      t.notOk(srv.events.some(is('reply', (e) => e.unique === fault.unique)), 'READ unanswered');
      await srv.ctl({ cmd: 'release' });
      await c.waitLine('read 100');
      t.equal(await c.exited, 0);
      const reply = (await srv.waitForEvent(
        is('reply', (e) => e.unique === fault.unique),
      )) as Ev<'reply'>;
      t.equal(reply.outcome, 'released');
    }
  });
  assertMachineClean(t, { mountpoint: mnt, pids });
}

t.test('interrupts:honour: a stalled read returns EINTR on SIGINT', (t) =>
  interrupted(t, 'honour'),
);
t.test('interrupts:ignore: a stalled read stays blocked on SIGINT', (t) =>
  interrupted(t, 'ignore'),
);
