import t from 'tap';
import { execa } from 'execa';
import {
  assertExitsWithin,
  assertLeaderZombieWithLiveThread,
  assertPidNsNotEnterable,
  assertSignalPendingUndelivered,
  assertTaskState,
} from '../../harness/assert.js';
import { readIds } from '../../harness/proc/read.js';
import { readTaskStat } from '../../harness/proc/stat.js';
import { waitFor, waitForTaskState } from '../../harness/wait.js';
import { spawnSubject } from './proc/subjects.js';

t.test('task state, frames, and the negation', async (t) => {
  const s = await spawnSubject('sleeper');
  t.teardown(() => s.kill());
  await waitForTaskState(s.pid, s.pid, 'S', { timeoutMs: 10_000 });
  t.ok((await assertTaskState(s.pid, 'any', 'S')).ok);
  const d = await assertTaskState(s.pid, s.pid, 'D');
  t.notOk(d.ok);
  t.match(
    d.message,
    new RegExp(`expected task ${s.pid}/${s.pid} in D; saw ${s.pid}/${s.pid} S \\[`),
  );
  t.match(d.evidence, { pid: s.pid, tasks: [{ state: 'S' }] });
  t.ok((await assertTaskState(s.pid, 'any', 'D', { not: true })).ok);
  t.notOk((await assertTaskState(s.pid, 'any', 'S', { frames: ['fuse_flush'] })).ok);
  const gone = await assertTaskState(999_999_999, 'any', 'S');
  t.notOk(gone.ok);
  t.match(gone.message, /gone/);
});

t.test('leader zombie with a live thread', async (t) => {
  const z = await spawnSubject('zombieLeader');
  t.teardown(() => z.kill());
  const s = await spawnSubject('sleeper');
  t.teardown(() => s.kill());
  await waitForTaskState(z.pid, z.pid, 'Z', { timeoutMs: 10_000 });
  t.ok((await assertLeaderZombieWithLiveThread(z.pid)).ok);
  const no = await assertLeaderZombieWithLiveThread(s.pid);
  t.notOk(no.ok);
  t.match(no.message, /saw .* S /);
  t.ok((await assertLeaderZombieWithLiveThread(s.pid, { not: true })).ok);
});

t.test('signal pending and undelivered', async (t) => {
  const s = await spawnSubject('signalHolder');
  t.teardown(() => s.kill());
  process.kill(s.pid, 'SIGUSR1');
  await waitFor(async () => (await assertSignalPendingUndelivered(s.pid, 'any', 'SIGUSR1')).ok, {
    timeoutMs: 10_000,
  });
  t.ok((await assertSignalPendingUndelivered(s.pid, s.pid, 'SIGUSR2')).ok, 'SigPnd');
  t.ok((await assertSignalPendingUndelivered(s.pid, s.pid, 10)).ok, 'by number');
  const kill = await assertSignalPendingUndelivered(s.pid, 'any', 'KILL');
  t.notOk(kill.ok);
  t.match(kill.message, /SIGKILL pending.*saw .*SigPnd=\[SIGUSR2\] ShdPnd=\[SIGUSR1\]/);
  t.ok((await assertSignalPendingUndelivered(s.pid, 'any', 'SIGKILL', { not: true })).ok);
});

t.test('exits within', async (t) => {
  const s = await spawnSubject('sleeper');
  t.teardown(() => s.kill());
  const still = await assertExitsWithin(s.pid, 50);
  t.notOk(still.ok);
  t.match(still.message, /still there after/);
  t.ok((await assertExitsWithin(s.pid, 50, { not: true })).ok);
  process.kill(s.pid, 'SIGKILL');
  t.ok((await assertExitsWithin(s.pid, 10_000)).ok);
});

t.test('a live pid namespace is enterable', async (t) => {
  const s = await spawnSubject('sleeper');
  t.teardown(() => s.kill());
  const r = await assertPidNsNotEnterable(s.pid);
  t.notOk(r.ok);
  t.match(r.message, /nsenter entered it/);
  t.ok((await assertPidNsNotEnterable(s.pid, { not: true })).ok);
});

// Find the child of `ppid` named `comm`.
async function childOf(ppid: number, comm: string): Promise<number> {
  return waitFor(
    async () => {
      for (const pid of await readIds('/proc')) {
        const st = await readTaskStat(pid);
        if (st && st.ppid === ppid && st.comm === comm) return pid;
      }
      return 0;
    },
    { timeoutMs: 10_000 },
  );
}

t.test('a namespace whose init is in zap_pid_ns_processes is not enterable', async (t) => {
  // init waits in zap_pid_ns_processes for a zombie member whose parent lives
  // outside the namespace and is stopped, so it never reaps it
  const u = execa('unshare', ['--pid', '--fork', 'sleep', '600'], { reject: false });
  const init = await childOf(u.pid!, 'sleep');
  const n = execa('nsenter', ['--target', String(init), '--pid', '--', 'sleep', '600'], {
    reject: false,
  });
  t.teardown(async () => {
    for (const [pid, sig] of [
      [n.pid!, 'SIGCONT'],
      [n.pid!, 'SIGKILL'],
      [init, 'SIGKILL'],
    ] as const) {
      try {
        process.kill(pid, sig);
      } catch {
        // gone already
      }
    }
    await Promise.all([n, u]);
  });
  const member = await childOf(n.pid!, 'sleep');
  process.kill(n.pid!, 'SIGSTOP');
  // a stop lands when nsenter next runs; woken by its child's death first, it
  // would reap the member before stopping
  await waitForTaskState(n.pid!, n.pid!, 'T', { timeoutMs: 10_000 });
  process.kill(member, 'SIGKILL');
  await waitForTaskState(member, member, 'Z', { timeoutMs: 10_000 });
  process.kill(init, 'SIGKILL');
  await waitForTaskState(init, init, ['S', 'D'], {
    frames: ['zap_pid_ns_processes'],
    timeoutMs: 10_000,
  });
  const r = await assertPidNsNotEnterable(init);
  t.ok(r.ok, r.message);
  t.match(r.evidence, { error: /fork failed/, ns: /^pid:\[\d+\]$/ });
  const neg = await assertPidNsNotEnterable(init, { not: true });
  t.notOk(neg.ok);
  t.match(neg.message, /saw nsenter failed: .*fork failed/);
});
