// The sampler on a real process: a sleeper found as a descendant, its stop and
// its death recorded as changes, a quiet process not recorded twice.
import t from 'tap';
import { spawn } from 'node:child_process';
import { Sampler } from '../../../harness/timeline/sampler.js';
import { waitForTaskState } from '../../../harness/wait.js';
import { monotonic } from '../../../src/trace/types.js';

t.test('a sleeper: S, then T after SIGSTOP, then gone', async (t) => {
  const child = spawn('sleep', ['60'], { stdio: 'ignore' });
  const pid = child.pid!;
  t.teardown(() => void child.kill('SIGKILL'));
  const sampler = new Sampler(monotonic(), () => [process.pid]);
  await waitForTaskState(pid, pid, 'S', { timeoutMs: 10_000, frames: ['hrtimer_nanosleep'] });
  await sampler.tick();
  await sampler.tick();
  const p = [...sampler.processes.values()].find((x) => x.pid === pid);
  t.equal(p?.label, 'sleep');
  t.notOk(
    [...sampler.processes.values()].some((x) => x.pid === process.pid),
    'the sampling process itself is left out',
  );
  t.same(
    p?.tasks[0]?.changes.map((c) => c.state),
    ['S'],
    'two samples asleep: one change',
  );
  t.ok(p?.tasks[0]?.changes[0]?.stack?.includes('hrtimer_nanosleep'), 'with its stack');

  process.kill(pid, 'SIGSTOP');
  await waitForTaskState(pid, pid, 'T', { timeoutMs: 10_000 });
  await sampler.tick();
  // reaped (not a zombie) once node reports the exit
  const reaped = new Promise((res) => child.once('exit', res));
  child.kill('SIGKILL');
  await reaped;
  await sampler.tick();
  const states = p?.tasks[0]?.changes.map((c) => c.state);
  t.same(states?.slice(0, 2), ['S', 'T']);
  t.equal(states?.at(-1), '-', `gone at the end (${states?.join(' ')})`);
  const times = p?.tasks[0]?.changes.map((c) => c.t) ?? [];
  t.same(
    [...times].sort((a, b) => a - b),
    times,
    'in time order',
  );
});

t.test('asleep, then asleep in another call after exec: the new stack is read', async (t) => {
  // sh waits in read(2) on its stdin (a socket pair from node), then execs
  // sleep: S both times, in another syscall, as a wrapper that execs a
  // client which then blocks in close()
  const child = spawn('sh', ['-c', 'read x; exec sleep 60'], {
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  const pid = child.pid!;
  t.teardown(() => void child.kill('SIGKILL'));
  const sampler = new Sampler(monotonic(), () => [process.pid]);
  await waitForTaskState(pid, pid, 'S', { timeoutMs: 10_000, frames: ['vfs_read'] });
  await sampler.tick();
  child.stdin.write('go\n');
  await waitForTaskState(pid, pid, 'S', { timeoutMs: 10_000, frames: ['hrtimer_nanosleep'] });
  await sampler.tick();
  const p = [...sampler.processes.values()].find((x) => x.pid === pid);
  const changes = p?.tasks[0]?.changes ?? [];
  t.same(
    changes.map((c) => c.state),
    ['S', 'S'],
    'two changes, both asleep',
  );
  t.ok(changes[0]?.stack?.includes('vfs_read'), 'first in the read of its stdin');
  t.ok(changes[1]?.stack?.includes('hrtimer_nanosleep'), 'then in the sleep');
});
