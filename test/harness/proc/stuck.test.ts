// Live: a real D-state task (a FUSE mount that never answers INIT), found by
// findStuckTasks with its stack, signals and inferred connection; then released.
import t from 'tap';
import { listConnections } from '../../../src/mount/fusectl.js';
import { readMountinfo } from '../../../src/mount/mountinfo.js';
import { findStuckTasks } from '../../../harness/proc/stuck.js';
import { waitForExit, waitForTaskState } from '../../../harness/wait.js';
import { makeStuckFuse } from './stuck-fuse.js';

// O_PATH open of the mount root needs no request; the lookup under it waits.
const OPEN_THEN_STAT =
  'import os, sys\nfd = os.open(sys.argv[1], os.O_PATH)\nos.dup2(fd, 7)\nos.close(fd)\nos.stat("x", dir_fd=7)';

t.test('a task stuck on a FUSE mount is found, with its connection', async (t) => {
  const fuse = await makeStuckFuse();
  t.teardown(() => fuse.release());
  const statter = fuse.client('stat', [`${fuse.mountpoint}/x`]);
  const stuck = await waitForTaskState(statter.pid!, 'any', 'D', {
    frames: ['fuse_get_req'],
    stableMs: 200,
    timeoutMs: 10_000,
  });
  t.equal(stuck.comm, 'stat');

  const found = await findStuckTasks({ frames: ['fuse_lookup'] });
  const mine = found.find((x) => x.tid === statter.pid);
  t.ok(mine, 'findStuckTasks lists it');
  t.equal(mine?.state, 'D');
  t.ok(mine?.pidNs?.startsWith('pid:['));
  t.same(mine?.fuse?.candidates, [], 'stat has nothing open on the mount');
  const busy = (await listConnections()).filter((c) => c.waiting > 0).map((c) => c.id);
  t.ok(busy.includes(fuse.conn), 'its connection has requests waiting');
  // with no file on the mount, only a sole busy connection can name it; other FUSE
  // mounts on the machine may be busy too, and then it cannot tell
  const conn = mine?.fuse?.conn;
  if (conn === null) t.match(mine?.fuse?.note, /no file, cwd or root on a FUSE mount/);
  else {
    t.equal(conn, fuse.conn);
    t.match(mine?.fuse?.basis[0], /sole basis/);
  }
  t.equal(mine?.fuse?.inferred, true);

  const none = await findStuckTasks({ frames: ['fuse_flush'] });
  t.notOk(
    none.some((x) => x.tid === statter.pid),
    'the frames filter drops it',
  );

  const opener = fuse.client('python3', ['-c', OPEN_THEN_STAT, fuse.mountpoint]);
  await waitForTaskState(opener.pid!, 'any', 'D', { stableMs: 100, timeoutMs: 10_000 });
  const byFd = (await findStuckTasks()).find((x) => x.pid === opener.pid);
  t.equal(byFd?.fuse?.conn, fuse.conn, 'an fd on the mount names the connection');
  t.equal(byFd?.fuse?.basis[0], `fd 7 on ${fuse.mountpoint} (fuse.probe)`);
  t.equal(byFd?.fuse?.mountpoint, fuse.mountpoint);

  await fuse.release();
  await waitForExit(statter.pid!, { timeoutMs: 10_000 });
  await waitForExit(opener.pid!, { timeoutMs: 10_000 });
  const after = await findStuckTasks();
  t.notOk(
    after.some((x) => x.pid === statter.pid || x.pid === opener.pid),
    'nothing of it stuck after abort',
  );
  t.notOk(
    (await readMountinfo()).some((m) => m.mountpoint === fuse.mountpoint),
    'unmounted',
  );
  t.match((await statter).stderr, /Software caused connection abort|Transport endpoint/);
});
