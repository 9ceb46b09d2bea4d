// `fusefault serve`: refusals before anything is mounted, INIT negotiation in
// the trace, rules changed over the control socket, and the ways serving ends.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import t, { type Test } from 'tap';
import { FUSE_KERNEL_MINOR_VERSION } from '../../src/proto/constants.js';
import { abortConnection, waiting } from '../../src/mount/fusectl.js';
import { connectionAt, findMount } from '../../src/mount/mountinfo.js';
import type { TraceEvent } from '../../src/trace/types.js';
import { startClient } from '../engine/client.js';
import { assertMachineClean, kernelStacks, waitFor, withServe } from '../fuse-helpers.js';
import { fusefault } from '../helpers.js';

type Ev<K extends TraceEvent['ev']> = Extract<TraceEvent, { ev: K }>;

// A serve that must refuse: exit 2, one line on stderr matching WHY, nothing mounted at DIR.
async function refused(t: Test, args: string[], why: RegExp, dir: string) {
  const r = await fusefault(['serve', ...args]);
  t.equal(r.exitCode, 2, `exit 2 for ${args.join(' ')}`);
  t.equal(r.stderr.trim().split('\n').length, 1, 'one line on stderr');
  t.match(r.stderr, why);
  t.equal(r.stdout, '', 'no ready line');
  t.equal(findMount(dir), undefined, 'nothing mounted');
}

t.test('bad mountpoints and specs are refused before mounting', async (t) => {
  const dir = t.testdir({ file: 'x', empty: {} });
  const empty = join(dir, 'empty');
  await refused(
    t,
    [join(dir, 'missing')],
    /mountpoint .*missing does not exist/,
    join(dir, 'missing'),
  );
  await refused(t, [join(dir, 'file')], /mountpoint .*file is not a directory/, join(dir, 'file'));
  await refused(t, [empty, '--fault', 'flush:explode'], /bad fault spec 'flush:explode'/, empty);
  await refused(t, [empty, '--fault', 'nosuchop:stall'], /bad fault spec/, empty);
  await refused(t, [empty, '--request-timeout', '0'], /--request-timeout must be/, empty);
  await refused(t, [empty, '--seed-dir', join(dir, 'nope')], /--seed-dir .* does not exist/, empty);
  await withServe({}, async (srv) => {
    const r = await fusefault(['serve', srv.mountpoint]);
    t.equal(r.exitCode, 2);
    t.match(r.stderr, /^fusefault: mountpoint .* is already a mount point \(fuse\.fusefault\)$/);
    t.equal(connectionAt(srv.mountpoint), srv.conn, 'the first mount is untouched');
  });
});

t.test('INIT negotiation shows in the trace', async (t) => {
  await withServe({ args: ['--request-timeout', '600'] }, async (srv) => {
    const init = (await waitFor(() => srv.readTrace().find((e) => e.ev === 'init'), {
      what: 'init in the trace file',
    })) as Ev<'init'>;
    t.equal(init.kernelMajor, 7);
    t.equal(init.minor, Math.min(init.kernelMinor, FUSE_KERNEL_MINOR_VERSION));
    for (const f of ['async_read', 'big_writes', 'max_pages']) t.ok(init.flags.includes(f), f);
    t.notOk(init.flags.includes('writeback_cache'), 'nothing we do not implement');
    if (init.kernelMinor >= 43) {
      t.equal(init.requestTimeout, 600, 'request timeout asked for');
      t.ok(init.flags.includes('request_timeout'));
    } else {
      t.equal(init.requestTimeout, undefined);
      t.match(srv.stderr(), /does not offer FUSE_REQUEST_TIMEOUT/);
    }
    t.comment(`kernel 7.${init.kernelMinor}, negotiated 7.${init.minor}: ${init.flags.join(' ')}`);
  });
});

