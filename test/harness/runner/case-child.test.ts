// The case child on its own: a runner that is gone before the child has
// started must not leave a case running with nobody to recover after it.
import t from 'tap';
import { fork } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CHILD = fileURLToPath(new URL('../../../harness/runner/case-child.js', import.meta.url));
const MARKER = fileURLToPath(new URL('../../fixtures/case-child/marker.js', import.meta.url));

function start(workdir: string) {
  return fork(CHILD, [MARKER, 'marker', workdir, join(workdir, 'state.json')], {
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
  });
}

const exited = (c: ReturnType<typeof fork>) =>
  new Promise<number | null>((res) => c.once('exit', (code) => res(code)));

t.test('the runner is still there: the case runs', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'fusefault-child-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const c = start(dir);
  const code = exited(c);
  const done = await new Promise((res) => c.once('message', res));
  t.match(done, { type: 'done', outcome: { outcome: 'ran' } });
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
