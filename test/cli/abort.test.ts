// `fusefault abort` on real stuck tasks. --stuck is always narrowed with --pid
// here: the machine may have other FUSE mounts whose waits are not ours to end.
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { dir } from 'tmp-promise';
import { fusefault, fusefaultAsNobody } from '../helpers.js';
import { makeStuckFuse, type StuckFuse } from '../harness/proc/stuck-fuse.js';
import { connectionAt, readMountinfo } from '../../src/mount/mountinfo.js';
import { findStuckTasks } from '../../harness/proc/stuck.js';
import { waitForExit, waitForTaskState } from '../../harness/wait.js';

// O_PATH open of the mount root needs no request; the lookup under it waits.
// The fd on the mount is what lets --stuck name the connection even when other
// connections on the machine have requests waiting too.
const OPEN_THEN_STAT =
  'import os, sys\nfd = os.open(sys.argv[1], os.O_PATH)\nos.dup2(fd, 7)\nos.close(fd)\nos.stat("x", dir_fd=7)';

async function stuckClient(t: {
  teardown(fn: () => unknown): void;
}): Promise<{ fuse: StuckFuse; pid: number; done: ReturnType<StuckFuse['client']> }> {
  const fuse = await makeStuckFuse();
  t.teardown(() => fuse.release());
  const done = fuse.client('python3', ['-c', OPEN_THEN_STAT, fuse.mountpoint]);
  await waitForTaskState(done.pid!, done.pid!, 'D', {
    frames: ['fuse_get_req'],
    timeoutMs: 10_000,
  });
  return { fuse, pid: done.pid!, done };
}

async function mounted(path: string): Promise<boolean> {
  return (await readMountinfo()).some((m) => m.mountpoint === path);
}

t.test('abort <conn> ends the wait: the client gets ECONNABORTED', async (t) => {
  const { fuse, pid, done } = await stuckClient(t);
  const r = await fusefault(['abort', String(fuse.conn)]);
  t.equal(r.exitCode, 0, r.stderr);
  t.equal(r.stdout, `aborted connection ${fuse.conn}\n  unmounted ${fuse.mountpoint} (lazy)`);
  await waitForExit(pid, { timeoutMs: 10_000 });
  const res = await done;
  t.match(res.stderr, /Transport endpoint is not connected|Software caused connection abort/);
  t.notOk((await findStuckTasks({ pids: [pid] })).length, 'nothing stuck');
  t.notOk(await mounted(fuse.mountpoint), 'unmounted');
});

t.test('abort <conn> --keep-mounts leaves the mount', async (t) => {
  const { fuse, pid } = await stuckClient(t);
  const r = await fusefault(['abort', String(fuse.conn), '--keep-mounts']);
  t.equal(r.exitCode, 0, r.stderr);
  t.equal(r.stdout, `aborted connection ${fuse.conn}`);
  await waitForExit(pid, { timeoutMs: 10_000 });
  t.ok(await mounted(fuse.mountpoint), 'still mounted');
});

// What a SIGKILLed server without a guardian leaves: the last /dev/fuse fd is
// gone (fuse_dev_release aborted the connection), the mount answers ENOTCONN,
// and its fusectl directory stays as long as the superblock.
t.test('abort <conn> on a dead connection takes its mount away', async (t) => {
  const tmp = await dir({ unsafeCleanup: true, prefix: 'fusefault-abort-' });
  const mnt = join(tmp.path, 'mnt');
  mkdirSync(mnt);
  t.teardown(async () => {
    await execa('umount', ['-l', '-c', mnt], { reject: false });
    await tmp.cleanup();
  });
  const fd = openSync('/dev/fuse', 'r+');
  const opts = 'fd=3,rootmode=40000,user_id=0,group_id=0';
  const m = spawnSync('mount', ['-i', '-t', 'fuse.probe', '-o', opts, 'probe', mnt], {
    stdio: ['ignore', 'pipe', 'pipe', fd],
  });
  closeSync(fd);
  t.equal(m.status, 0, String(m.stderr));
  const conn = connectionAt(mnt)!;
  t.ok(conn, 'mounted, and its server gone');
  const r = await fusefault(['abort', String(conn)]);
  t.equal(r.exitCode, 0, r.stderr);
  t.equal(r.stdout, `aborted connection ${conn}\n  unmounted ${mnt} (lazy)`);
  t.notOk(await mounted(mnt), 'no dead mount left');
});

t.test('abort --stuck aborts the connection a task waits on and unmounts it', async (t) => {
  const { fuse, pid } = await stuckClient(t);
  const r = await fusefault(['abort', '--stuck', '--pid', String(pid)]);
  t.equal(r.exitCode, 0, r.stderr);
  t.match(r.stdout, `aborted connection ${fuse.conn}: waited on by python3 ${pid}/${pid}\n`);
  t.match(r.stdout, `  unmounted ${fuse.mountpoint} (lazy)`);
  await waitForExit(pid, { timeoutMs: 10_000 });
  t.notOk((await findStuckTasks({ pids: [pid] })).length, 'nothing stuck');
  t.notOk(await mounted(fuse.mountpoint), 'unmounted');
});

t.test('--keep-mounts leaves the mount', async (t) => {
  const { fuse, pid } = await stuckClient(t);
  const r = await fusefault(['abort', '--stuck', '--keep-mounts', '--pid', String(pid)]);
  t.equal(r.exitCode, 0, r.stderr);
  t.notMatch(r.stdout, /unmounted/);
  await waitForExit(pid, { timeoutMs: 10_000 });
  t.ok(await mounted(fuse.mountpoint));
});

t.test('nothing stuck: says so', async (t) => {
  const r = await fusefault(['abort', '--stuck', '--pid', String(process.pid)]);
  t.equal(r.exitCode, 0);
  t.equal(r.stdout, 'no task is stuck on a FUSE connection');
});

t.test('usage errors: one line, exit 2', async (t) => {
  for (const args of [
    ['abort', '987654321'],
    ['abort'],
    ['abort', '3', '--stuck'],
    ['abort', 'x'],
    ['abort', '3', '--pid', '5'],
    ['abort', '--stuck', '--pid', '1e20'],
    ['abort', '--stuck', '--pid'],
  ]) {
    const r = await fusefault(args);
    t.equal(r.exitCode, 2, args.join(' '));
    t.equal(r.stderr.trim().split('\n').length, 1);
  }
  t.equal(
    (await fusefault(['abort', '987654321'])).stderr,
    'fusefault: no FUSE connection 987654321',
  );
  t.equal(
    (await fusefault(['abort', '--stuck', '--pid', '1e20'])).stderr,
    "fusefault: --pid must be a whole number from 1 to 4194304, not '1e20'",
  );
});

t.test('without root: one line, exit 2', async (t) => {
  const r = await fusefaultAsNobody(['abort', '1']);
  t.equal(r.exitCode, 2);
  t.equal(r.stderr, 'fusefault: abort needs root: it writes /sys/fs/fuse/connections/N/abort');
});
