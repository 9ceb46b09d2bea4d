// The acceptance test: SIGKILL the harness while the real
// netflix-flush-on-exit case has a server thread deadlocked in fuse_flush,
// and check that the watchdog gave the machine back: no task of the run in
// D, no FUSE mount of the run, no process of the run alive.
import t from 'tap';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { dir as tmpDir } from 'tmp-promise';
import { CLI } from '../helpers.js';
import { loadState } from '../../harness/recovery/state.js';
import { numericEntries, stackFrames, statOf } from '../../harness/recovery/procfs.js';
import type { WatchdogReport } from '../../harness/recovery/watchdog.js';
import { eventually, finished } from '../harness/recovery/machine.js';
import { parseStateLine } from '../../harness/runner/state-line.js';

delete process.env.FUSEFAULT_CASES_DIR;

// tasks of pid in D with fuse_flush on their stack
const flushWaiters = (pid: number) =>
  numericEntries(`/proc/${pid}/task`).filter(
    (tid) => statOf(pid, tid)?.state === 'D' && stackFrames(pid, tid).includes('fuse_flush'),
  );

t.test('SIGKILL in the middle of the flush-on-exit deadlock', async (t) => {
  // a temp dir of its own: a run elsewhere on the machine would collect the report
  const tmp = await tmpDir({ unsafeCleanup: true, prefix: 'fusefault-kill-' });
  t.teardown(() => tmp.cleanup());
  const p = execa(process.execPath, [CLI, 'run', 'netflix-flush-on-exit'], {
    reject: false,
    env: { TMPDIR: tmp.path },
  });
  let out = '';
  p.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  t.ok(await eventually(() => parseStateLine(out) !== undefined), 'run started');
  const dir = parseStateLine(out)?.dir as string;
  const tracked = () => loadState(dir).cases.flatMap((c) => c.pids.map((x) => x.pid));
  const stuck = await eventually(
    () => tracked().some((pid) => flushWaiters(pid).length > 0),
    60_000,
  );
  t.ok(stuck, 'a tracked server thread sits in D in fuse_flush');
  const state = loadState(dir);
  const workdir = state.runner?.current?.workdir as string;
  const pids = tracked();
  p.kill('SIGKILL');
  await p;

  const reportFile = join(dir, 'watchdog-report.json');
  t.ok(await eventually(() => existsSync(reportFile), 60_000), 'watchdog report written');
  const r = JSON.parse(readFileSync(reportFile, 'utf8')) as WatchdogReport;
  t.ok(r.report.clean, JSON.stringify(r.report));
  t.ok(
    r.report.actions.some((a) => a.startsWith('aborted conn ')),
    'aborted the deadlocked connection',
  );
  for (const pid of pids) t.ok(finished(pid), `tracked ${pid} has no live task`);
  const mounts = readFileSync('/proc/self/mountinfo', 'utf8');
  t.notOk(mounts.includes(workdir), 'no mount below the work directory');
  t.notOk(existsSync(workdir), 'work directory removed');
  rmSync(dir, { recursive: true, force: true });
});
