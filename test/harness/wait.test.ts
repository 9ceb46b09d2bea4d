import t from 'tap';
import { waitFor, waitForExit, waitForTaskState, WaitTimeout } from '../../harness/wait.js';
import { spawnSubject } from './proc/subjects.js';

t.test('resolves with the last value once truthy for stableMs', async (t) => {
  let calls = 0;
  let firstTrueAt = 0;
  const v = await waitFor(
    () => {
      calls++;
      if (calls < 3) return null;
      firstTrueAt ||= performance.now();
      return { calls };
    },
    { timeoutMs: 5_000, stableMs: 50 },
  );
  t.ok(v.calls > 3, 'probed again while it held');
  t.ok(performance.now() - firstTrueAt >= 50, 'held for stableMs before resolving');
});

t.test('a value that flips back to falsy restarts the stable window', async (t) => {
  const seq = [1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1];
  let i = 0;
  let sawZeroAfterOne = false;
  await waitFor(
    () => {
      const v = seq[Math.min(i++, seq.length - 1)];
      if (v === 0) sawZeroAfterOne = true;
      return v;
    },
    { timeoutMs: 5_000, stableMs: 20 },
  );
  t.ok(sawZeroAfterOne && i > 3, 'did not resolve on the first two truthy values');
});

t.test('times out with the last evidence', async (t) => {
  const err = await waitFor(() => ({ ok: false }).ok, {
    timeoutMs: 100,
    evidence: () => ({ seen: 'nothing' }),
    what: 'a miracle',
  }).catch((e: unknown) => e);
  t.ok(err instanceof WaitTimeout);
  t.same((err as WaitTimeout).evidence, { seen: 'nothing' });
  t.match((err as WaitTimeout).message, /waiting for a miracle/);
  const plain = await waitFor(() => 0, { timeoutMs: 30 }).catch((e: unknown) => e);
  t.equal((plain as WaitTimeout).evidence, 0, 'default evidence: the probe value');
});

t.test('an abort signal ends the wait', async (t) => {
  const ac = new AbortController();
  setTimeout(() => ac.abort(new Error('stop')), 20);
  await t.rejects(
    waitFor(() => false, { timeoutMs: 60_000, signal: ac.signal }),
    /stop/,
  );
});

t.test('task state: a sleeping child is not in D; the timeout shows its state', async (t) => {
  const s = await spawnSubject('sleeper');
  t.teardown(() => s.kill());
  const err = (await waitForTaskState(s.pid, 'any', 'D', { timeoutMs: 150 }).catch(
    (e: unknown) => e,
  )) as WaitTimeout;
  t.ok(err instanceof WaitTimeout);
  const ev = err.evidence as { tasks: { state: string }[] };
  t.equal(ev.tasks[0]?.state, 'S');
  t.match(err.message, /a task of \d+ in D/);
});

t.test('exit: a killed child exits; a live one times out', async (t) => {
  const s = await spawnSubject('sleeper');
  t.teardown(() => s.kill());
  const err = await waitForExit(s.pid, { timeoutMs: 100 }).catch((e: unknown) => e);
  t.ok(err instanceof WaitTimeout);
  t.equal((err as WaitTimeout & { evidence: { pid: number } }).evidence.pid, s.pid);
  process.kill(s.pid, 'SIGKILL');
  t.equal(await waitForExit(s.pid, { timeoutMs: 10_000 }), true);
});

t.test('a zombie leader with a live thread has not exited', async (t) => {
  const s = await spawnSubject('zombieLeader');
  t.teardown(() => s.kill());
  await waitForTaskState(s.pid, s.pid, 'Z', { timeoutMs: 10_000 });
  await t.rejects(waitForExit(s.pid, { timeoutMs: 100 }), WaitTimeout);
});
