// The watchdog on its own: it acts when the harness dies even if the pipe
// never closes (polling /proc/PID), and does nothing after "done".
import t, { type Test } from 'tap';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dir } from 'tmp-promise';
import {
  RUNNER_FILE,
  WATCHDOG_REPORT,
  caseStateFile,
  writeJsonSync,
} from '../../../harness/recovery/state.js';
import type { WatchdogReport } from '../../../harness/recovery/watchdog.js';
import { trackedPid } from '../../../harness/runner/case-context.js';
import { eventually, stateOf } from './machine.js';

function comm(pid?: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return undefined;
  }
}

const WATCHDOG = fileURLToPath(new URL('../../../harness/recovery/watchdog.js', import.meta.url));

async function setup(t: Test) {
  const d = await dir({ unsafeCleanup: true });
  t.teardown(d.cleanup);
  // a stand-in harness and a process the "case" tracked
  const harness = spawn('sleep', ['600'], { detached: true, stdio: 'ignore' });
  const victim = spawn('sleep', ['601'], { detached: true, stdio: 'ignore' });
  t.teardown(() => {
    harness.kill('SIGKILL');
    victim.kill('SIGKILL');
  });
  // tracked before exec, a child still has node's session and group (spawn
  // calls setsid() between fork and exec), and recovery would act on those
  const execd = (pid?: number) => () =>
    stateOf(pid as number) !== undefined && comm(pid) === 'sleep';
  if (!(await eventually(execd(harness.pid))) || !(await eventually(execd(victim.pid))))
    throw new Error('sleep did not start');
  const h = trackedPid(harness.pid as number);
  writeJsonSync(join(d.path, RUNNER_FILE), { harness: h, baselineStuck: [] });
  const pids = [trackedPid(victim.pid as number)];
  writeJsonSync(caseStateFile(d.path, 'w'), {
    id: 'w',
    pids,
    mounts: [],
    connections: [],
    sysctls: [],
  });
  // the test holds the pipe: it never sees EOF while the test runs
  const wd = spawn(process.execPath, [WATCHDOG, d.path, String(h.pid), String(h.start)], {
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  t.teardown(() => wd.kill('SIGKILL'));
  return { dir: d.path, harness, victim: victim.pid as number, wd };
}

t.test('the harness dies, the pipe stays open: polling notices, recovery runs', async (t) => {
  const { dir, harness, victim, wd } = await setup(t);
  harness.kill('SIGKILL');
  const file = join(dir, WATCHDOG_REPORT);
  t.ok(await eventually(() => existsSync(file)), 'report written');
  const r = JSON.parse(readFileSync(file, 'utf8')) as WatchdogReport;
  t.match(r.reason, new RegExp(`harness ${harness.pid} is gone`));
  t.ok(r.report.clean);
  t.ok(r.report.actions.includes(`killed ${victim} (sleep)`));
  t.ok(await eventually(() => stateOf(victim) === undefined), 'victim gone');
  t.ok(await eventually(() => wd.exitCode === 0), 'watchdog exited 0');
});

t.test('"done": the watchdog leaves without touching anything', async (t) => {
  const { dir, victim, wd } = await setup(t);
  wd.stdin?.end('done\n');
  t.ok(await eventually(() => wd.exitCode === 0), 'watchdog exited 0');
  t.notOk(existsSync(join(dir, WATCHDOG_REPORT)), 'no report');
  t.not(stateOf(victim), undefined, 'the tracked process was left alone');
});
