// Files the server holds open on its own mount: fd numbers below the device fd,
// and the self-deadlock that follows from a SIGKILL (scenario 1's trigger).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { abortConnection, waiting } from '../../src/mount/fusectl.js';
import { findMount } from '../../src/mount/mountinfo.js';
import { assertMachineClean, kernelStacks, waitFor, withServe } from '../fuse-helpers.js';
import { fusefault } from '../helpers.js';
import { refusesLinksCreatesOnRequest, seedWithLinks } from './hold-links.js';

interface HoldStatus {
  deviceFd: number;
  held: { path: string; fd: number; belowDevice: boolean }[];
}

t.test('ctl open holds a file below the device fd', async (t) => {
  let mnt = '';
  await withServe({}, async (srv) => {
    mnt = srv.mountpoint;
    const r = await srv.ctl({ cmd: 'open', path: '/held', flags: 'rw', create: true });
    t.match(r, { ok: true, fd: Number });
    const st = await srv.ctl({ cmd: 'status' });
    const s = (st.ok ? st.status : undefined) as unknown as HoldStatus;
    const fd = r.ok ? (r.fd as number) : -1;
    t.ok(fd < s.deviceFd, `held fd ${fd} is below the device fd ${s.deviceFd}`);
    t.same(s.held, [{ path: '/held', fd, belowDevice: true }]);
    const hold = await waitFor(() => srv.readTrace().find((e) => (e.ev as string) === 'hold'), {
      what: 'hold in the trace',
    });
    t.match(hold, { path: '/held', fd, deviceFd: s.deviceFd, belowDevice: true });
    t.match(await srv.ctl({ cmd: 'open', path: '../escape', flags: 'r' }), {
      ok: false,
      error: /not a file inside the mount/,
    });
  });
  assertMachineClean(t, { mountpoint: mnt });
});

t.test(
  'ctl open: a symlink is never followed, a missing file created only on request',
  async (t) => {
    let mnt = '';
    await withServe({ args: ['--seed-dir', seedWithLinks(t)] }, async (srv) => {
      mnt = srv.mountpoint;
      await refusesLinksCreatesOnRequest(t, srv, mnt);
      t.equal(readFileSync(join(mnt, 'f'), 'utf8'), 'seeded', 'the link target is untouched');
    });
    assertMachineClean(t, { mountpoint: mnt });
  },
);

t.test(
  'serve --hold-open refuses a symlink and a missing file: exit 2, nothing mounted',
  async (t) => {
    const seed = seedWithLinks(t);
    const mnt = join(seed, '..', 'mnt');
    const cases: [string[], RegExp][] = [
      [
        ['--hold-open', 'link'],
        /^fusefault: cannot open \/link on the mount: \/link is a symlink \(ELOOP\), which is never followed$/,
      ],
      [
        ['--hold-open-create', 'outside'],
        /^fusefault: cannot open \/outside on the mount: \/outside is a symlink \(ELOOP\)/,
      ],
      [
        ['--hold-open', 'dlink/f'],
        /^fusefault: cannot open \/dlink\/f on the mount: \/dlink is a symlink \(ENOTDIR\)/,
      ],
      [
        ['--hold-open', 'missing'],
        /^fusefault: cannot open \/missing on the mount: ENOENT \(it is created only when asked for\)$/,
      ],
    ];
    for (const [args, err] of cases) {
      const r = await fusefault(['serve', mnt, '--seed-dir', seed, ...args]);
      t.equal(r.exitCode, 2, args.join(' '));
      t.match(r.stderr, err, args.join(' '));
      t.equal(r.stdout, '', 'never ready');
      t.equal(findMount(mnt), undefined, 'nothing left mounted');
    }
    t.equal(readFileSync(join(seed, '..', 'victim'), 'utf8'), 'keep', 'the outside file untouched');
  },
);

t.test('SIGKILL of a server holding a file on its own mount hangs in fuse_flush', async (t) => {
  let mnt = '';
  let pid = 0;
  await withServe({ args: ['--hold-open-create', 'self'] }, async (srv) => {
    mnt = srv.mountpoint;
    pid = srv.pid;
    t.match(srv.stderr(), /holding self open as fd \d+ \(device fd \d+, below it\)/);
    srv.kill('SIGKILL');
    // the last exiting thread closes the held fd first (close_files, ascending)
    // and waits for a FLUSH that nobody will read
    await waitFor(() => /fuse_flush/.test(kernelStacks(pid)), { what: 'a thread in fuse_flush' });
    t.match(kernelStacks(pid), /request_wait_answer/, 'waiting for the answer');
    t.ok(((await waiting(srv.conn)) ?? 0) > 0, 'the connection has a request waiting');
    // recovery, as an operator would do it
    t.equal(await abortConnection(srv.conn), true);
    t.match(await srv.exited, { signal: 'SIGKILL' });
  });
  t.equal(findMount(mnt), undefined, 'cleaned up');
  assertMachineClean(t, { mountpoint: mnt, pids: [pid] });
});