t.test('rules changed over the control socket apply to the next request', async (t) => {
  let mnt = '';
  await withServe({}, async (srv) => {
    mnt = srv.mountpoint;
    writeFileSync(join(mnt, 'f'), 'content');
    const cat = () => execa('cat', [join(mnt, 'f')], { reject: false });
    t.equal((await cat()).stdout, 'content');
    const add = await srv.ctl({ cmd: 'add', spec: 'open:errno=EACCES' });
    t.match(add, { ok: true, rule: { id: 1, spec: 'open:errno=EACCES' } });
    const denied = await cat();
    t.not(denied.exitCode, 0);
    t.match(denied.stderr, /Permission denied/);
    t.match(await srv.ctl({ cmd: 'list' }), { ok: true, rules: [{ id: 1, hits: 1 }] });
    t.match(await srv.ctl({ cmd: 'add', spec: 'open:explode' }), {
      ok: false,
      error: /bad fault spec/,
    });
    t.match(await srv.ctl({ cmd: 'remove', rule: 1 }), { ok: true });
    t.equal((await cat()).stdout, 'content', 'removed: open works again');
    const changes = srv.events.filter((e) => e.ev === 'rules');
    t.match(changes, [
      { change: 'add', rule: 1 },
      { change: 'remove', rule: 1 },
    ]);
  });
  assertMachineClean(t, { mountpoint: mnt });
});

t.test('SIGTERM answers what is held, unmounts and exits 0', async (t) => {
  let mnt = '';
  const pids: number[] = [];
  await withServe({ faults: ['flush:stall'] }, async (srv) => {
    mnt = srv.mountpoint;
    pids.push(srv.pid);
    const c = startClient('write-close', join(mnt, 'f'));
    pids.push(c.pid);
    await c.waitLine('opened');
    await srv.waitForEvent((e) => e.ev === 'fault' && e.op === 'flush');
    srv.kill('SIGTERM');
    t.match(await srv.exited, { code: 0 });
    t.equal(await c.exited, 0);
    t.same(c.lines, ['opened', 'closed'], 'the held close() returned');
    t.equal(findMount(mnt), undefined);
  });
  assertMachineClean(t, { mountpoint: mnt, pids });
});

t.test('an abort from outside ends serve with exit 1 and one line', async (t) => {
  let mnt = '';
  await withServe({}, async (srv) => {
    mnt = srv.mountpoint;
    mkdirSync(join(mnt, 'd'));
    t.equal(await abortConnection(srv.conn), true);
    const end = await srv.exited;
    t.equal(end.code, 1);
    t.match(
      srv.stderr(),
      new RegExp(`^fusefault: connection ${srv.conn} was aborted from outside\\n$`),
    );
    t.equal(findMount(mnt), undefined, 'lazily unmounted');
    const trace = readFileSync(srv.tracePath, 'utf8');
    t.match(trace, /"ev":"unmount","ts":[\d.]+,"reason":"connection \d+ was aborted from outside"/);
  });
  assertMachineClean(t, { mountpoint: mnt });
});

t.test('SIGTERM while stopped resumes, answers and unmounts', async (t) => {
  let mnt = '';
  const pids: number[] = [];
  await withServe({}, async (srv) => {
    mnt = srv.mountpoint;
    writeFileSync(join(mnt, 'f'), 'x');
    t.match(await srv.ctl({ cmd: 'stop' }), { ok: true });
    const c = startClient('statx-sync', join(mnt, 'f'));
    pids.push(c.pid);
    // the client's own request, not the RELEASE the write above sends in the
    // background (fuse_file_put), which would satisfy a count of waiting requests
    await waitFor(() => /request_wait_answer/.test(kernelStacks(c.pid)), {
      what: 'the stat waiting in request_wait_answer',
    });
    t.ok(((await waiting(srv.conn)) ?? 0) > 0, 'its request is queued on the connection');
    srv.kill('SIGTERM');
    t.match(await srv.exited, { code: 0 });
    t.equal(await c.exited, 0, 'the queued stat was answered before the unmount');
    t.same(c.lines, ['stat 1']);
  });
  assertMachineClean(t, { mountpoint: mnt, pids });
});

t.test(
  'a --hold-open path outside the mount: one line, exit 2, nothing left mounted',
  async (t) => {
    const dir = t.testdir({ mnt: {} });
    const mnt = join(dir, 'mnt');
    const r = await fusefault(['serve', mnt, '--hold-open', '../outside']);
    t.equal(r.exitCode, 2);
    t.match(r.stderr, /^fusefault: \.\.\/outside: not a file inside the mount$/);
    t.equal(findMount(mnt), undefined);
  },
);

t.test('an unmount from outside ends serve with exit 0', async (t) => {
  let mnt = '';
  await withServe({}, async (srv) => {
    mnt = srv.mountpoint;
    await execa('umount', [mnt]);
    t.match(await srv.exited, { code: 0 });
    t.match(srv.stderr(), /was unmounted from outside\n$/);
  });
  assertMachineClean(t, { mountpoint: mnt });
});
