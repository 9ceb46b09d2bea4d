// The guardian of a `serve`: a SIGKILLed server's mount and control socket go
// away; a server only half dead (its last thread in D in fuse_flush) is waited
// for, not aborted.
import t from 'tap';
import { existsSync, readFileSync } from 'node:fs';
import { withServe, waitFor, type Served } from '../fuse-helpers.js';
import { abortConnection } from '../../src/mount/fusectl.js';
import { connectionAt, findMount } from '../../src/mount/mountinfo.js';
import { numericEntries, stackFrames, statOf } from '../../harness/recovery/procfs.js';

const KILLS = 8;

// The guardian among the server's children: the one in a session of its own.
function guardianOf(srv: Served): number | undefined {
  const kids = numericEntries(`/proc/${srv.pid}/task`).flatMap((tid) =>
    readFileSync(`/proc/${srv.pid}/task/${tid}/children`, 'utf8').split(' ').filter(Boolean),
  );
  return kids.map(Number).find((pid) => statOf(pid)?.session === pid);
}

// Mount gone, socket file gone, guardian exited; waitFor fails the test past its bound.
async function allGone(srv: Served, guardian: number): Promise<void> {
  await waitFor(() => !findMount(srv.mountpoint), { what: `${srv.mountpoint} unmounted` });
  await waitFor(() => !existsSync(srv.control), { what: `${srv.control} removed` });
  await waitFor(() => statOf(guardian) === undefined || statOf(guardian)?.state === 'Z', {
    what: `guardian ${guardian} exited`,
  });
}

for (const backend of ['raw', 'fuse-native'] as const) {
  t.test(`${backend}: SIGKILL of serve, ${KILLS} times: mount and socket go`, async (t) => {
    for (let i = 0; i < KILLS; i++) {
      await withServe({ backend }, async (srv) => {
        const guardian = guardianOf(srv);
        t.ok(guardian, `kill ${i + 1}: serve has a guardian`);
        t.equal(connectionAt(srv.mountpoint), srv.conn);
        srv.kill('SIGKILL');
        t.match(await srv.exited, { signal: 'SIGKILL' });
        await allGone(srv, guardian!);
        t.equal(findMount(srv.mountpoint), undefined, `kill ${i + 1}: no mount left`);
        t.notOk(existsSync(srv.control), `kill ${i + 1}: no socket left`);
      });
    }
  });
}

t.test('a normal close: the guardian leaves with serve', async (t) => {
  await withServe({}, async (srv) => {
    const guardian = guardianOf(srv)!;
    t.ok(guardian);
    srv.kill('SIGTERM');
    t.match(await srv.exited, { code: 0 });
    await allGone(srv, guardian);
    t.pass('unmounted by serve, guardian gone');
  });
});

// tids of pid in D with fuse_flush on their stack
const flushWaiters = (pid: number) =>
  numericEntries(`/proc/${pid}/task`).filter(
    (tid) => statOf(pid, tid)?.state === 'D' && stackFrames(pid, tid).includes('fuse_flush'),
  );

t.test('a server stuck in fuse_flush on exit is not dead yet: the guardian waits', async (t) => {
  await withServe({ args: ['--hold-open-create', '/held'] }, async (srv) => {
    const guardian = guardianOf(srv)!;
    t.ok(guardian);
    srv.kill('SIGKILL');
    await waitFor(() => flushWaiters(srv.pid).length > 0, { what: 'a thread in fuse_flush' });
    t.equal(statOf(guardian)?.state, 'S', 'the guardian still waits');
    t.equal(connectionAt(srv.mountpoint), srv.conn, 'the mount is still there');
    t.ok(flushWaiters(srv.pid).length > 0, 'the hang lasts');
    // ending the hang is the caller's business; then the guardian cleans up
    t.equal(await abortConnection(srv.conn), true);
    t.match(await srv.exited, { signal: 'SIGKILL' });
    await allGone(srv, guardian);
    t.equal(findMount(srv.mountpoint), undefined, 'unmounted by the guardian');
  });
});
