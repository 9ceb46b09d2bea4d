// The probe measures what it says: in worker mode as many threads as asked for,
// none of them the main one, sit in read(2) on /dev/fuse and answer; in
// event-loop mode the main thread waits in epoll and no thread is blocked in
// read(2).
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import t from 'tap';
import { readyLine } from '../../bench/server.js';
import { assertMachineClean, waitFor } from '../fuse-helpers.js';

const PROBE = fileURLToPath(new URL('../../bench/sync-worker.js', import.meta.url));
const SYS_READ = 0;

// per thread of PID: the syscall it is blocked in (number and first argument), if any
function blocked(pid: number): { tid: number; nr: number; fd: number }[] {
  const out = [];
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    const f = readFileSync(`/proc/${pid}/task/${tid}/syscall`, 'utf8').trim().split(' ');
    if (f[0] === 'running' || f.length < 2) continue;
    out.push({ tid: Number(tid), nr: Number(f[0]), fd: Number(f[1]) });
  }
  return out;
}

const fdIsFuse = (pid: number, fd: number) => {
  try {
    return statSync(`/proc/${pid}/fd/${fd}`).rdev === statSync('/dev/fuse').rdev;
  } catch {
    return false;
  }
};
// x86_64 epoll_wait, epoll_pwait, epoll_pwait2
const EPOLL_WAITS = new Set([232, 281, 441]);

const MODES: [mode: 'worker' | 'event-loop', workers: number][] = [
  ['worker', 1],
  ['worker', 2],
  ['event-loop', 1],
];
for (const [mode, workers] of MODES) {
  t.test(`${mode}${mode === 'worker' ? ` x${workers}` : ''}: who waits for requests`, async (t) => {
    const mnt = join(t.testdir(), 'mnt');
    mkdirSync(mnt);
    const child = spawn(process.execPath, [PROBE, 'serve', mode, mnt, String(workers)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let pid = 0;
    try {
      pid = Number((await readyLine(child, /^ready pid=(\d+)$/m))[1]);
      // the root: with several workers, each has a MemFs of its own
      t.ok(statSync(mnt).isDirectory(), 'the mount answers');
      const fuseReads = () => blocked(pid).filter((b) => b.nr === SYS_READ && fdIsFuse(pid, b.fd));
      if (mode === 'worker') {
        await waitFor(() => fuseReads().length >= workers, {
          what: `${workers} thread(s) of ${pid} in read(2) on /dev/fuse`,
        });
        const readers = fuseReads();
        t.equal(readers.length, workers, `${workers} thread(s) blocked in read(2) on /dev/fuse`);
        t.notOk(
          readers.some((r) => r.tid === pid),
          'none of them the main thread',
        );
      } else {
        await waitFor(() => blocked(pid).some((b) => b.tid === pid && EPOLL_WAITS.has(b.nr)), {
          what: `the main thread of ${pid} in epoll_wait`,
        });
        t.same(fuseReads(), [], 'no thread blocked in read(2) on /dev/fuse');
      }
    } finally {
      await execa('umount', ['-l', mnt], { reject: false });
      child.kill('SIGKILL');
      await new Promise((r) => child.once('close', r));
    }
    assertMachineClean(t, { mountpoint: mnt, pids: [pid] });
  });
}
