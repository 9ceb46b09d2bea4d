// Live: read real processes in S, T, Z, a zombie leader with a live thread, and
// pending signals, through readProcess/readTask.
import t from 'tap';
import { execa } from 'execa';
import { readNs } from '../../../harness/proc/ns.js';
import { readProcess, readTask } from '../../../harness/proc/task.js';
import { readIds } from '../../../harness/proc/read.js';
import { readWchan } from '../../../harness/proc/stack.js';
import { waitFor, waitForTaskState } from '../../../harness/wait.js';
import { spawnSubject } from './subjects.js';

t.test('a sleeping child: S, its stack, its pid namespace', async (t) => {
  const s = await spawnSubject('sleeper');
  t.teardown(() => s.kill());
  const task = await waitForTaskState(s.pid, s.pid, 'S', { timeoutMs: 10_000 });
  t.equal(task.tid, s.pid);
  t.ok(task.stack && task.stack.length > 0, 'root reads the kernel stack');
  // get_wchan() prints "0" while a sleeping task is still on the run queue (a
  // delayed dequeue on a busy CPU), so the wait channel is waited for, not sampled.
  const wchan = await waitFor(() => readWchan(s.pid, s.pid), {
    timeoutMs: 10_000,
    what: 'a wait channel for the sleeping child',
  });
  t.ok(task.stack?.includes(wchan), `the wait channel ${wchan} is a frame of its stack`);
  const p = await readProcess(s.pid);
  t.equal(p?.ns.pid?.text, (await readNs(process.pid))?.text, 'same pid namespace as us');
  t.equal(p?.ns.pid?.type, 'pid');
  t.same(task.nspid, [s.pid]);
});

t.test('a stopped child: T', async (t) => {
  const s = await spawnSubject('sleeper');
  t.teardown(() => s.kill());
  process.kill(s.pid, 'SIGSTOP');
  const task = await waitForTaskState(s.pid, s.pid, 'T', { timeoutMs: 10_000 });
  t.equal(task.state, 'T');
  t.equal(task.stateName, 'stopped');
});

t.test('an unreaped child: Z', async (t) => {
  const s = await spawnSubject('zombieParent');
  t.teardown(() => s.kill());
  const child = s.ids[0] as number;
  const z = await waitForTaskState(child, child, 'Z', { timeoutMs: 10_000 });
  t.equal(z.ppid, s.pid);
  t.ok(z.exiting, 'PF_EXITING');
});

t.test('a zombie leader with a live thread', async (t) => {
  const s = await spawnSubject('zombieLeader');
  t.teardown(() => s.kill());
  await waitForTaskState(s.pid, s.pid, 'Z', { timeoutMs: 10_000 });
  const p = await readProcess(s.pid);
  t.equal(p?.state, 'Z');
  const thread = p?.tasks.find((x) => x.tid === s.ids[0]);
  t.ok(thread, 'the worker thread is listed');
  t.not(thread?.state, 'Z');
  t.equal(p?.tasks.length, 2);
});

t.test(
  'pending signals by name: thread-directed in SigPnd, process-directed in ShdPnd',
  async (t) => {
    const s = await spawnSubject('signalHolder');
    t.teardown(() => s.kill());
    process.kill(s.pid, 'SIGUSR1');
    const task = await waitForTaskState(s.pid, s.pid, ['S', 'R'], { timeoutMs: 10_000 });
    const again = (await readTask(s.pid))!;
    t.same(again.signals.pending, ['SIGUSR2']);
    t.same(again.signals.shared, ['SIGUSR1']);
    t.ok(task.signals.blocked.includes('SIGUSR1') && task.signals.blocked.includes('SIGUSR2'));
  },
);

t.test('a task in another pid namespace has its pid there too', async (t) => {
  const u = execa('unshare', ['--pid', '--fork', '--kill-child', 'sleep', '600'], {
    reject: false,
  });
  t.teardown(async () => {
    u.kill('SIGKILL');
    await u;
  });
  const inner = await waitFor(
    async () => {
      for (const pid of await readIds('/proc')) {
        const task = await readTask(pid);
        if (task && task.ppid === u.pid && task.comm === 'sleep') return task;
      }
      return undefined;
    },
    { timeoutMs: 10_000 },
  );
  t.same(inner.nspid, [inner.pid, 1], 'init of the new namespace');
  t.not((await readNs(inner.pid))?.inode, (await readNs(process.pid))?.inode);
});
