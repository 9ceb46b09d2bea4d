import t from 'tap';
import { existsSync, readFileSync } from 'node:fs';
import { release } from 'node:os';
import { join } from 'node:path';
import { dir } from 'tmp-promise';
import { execa } from 'execa';
import { CLI, fusefault } from '../helpers.js';
import {
  FIXTURE_CASES,
  eventually,
  fixtureMounts,
  removedDir,
  finished,
  stateOf,
} from '../harness/recovery/machine.js';
import { parseStateLine } from '../../harness/runner/state-line.js';
import type { RunResult } from '../../harness/runner/types.js';

process.env.FUSEFAULT_CASES_DIR = FIXTURE_CASES;
const SYSCTL = '/proc/sys/kernel/printk_ratelimit';

async function runJson(args: string[]) {
  const d = await dir({ unsafeCleanup: true });
  const file = join(d.path, 'run.json');
  const r = await fusefault(['run', ...args, '--json', file]);
  const json = JSON.parse(readFileSync(file, 'utf8')) as RunResult;
  await d.cleanup();
  return { r, json };
}

t.test('pass, throws, hangs and vm-only: TAP lines, JSON, exit 1, clean recovery', async (t) => {
  const before = readFileSync(SYSCTL, 'utf8');
  const { r, json } = await runJson(['pass', 'throws', 'hangs', 'vm-only']);
  t.equal(r.exitCode, 1, 'a case not ok');
  const lines = r.stdout.split('\n');
  t.equal(lines[0], 'TAP version 13');
  t.ok(lines.includes('1..4'));
  t.ok(lines.includes('ok 1 pass'));
  t.ok(lines.includes('# pass: outcome measured'));
  t.ok(lines.includes('not ok 2 throws'));
  t.ok(lines.includes('# throws: outcome error'));
  t.ok(lines.includes('not ok 3 hangs'));
  t.ok(lines.includes('# hangs: outcome timeout'));
  t.match(r.stdout, /^# vm-only: skipped: vm-only.*\nok 4 vm-only # SKIP$/m);
  t.match(r.stderr, /\[pass\] measured/, 'case log on stderr');

  t.equal(json.kernel.release, release());
  t.type(json.kernel.requestTimeoutSysctls, 'boolean');
  t.equal(
    json.kernel.requestTimeoutSysctls,
    existsSync('/proc/sys/fs/fuse/default_request_timeout'),
  );
  t.equal(json.kernel.fuseProtocolMinor, 45, 'taken from the evidence of a case');
  t.ok(json.kernel.preempt.length > 0);
  t.same(
    json.cases.map((c) => [c.id, c.outcome, c.ok]),
    [
      ['pass', 'measured', true],
      ['throws', 'error', false],
      ['hangs', 'timeout', false],
      ['vm-only', 'skipped', true],
    ],
  );
  const [pass, throws, hangs] = json.cases;
  t.match(throws?.error, /fixture failure/);
  t.equal(hangs?.evidence.timeoutMs, 1000);
  t.ok(
    Array.isArray(hangs?.evidence.tasks) && (hangs.evidence.tasks as unknown[]).length > 0,
    'tasks at the deadline',
  );
  for (const c of json.cases) {
    t.ok(c.recovery.clean, `${c.id} recovered clean`);
    t.type(c.durationMs, 'number');
    for (const a of c.recovery.actions) {
      const removed = /^removed (.+)$/.exec(a)?.[1];
      if (removed) t.notOk(existsSync(removed), `${removed} is gone`);
    }
  }
  t.ok(finished(pass?.evidence.sleeper as number), 'the tracked sleeper was killed');
  t.equal(readFileSync(SYSCTL, 'utf8'), before, 'sysctl restored');
  t.ok(pass?.recovery.actions.some((a) => a.startsWith(`restored ${SYSCTL}`)));
  const st = parseStateLine(r.stdout);
  t.ok(st, 'state line');
  t.notOk(existsSync(st?.dir ?? '/nonexistent'), 'state dir removed after a normal run');
  t.ok(await eventually(() => stateOf(st?.watchdog ?? 0) === undefined), 'the watchdog went away');
});

t.test('--expect turns the run into a regression check', async (t) => {
  t.equal((await fusefault(['run', 'pass', '--expect', 'measured'])).exitCode, 0);
  const after = await fusefault(['run', '--expect', 'measured', 'pass']);
  t.equal(after.exitCode, 0, 'a case id after --expect VALUE is a case');
  const { r, json } = await runJson(['pass', '--expect', 'pass=unmeasured']);
  t.equal(r.exitCode, 1);
  t.equal(json.cases[0]?.expected, 'unmeasured');
  t.equal(json.cases[0]?.ok, false);
  t.match(r.stdout, /^# pass: outcome measured, expected unmeasured$/m);
  t.match(r.stdout, /^not ok 1 pass$/m);
  t.equal(
    (await fusefault(['run', 'vm-only', '--expect', 'skipped'])).exitCode,
    0,
    'a skip can be expected',
  );
  t.equal((await fusefault(['run', 'throws', '--expect', 'error'])).exitCode, 2, 'an error cannot');
  const bare = await fusefault(['run', 'pass', 'throws', '--expect', 'measured']);
  t.equal(bare.exitCode, 2, 'a bare outcome needs exactly one case');
  const odd = await fusefault(['run', 'pass', '--expect', 'sideways']);
  t.equal(odd.exitCode, 2, 'an outcome the case does not have');
});

t.test('--json into a directory that does not exist: exit 2 before anything runs', async (t) => {
  const r = await fusefault(['run', 'pass', '--json', '/nonexistent-dir/run.json']);
  t.equal(r.exitCode, 2);
  t.match(r.stderr, /--json \/nonexistent-dir\/run.json: cannot write there/);
  t.equal(r.stdout, '');
});

t.test('an unknown case id: exit 2, one line naming the known ids', async (t) => {
  const r = await fusefault(['run', 'pass', 'nosuch']);
  t.equal(r.exitCode, 2);
  t.equal(r.stderr.trim().split('\n').length, 1);
  t.match(
    r.stderr,
    /unknown case nosuch; known: hangs pass stuck stuck-hang stuck-self throws vm-only/,
  );
  t.equal(r.stdout, '', 'nothing ran');
});

t.test('a stuck task on an unanswered mount: aborted, killed, unmounted', async (t) => {
  const { r, json } = await runJson(['stuck']);
  t.equal(r.exitCode, 0, r.stdout);
  const c = json.cases[0];
  t.equal(c?.outcome, 'stuck');
  const ev = c?.evidence as {
    mnt: string;
    conn: number;
    stat: number;
    holder: number;
    frames: string[];
  };
  t.ok(
    ev.frames.some((f) => f.startsWith('fuse_')),
    'stat waited in FUSE code',
  );
  t.ok(c?.recovery.actions.includes(`aborted conn ${ev.conn}`));
  t.ok(c?.recovery.actions.some((a) => a.startsWith('lazy-unmounted ')));
  t.same(c?.recovery.leftovers, []);
  t.same(fixtureMounts(ev.mnt), [], 'no fixture mount left');
  t.ok(finished(ev.stat), 'stat gone');
  t.ok(finished(ev.holder), 'holder gone');
});

t.test('timeout evidence holds the task in D with its FUSE frames', async (t) => {
  const { r, json } = await runJson(['stuck-hang', '--timeout-scale', '0.05']);
  t.equal(r.exitCode, 1);
  const c = json.cases[0];
  t.equal(c?.outcome, 'timeout');
  const tasks = c?.evidence.tasks as {
    tid: number;
    comm: string;
    state: string;
    stack: string[];
    shared: string[];
  }[];
  const stat = tasks.find((x) => x.comm === 'stat');
  t.equal(stat?.state, 'D');
  t.ok(stat?.stack.includes('fuse_get_req'), 'waiting for INIT in fuse_get_req');
  t.ok(Array.isArray(stat?.shared), 'signals decoded');
  t.match(r.stdout, /- "\d+ stat D fuse_get_req/);
  const stuck = c?.evidence.stuck as { tid: number; state: string }[];
  t.ok(Array.isArray(stuck), 'every other task in D is listed too');
  t.notOk(
    stuck.some((x) => tasks.some((y) => y.tid === x.tid)),
    'no task twice',
  );
  t.ok(c?.recovery.clean);
  t.same(fixtureMounts(removedDir(c?.recovery.actions)), [], 'no fixture mount left');
});

t.test('a case that needs root is skipped with the reason when run as nobody', async (t) => {
  const r = await execa(
    'setpriv',
    [
      '--reuid',
      '65534',
      '--regid',
      '65534',
      '--clear-groups',
      process.execPath,
      CLI,
      'run',
      'pass',
      'hangs',
      '--timeout-scale',
      '0.01',
    ],
    { reject: false },
  );
  t.equal(r.exitCode, 1, 'hangs still runs and times out');
  t.match(r.stdout, /^# pass: skipped: needs root\nok 1 pass # SKIP$/m);
  t.match(r.stdout, /^# hangs: outcome timeout\n(# .*\n)*not ok 2 hangs$/m);
});

t.test('the case process itself in D: timed out, evidence, recovered', async (t) => {
  // 60 s x 0.15: room for the fixture's holder, mount and stat to be in place
  // before the timeout on a loaded machine (at 3 s the timeout sometimes came
  // first, and the evidence had no case process in D yet)
  const { r, json } = await runJson(['stuck-self', '--timeout-scale', '0.15']);
  t.equal(r.exitCode, 1);
  const c = json.cases[0];
  t.equal(c?.outcome, 'timeout');
  const tasks = c?.evidence.tasks as { comm: string; state: string; stack: string[] }[];
  t.ok(
    // in fuse_lock_inode behind the stat that holds the directory, or in fuse_get_req
    tasks.some(
      (x) => x.comm === 'node' && x.state === 'D' && x.stack.some((f) => f.startsWith('fuse_')),
    ),
    'the case process waits in FUSE code',
  );
  t.ok(c?.recovery.clean, JSON.stringify(c?.recovery));
  t.ok(c?.recovery.actions.some((a) => a.startsWith('aborted conn ')));
  t.same(fixtureMounts(removedDir(c?.recovery.actions)), [], 'no fixture mount left');
});
