// Rule shapes on the raw engine: a path glob picks its requests, and a `stop`
// rule stops reading the device with the matching request read and unanswered.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import type { TraceEvent } from '../../src/trace/types.js';
import { runClient, startClient } from '../engine/client.js';
import { assertMachineClean, kernelStacks, waitFor, withServe } from '../fuse-helpers.js';

type Ev<K extends TraceEvent['ev']> = Extract<TraceEvent, { ev: K }>;

t.test('read@/data/*:stall holds reads under /data only', async (t) => {
  let mnt = '';
  const pids: number[] = [];
  await withServe({ faults: ['read@/data/*:stall'] }, async (srv) => {
    mnt = srv.mountpoint;
    mkdirSync(join(mnt, 'data'));
    writeFileSync(join(mnt, 'data/x'), 'held');
    writeFileSync(join(mnt, 'other'), 'free');
    const free = await runClient('read-direct', join(mnt, 'other'));
    t.same(free.lines, ['opened', 'read 4'], 'a read outside /data is answered');
    const c = startClient('read-direct', join(mnt, 'data/x'));
    pids.push(c.pid);
    const fault = (await srv.waitForEvent(
      (e) => e.ev === 'fault' && e.op === 'read',
    )) as Ev<'fault'>;
    const req = srv.events.find(
      (e) => e.ev === 'request' && e.unique === fault.unique,
    ) as Ev<'request'>;
    t.equal(req.path, '/data/x', 'the rule matched the read of /data/x');
    t.same(c.lines, ['opened']);
    await srv.ctl({ cmd: 'release', rule: fault.rule });
    await c.waitLine('read 4');
    t.equal(await c.exited, 0);
  });
  assertMachineClean(t, { mountpoint: mnt, pids });
});

t.test('all:stop stops reading with the request read and unanswered', async (t) => {
  let mnt = '';
  const pids: number[] = [];
  await withServe({ faults: ['all:stop,first=1'] }, async (srv) => {
    mnt = srv.mountpoint;
    const c = startClient('statx-sync', mnt);
    pids.push(c.pid);
    const fault = (await srv.waitForEvent(
      (e) => e.ev === 'fault' && e.action === 'stop',
    )) as Ev<'fault'>;
    const stop = (await srv.waitForEvent((e) => e.ev === 'stop')) as Ev<'stop'>;
    t.ok(stop.unanswered.includes(fault.unique), 'the stopping request is read and unanswered');
    // nothing more is read: a second client's request stays queued in the kernel
    const second = startClient('statx-sync', mnt);
    pids.push(second.pid);
    await waitFor(() => /request_wait_answer/.test(kernelStacks(second.pid)), {
      what: 'the second stat waiting in request_wait_answer',
    });
    const st = await srv.ctl({ cmd: 'status' });
    t.match(st, {
      ok: true,
      status: { stopped: true, inflight: [{ unique: fault.unique, held: 'stopped' }] },
    });
    t.same(c.lines, [], 'the client waits');
    t.match(await srv.ctl({ cmd: 'resume' }), { ok: true });
    t.equal(await c.exited, 0);
    t.match(c.lines, [/^stat \d+$/]);
    t.equal(await second.exited, 0);
    const reply = await waitFor(() =>
      srv.events.find((e) => e.ev === 'reply' && e.unique === fault.unique),
    );
    t.match(reply, { error: 0, outcome: 'ok' });
    const resume = srv.events.findIndex((e) => e.ev === 'resume');
    const read = srv.events.findIndex((e) => e.ev === 'request' && e.pid === second.pid);
    t.ok(read > resume, 'the second request was read only after resume');
  });
  assertMachineClean(t, { mountpoint: mnt, pids });
});
