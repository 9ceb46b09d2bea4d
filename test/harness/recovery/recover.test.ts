import t from 'tap';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dir } from 'tmp-promise';
import { recover } from '../../../harness/recovery/recover.js';
import { leftovers } from '../../../harness/recovery/check.js';
import { scopeOf } from '../../../harness/recovery/scope.js';
import {
  RUNNER_FILE,
  caseStateFile,
  writeJsonSync,
  type CaseState,
} from '../../../harness/recovery/state.js';
import { trackedPid } from '../../../harness/runner/case-context.js';
import { eventually, finished, stateOf } from './machine.js';

const SYSCTL = '/proc/sys/kernel/printk_ratelimit';

// a sleeper in a session of its own, like a case child, with a child of its own
function startSession() {
  const p = spawn('sh', ['-c', 'sleep 600 & exec sleep 601'], { detached: true, stdio: 'ignore' });
  if (p.pid === undefined) throw new Error('no sh');
  return p.pid;
}

t.test(
  'recover: sysctl, session, tracked pid and work directory; state re-read from disk',
  async (t) => {
    const d = await dir({ unsafeCleanup: true });
    t.teardown(d.cleanup);
    const work = join(d.path, 'work');
    mkdirSync(join(work, 'sub'), { recursive: true });
    const child = startSession();
    const loner = spawn('sleep', ['602'], { detached: true, stdio: 'ignore' }).pid as number;
    const before = readFileSync(SYSCTL, 'utf8');
    writeJsonSync(join(d.path, RUNNER_FILE), {
      harness: trackedPid(process.pid),
      baselineStuck: [],
      current: { id: 'x', child: trackedPid(child), workdir: work },
    });
    const cs: CaseState = {
      id: 'x',
      pids: [trackedPid(loner)],
      mounts: [],
      connections: [],
      sysctls: [{ path: SYSCTL, old: before.trim() }],
    };
    writeJsonSync(caseStateFile(d.path, 'x'), cs);
    writeFileSync(SYSCTL, String(Number(before) + 3));
    t.ok(await eventually(() => [child, loner].every((p) => stateOf(p) !== undefined)));

    const report = await recover({ dir: d.path, cases: [] });
    t.ok(report.clean, JSON.stringify(report));
    t.equal(readFileSync(SYSCTL, 'utf8'), before, 'sysctl restored');
    t.ok(report.actions.includes(`killed case child ${child}`));
    t.ok(report.actions.includes(`killed ${loner} (sleep)`), 'tracked pid killed');
    t.ok(report.actions.includes(`removed ${work}`));
    t.notOk(existsSync(work));
    t.ok(finished(loner));
    t.ok(finished(child), 'case child gone');
  },
);

t.test('a pid reused by another process is left alone', async (t) => {
  const d = await dir({ unsafeCleanup: true });
  t.teardown(d.cleanup);
  const p = spawn('sleep', ['603'], { stdio: 'ignore' });
  t.teardown(() => p.kill('SIGKILL'));
  const pid = p.pid as number;
  const stale = { ...trackedPid(pid), start: 1 };
  writeJsonSync(caseStateFile(d.path, 'y'), {
    id: 'y',
    pids: [stale],
    mounts: [],
    connections: [],
    sysctls: [],
  });
  const report = await recover({ dir: d.path, cases: [] }, { waitMs: 200 });
  t.equal(stateOf(pid), 'S', 'still sleeping');
  t.notOk(report.actions.some((a) => a.includes(String(pid))));
});

t.test('leftovers names a process of the run still alive', async (t) => {
  const p = spawn('sleep', ['604'], { detached: true, stdio: 'ignore' });
  t.teardown(() => p.kill('SIGKILL'));
  const pid = p.pid as number;
  t.ok(await eventually(() => stateOf(pid) === 'S'), 'asleep');
  const scope = scopeOf({
    dir: '/nonexistent',
    cases: [{ id: 'z', pids: [trackedPid(pid)], mounts: [], connections: [], sysctls: [] }],
  });
  t.same(await leftovers(scope), [`process left: ${pid} (sleep) in S`]);
});

t.test(
  'a tracked mountpoint outside the work directory: only a FUSE mount there is undone',
  async (t) => {
    const d = await dir({ unsafeCleanup: true });
    const mp = join(d.path, 'tmpfs');
    mkdirSync(mp);
    execFileSync('mount', ['-t', 'tmpfs', 'none', mp]);
    t.teardown(async () => {
      execFileSync('umount', ['-l', mp]);
      await d.cleanup();
    });
    const cs = { id: 'm', pids: [], mounts: [mp], connections: [], sysctls: [] };
    writeJsonSync(caseStateFile(d.path, 'm'), cs);
    const report = await recover({ dir: d.path, cases: [] }, { waitMs: 100 });
    t.ok(report.clean);
    t.ok(
      readFileSync('/proc/self/mountinfo', 'utf8').includes(` ${mp} `),
      'the tmpfs is still mounted',
    );
  },
);
