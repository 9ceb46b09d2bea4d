// The case child on its own: a runner that is gone before the child has
// started must not leave a case running with nobody to recover after it; a
// case that ran sends its timeline before its result.
import t from 'tap';
import { fork } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FromChild, ToChild } from '../../../harness/runner/case-child.js';

const CHILD = fileURLToPath(new URL('../../../harness/runner/case-child.js', import.meta.url));
const MARKER = fileURLToPath(new URL('../../fixtures/case-child/marker.js', import.meta.url));
const STOPPED = fileURLToPath(new URL('../../fixtures/case-child/stopped.js', import.meta.url));
const WAITS = fileURLToPath(new URL('../../fixtures/case-child/waits.js', import.meta.url));

function start(workdir: string, fixture = MARKER) {
  return fork(CHILD, [fixture, 'marker', workdir, join(workdir, 'state.json')], {
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
  });
}

// Every message up to 'done' or 'error'.
function messages(c: ReturnType<typeof fork>): Promise<FromChild[]> {
  const got: FromChild[] = [];
  return new Promise((res) =>
    c.on('message', (m: FromChild) => {
      got.push(m);
      if (m.type === 'done' || m.type === 'error') res(got);
    }),
  );
}

const exited = (c: ReturnType<typeof fork>) =>
  new Promise<number | null>((res) => c.once('exit', (code) => res(code)));

t.test('the runner is still there: the case runs', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'fusefault-child-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const c = start(dir);
  const code = exited(c);
  const got = await messages(c);
  t.same(
    got.map((m) => m.type),
    ['timeline', 'done'],
    'the timeline comes before the result',
  );
  t.match(got[0], { type: 'timeline', timeline: { version: 1, processes: [] } });
  t.match(got[1], { type: 'done', outcome: { outcome: 'ran' } });
  t.equal(await code, 0);
  t.ok(existsSync(join(dir, 'ran')), 'the case ran');
});

t.test('the channel closed before the child started: it stops, the case never runs', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'fusefault-child-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const c = start(dir);
  const code = exited(c);
  // as a runner SIGKILLed right after fork: the channel ends before the
  // child has loaded, so it never sees a 'disconnect' event
  c.disconnect();
  t.equal(await code, 1);
  t.notOk(existsSync(join(dir, 'ran')), 'the case did not run');
});

t.test('a process the case stopped: its T state and the signal are in the timeline', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'fusefault-child-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const c = start(dir, STOPPED);
  const got = await messages(c);
  const done = got.find((m) => m.type === 'done');
  const pid = done?.type === 'done' ? (done.outcome.evidence.pid as number) : undefined;
  t.teardown(() => {
    if (pid) process.kill(pid, 'SIGKILL');
  });
  t.ok(pid, 'the case ran');
  const tl = got.find((m) => m.type === 'timeline');
  if (tl?.type !== 'timeline') return t.fail('no timeline');
  t.same(
    tl.timeline.signals.map((s) => [s.pid, s.signal]),
    [[pid, 'SIGSTOP']],
  );
  const sleeper = tl.timeline.processes.find((p) => p.pid === pid);
  t.equal(sleeper?.label, 'sleep');
  const states = sleeper?.tasks[0]?.changes.map((ch) => ch.state);
  t.equal(states?.at(-1), 'T', `last sampled state T (saw ${states?.join(' ')})`);
  const stop = sleeper?.tasks[0]?.changes.at(-1);
  t.ok(stop && stop.t >= tl.timeline.signals[0]!.t, 'stopped after the signal was sent');
  t.ok(stop?.stack?.includes('do_signal_stop'), 'the stack says where it stopped');
});

t.test('aborted at its deadline: the timeline comes at once, then the error', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'fusefault-child-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const c = start(dir, WAITS);
  const all = messages(c);
  // the case is running once it logged
  await new Promise<void>((res) => c.on('message', (m: FromChild) => m.type === 'log' && res()));
  const abort: ToChild = { type: 'abort', reason: 'timeout' };
  c.send(abort);
  const got = await all;
  t.same(
    got.map((m) => m.type),
    ['log', 'timeline', 'error'],
  );
  t.match(got[1], { type: 'timeline', timeline: { version: 1 } });
  t.match(got[2], { type: 'error', message: /timeout/ });
});
