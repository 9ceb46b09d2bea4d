// Faults on a fuse-native mount, seen from clients: a stalled FLUSH holds close()
// until released (past fuse-native's own 15 s timeout, which we turn off), an
// errno reaches the caller, and what libfuse's high-level API cannot do is refused.
import { execa } from 'execa';
import t from 'tap';
import { fusefault } from '../helpers.js';
import { assertMachineClean, waitFor, withServe } from '../fuse-helpers.js';
import { findMount } from '../../src/mount/mountinfo.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const closer = `
import sys
f = open(sys.argv[1], 'w')
f.write('x')
print('written', flush=True)
f.close()
print('closed', flush=True)
`;

t.test('flush:stall blocks close() until released, even past 15 s', async (t) => {
  let mp = '';
  let pid = 0;
  await withServe({ backend: 'fuse-native', faults: ['flush:stall'] }, async (srv) => {
    mp = srv.mountpoint;
    const client = execa('python3', ['-c', closer, join(mp, 'f')], { reject: false });
    pid = client.pid ?? 0;
    await srv.waitForEvent((e) => e.ev === 'fault' && e.op === 'flush', 'flush stalled');
    // the answer fuse-native would have sent by itself after 15 s must not come
    await new Promise((r) => setTimeout(r, 16_000));
    t.equal(client.exitCode, null, 'close() still blocked');
    const st = await srv.ctl({ cmd: 'status' });
    const held = st.ok ? (st.status?.inflight ?? []) : [];
    t.same(
      held.map((h) => [h.op, h.held, h.path]),
      [['flush', 'stall', '/f']],
      'status shows the held flush',
    );
    t.same(await srv.ctl({ cmd: 'release' }), { ok: true });
    const r = await client;
    t.equal(r.exitCode, 0, r.stderr);
    t.same(r.stdout.split('\n'), ['written', 'closed'], 'close returned after release');
    const reply = await srv.waitForEvent(
      (e) => e.ev === 'reply' && e.op === 'flush' && e.outcome === 'released',
    );
    t.equal(reply.ev === 'reply' && reply.error, 0, 'released flush answered normally');
  });
  assertMachineClean(t, { mountpoint: mp, pids: [pid] });
});

t.test('write:errno=EIO reaches the caller', async (t) => {
  let mp = '';
  await withServe({ backend: 'fuse-native', faults: ['write:errno=EIO'] }, async (srv) => {
    mp = srv.mountpoint;
    const py = `import os
fd = os.open('f', os.O_WRONLY | os.O_CREAT)
try:
    os.write(fd, b'x')
except OSError as e:
    print(e.errno)`;
    const r = await execa('python3', ['-c', py], { cwd: mp, reject: false });
    t.equal(r.stdout, '5', 'write(2) failed with EIO');
    t.same(await srv.ctl({ cmd: 'clear' }), { ok: true, removed: 1 });
    const ok = await execa('sh', ['-c', 'echo data > g && cat g'], { cwd: mp, reject: false });
    t.equal(ok.stdout, 'data', 'after clear, writes work');
  });
  assertMachineClean(t, { mountpoint: mp });
});

t.test('stop and interrupt policies are refused at start, nothing mounted', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'fusefault-test-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  for (const [spec, why] of [
    ['all:stop', /fuse-native backend cannot stop reading \/dev\/fuse/],
    ['interrupts:ignore', /fuse-native backend cannot apply interrupt policies/],
    ['interrupts:honour', /fuse-native backend cannot apply interrupt policies/],
  ] as const) {
    const r = await fusefault(['serve', dir, '--backend', 'fuse-native', '--fault', spec]);
    t.equal(r.exitCode, 2, `${spec}: usage error`);
    t.equal(r.stderr.trim().split('\n').length, 1, `${spec}: one line`);
    t.match(r.stderr, why, spec);
    t.equal(r.stdout, '', `${spec}: never ready`);
    t.equal(findMount(dir), undefined, `${spec}: nothing mounted`);
  }
  assertMachineClean(t, { mountpoint: dir });
});

t.test('stop and interrupt rules are refused over the control socket', async (t) => {
  let mp = '';
  await withServe({ backend: 'fuse-native' }, async (srv) => {
    mp = srv.mountpoint;
    const add = await srv.ctl({ cmd: 'add', spec: 'read:stop' });
    t.equal(add.ok, false);
    t.match(!add.ok && add.error, /cannot stop reading \/dev\/fuse/);
    const intr = await srv.ctl({ cmd: 'add', spec: 'interrupts:honour' });
    t.match(!intr.ok && intr.error, /cannot apply interrupt policies/);
    const stop = await srv.ctl({ cmd: 'stop' });
    t.match(!stop.ok && stop.error, /^the fuse-native backend cannot stop reading \/dev\/fuse: /);
    const list = await srv.ctl({ cmd: 'list' });
    t.same(list.ok && list.rules, [], 'no rule was added');
    const r = await execa('sh', ['-c', 'echo ok > f && cat f'], { cwd: mp, reject: false });
    t.equal(r.stdout, 'ok', 'still serving');
    await waitFor(() => findMount(mp), { what: 'mount still there' });
  });
  assertMachineClean(t, { mountpoint: mp });
});
