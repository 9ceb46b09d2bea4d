// The harness dies or is interrupted in the middle of a case that left a task
// in D on a FUSE mount nobody serves: the machine must come back clean.
import t, { type Test } from 'tap';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { dir } from 'tmp-promise';
import { CLI } from '../helpers.js';
import {
  FIXTURE_CASES,
  eventually,
  fixtureMounts,
  parseStuckLine,
  finished,
  stateOf,
} from '../harness/recovery/machine.js';
import { parseStateLine } from '../../harness/runner/state-line.js';
import type { WatchdogReport } from '../../harness/recovery/watchdog.js';

process.env.FUSEFAULT_CASES_DIR = FIXTURE_CASES;

// Starts `fusefault run stuck-hang` and resolves once the stat is in D.
async function startStuck(env: Record<string, string> = {}) {
  const p = execa(process.execPath, [CLI, 'run', 'stuck-hang'], { reject: false, all: false, env });
  let out = '';
  let err = '';
  p.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  p.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const ready = await eventually(
    () => parseStuckLine(err) !== undefined && parseStateLine(out) !== undefined,
  );
  const stuck = parseStuckLine(err);
  const state = parseStateLine(out);
  if (!ready || !stuck || !state) throw new Error(`stuck-hang did not get stuck: ${out} ${err}`);
  return { p, stuck, state, output: () => ({ out, err }) };
}

const SYSCTL = '/proc/sys/kernel/printk_ratelimit';
const sysctlBefore = readFileSync(SYSCTL, 'utf8');

function checkMachine(t: Test, stuck: { stat: number; holder: number; mnt: string }) {
  t.equal(readFileSync(SYSCTL, 'utf8'), sysctlBefore, 'sysctl restored');
  t.same(fixtureMounts(stuck.mnt), [], 'no fixture mount left');
  t.ok(finished(stuck.stat), 'the stat in D is gone');
  t.ok(finished(stuck.holder), 'the holder is gone');
  t.notOk(existsSync(stuck.mnt), 'work directory removed');
}

t.test('SIGKILL of the harness: the watchdog recovers and writes its report', async (t) => {
  // a temp dir of its own: a run elsewhere on the machine would collect the report
  const tmp = await dir({ unsafeCleanup: true, prefix: 'fusefault-signals-' });
  t.teardown(() => tmp.cleanup());
  const { p, stuck, state } = await startStuck({ TMPDIR: tmp.path });
  t.equal(stateOf(stuck.stat), 'D', 'stat is in D before the kill');
  t.same(fixtureMounts(stuck.mnt), [stuck.mnt], 'mounted before the kill');
  p.kill('SIGKILL');
  await p;
  const reportFile = join(state.dir, 'watchdog-report.json');
  t.ok(await eventually(() => existsSync(reportFile)), 'watchdog wrote its report');
  const report = JSON.parse(readFileSync(reportFile, 'utf8')) as WatchdogReport;
  t.match(report.reason, /harness/);
  t.ok(report.report.clean, 'watchdog recovery clean');
  t.ok(report.report.actions.includes(`aborted conn ${stuck.conn}`), 'aborted the connection');
  t.ok(
    report.report.actions.includes(`restored ${SYSCTL} to ${sysctlBefore.trim()}`),
    'restored the sysctl',
  );
  t.ok(
    report.report.actions.some((a) => a.startsWith(`lazy-unmounted ${stuck.mnt}`)),
    'unmounted',
  );
  t.ok(await eventually(() => stateOf(state.watchdog) === undefined), 'the watchdog exited');
  checkMachine(t, stuck);
  t.ok(existsSync(state.dir), 'the state directory holds the report until it is read');
  // the next run prints the report in one line and removes the directory
  const next = await execa(process.execPath, [CLI, 'run', 'pass'], {
    reject: false,
    env: { TMPDIR: tmp.path },
  });
  t.equal(next.exitCode, 0, next.stderr);
  t.match(
    next.stderr,
    new RegExp(`^fusefault: an earlier run \\(harness ${p.pid}\\) died \\(harness .*, clean$`, 'm'),
  );
  t.notOk(existsSync(state.dir), 'state directory removed');
  t.same(
    readdirSync(tmp.path).filter((n) => n.includes('fusefault-run-')),
    [],
    'no state directory left in the temp dir',
  );
});

for (const [sig, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const) {
  t.test(`${sig}: recovered in-process, exit ${code}`, async (t) => {
    const { p, stuck, state, output } = await startStuck();
    p.kill(sig);
    const r = await p;
    const { out } = output();
    t.equal(r.exitCode, code);
    t.match(out, /^# stuck-hang: outcome interrupted\n(# .*\n)*not ok 1 stuck-hang$/m);
    t.match(out, new RegExp(`^Bail out! ${sig}: 1 of 1 cases run, recovery clean$`, 'm'));
    t.match(out, new RegExp(`- "aborted conn ${stuck.conn}"`));
    checkMachine(t, stuck);
    t.notOk(existsSync(state.dir), 'state dir removed: nothing for the watchdog to do');
    t.ok(await eventually(() => stateOf(state.watchdog) === undefined), 'the watchdog exited');
  });
}
