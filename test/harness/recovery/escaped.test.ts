// A task of the run that escaped tracking (its own session, not tracked) and
// sits in D on one of the run's FUSE connections is a leftover; the same task
// on a connection that is not the run's is someone else's business.
import t from 'tap';
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dir } from 'tmp-promise';
import { leftovers } from '../../../harness/recovery/check.js';
import { mounts } from '../../../harness/recovery/procfs.js';
import { recover } from '../../../harness/recovery/recover.js';
import { scopeOf } from '../../../harness/recovery/scope.js';
import { caseStateFile, writeJsonSync } from '../../../harness/recovery/state.js';
import { trackedPid } from '../../../harness/runner/case-context.js';
import { eventually, fixtureMounts, finished, stateOf } from './machine.js';

const HOLDER = fileURLToPath(new URL('../../fixtures/cases/helpers/holder.js', import.meta.url));
// an O_PATH fd on the mount root sends no FUSE request, and tells which
// connection the later stat waits on (fdinfo mnt_id)
const CLIENT = 'import os,sys; fd=os.open(sys.argv[1], os.O_PATH); os.stat(sys.argv[1] + "/x")';

t.test('an untracked task in D on a run connection', async (t) => {
  const d = await dir({ unsafeCleanup: true });
  const mnt = join(d.path, 'mnt');
  mkdirSync(mnt);
  const holder = spawn(process.execPath, [HOLDER, mnt], { detached: true, stdio: 'ignore' });
  t.ok(await eventually(() => fixtureMounts(mnt).includes(mnt)), 'mounted');
  const conn = mounts().find((m) => m.mountpoint === mnt)?.conn as number;
  const client = spawn('python3', ['-c', CLIENT, mnt], { detached: true, stdio: 'ignore' });
  const pid = client.pid as number;
  t.ok(await eventually(() => stateOf(pid) === 'D'), 'client in D');

  const outside = scopeOf({ dir: '/nonexistent', cases: [] });
  const line = `task ${pid} of ${pid} (python3) in D on conn ${conn}`;
  const theirs = await leftovers(outside, { baseline: [], conns: [conn + 1000] });
  t.notOk(
    theirs.some((l) => l.startsWith(line)),
    'not the run connection: not counted',
  );
  const ours = await leftovers(outside, { baseline: [], conns: [conn] });
  t.ok(
    ours.some((l) => l.startsWith(line)),
    ours.join('\n'),
  );
  const before = await leftovers(outside, { baseline: [pid], conns: [conn] });
  t.notOk(
    before.some((l) => l.startsWith(line)),
    'in the baseline: not counted',
  );

  // recovery with both processes tracked frees the client and cleans up
  const pids = [trackedPid(holder.pid as number), trackedPid(pid)];
  writeJsonSync(caseStateFile(d.path, 'e'), {
    id: 'e',
    pids,
    mounts: [mnt],
    connections: [conn],
    sysctls: [],
  });
  const report = await recover({ dir: d.path, cases: [] });
  t.ok(report.clean, JSON.stringify(report));
  t.ok(report.actions.includes(`aborted conn ${conn}`));
  t.same(fixtureMounts(mnt), []);
  t.ok(await eventually(() => finished(pid) && finished(holder.pid as number)));
  await d.cleanup();
});
