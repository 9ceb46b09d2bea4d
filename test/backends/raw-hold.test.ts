// Files the server holds open on its own mount: fd numbers below the device fd,
// and the self-deadlock that follows from a SIGKILL (scenario 1's trigger).
import t from 'tap';
import { taskState } from '../../src/engine/reader-process.js';
import { abortConnection, waiting } from '../../src/mount/fusectl.js';
import { findMount } from '../../src/mount/mountinfo.js';
import { assertMachineClean, kernelStacks, waitFor, withServe } from '../fuse-helpers.js';

interface HoldStatus {
  deviceFd: number;
  held: { path: string; fd: number; belowDevice: boolean }[];
}

t.test('ctl open holds a file below the device fd', async (t) => {
  let mnt = '';
  await withServe({}, async (srv) => {
    mnt = srv.mountpoint;
    const r = await srv.ctl({ cmd: 'open', path: '/held', flags: 'rw' });
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

t.test('SIGKILL of a server holding a file on its own mount hangs in fuse_flush', async (t) => {
  let mnt = '';
  let pid = 0;
  await withServe({ args: ['--hold-open', 'self'] }, async (srv) => {
    mnt = srv.mountpoint;
    pid = srv.pid;
    t.match(srv.stderr(), /holding self open as fd \d+ \(device fd \d+, below it\)/);
    srv.kill('SIGKILL');
    // the last exiting thread closes the held fd first (close_files, ascending)
    // and waits for a FLUSH that nobody will read
    await waitFor(() => /fuse_flush/.test(kernelStacks(pid)), { what: 'a thread in fuse_flush' });
    t.match(kernelStacks(pid), /request_wait_answer/, 'waiting for the answer');
    t.ok(((await waiting(srv.conn)) ?? 0) > 0, 'the connection has a request waiting');
    const reader = srv.readerPid as number;
    await waitFor(() => [undefined, 'Z', 'X'].includes(taskState(reader)), {
      what: 'the reader to die with the server (pdeathsig)',
    });
    // recovery, as an operator would do it
    t.equal(await abortConnection(srv.conn), true);
    t.match(await srv.exited, { signal: 'SIGKILL' });
  });
  t.equal(findMount(mnt), undefined, 'cleaned up');
  assertMachineClean(t, { mountpoint: mnt, pids: [pid] });
});
