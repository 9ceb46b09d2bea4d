// Every mistake a user made on the command line, one row each: exit 2, exactly
// one line on stderr saying what is wrong, nothing on stdout, and nothing
// mounted or started. Each row runs in a directory of its own (the serve
// mountpoint, TMPDIR for what a run would mount, the cache a matrix would
// fill), so "nothing mounted" is checked there and other tests' mounts on
// this machine do not count.
import t from 'tap';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { CLI } from '../helpers.js';
import { FIXTURE_CASES } from '../harness/recovery/machine.js';
import { mountsBelow } from '../../src/mount/mountinfo.js';

interface Row {
  /** the arguments; DIR is the row's own directory, MNT an empty one in it */
  argv: string[];
  /** the one stderr line, after 'fusefault: ' */
  says: RegExp;
}

// Rows that could boot a guest if their check were missing also name an
// unknown case (`--case no-such-case`, checked after the option under test),
// so a missing check fails the row on its message instead of starting work.
const NET = ['--case', 'no-such-case'];
const SID = ['--kernel', 'debian:sid'];

const rows: Row[] = [
  // serve: numbers that used to become 0 or NaN, specs taken loosely
  ...['abc', '-1', '1.5', '1e3', ' 1'].map((v) => ({
    argv: ['serve', 'MNT', '--seed', v],
    says: /^--seed must be a whole number from 0 to 4294967295, not '.*'$/,
  })),
  { argv: ['serve', 'MNT', '--seed'], says: /^--seed needs a value$/ },
  {
    argv: ['serve', 'MNT', '--backend', 'raw', '--backend', 'fuse-native'],
    says: /^--backend given 2 times/,
  },
  {
    argv: ['serve', 'MNT', '--backend', 'fuse'],
    says: /^--backend must be one of raw, fuse-native/,
  },
  { argv: ['serve', 'MNT', '--seed', '1', '--seed', '2'], says: /^--seed given 2 times/ },
  { argv: ['serve', 'MNT', '--request-timeout', 'abc'], says: /^--request-timeout must be/ },
  { argv: ['serve', 'MNT', '--request-timeout', '65536'], says: /^--request-timeout must be/ },
  { argv: ['serve', 'MNT', '--request-timeout'], says: /^--request-timeout needs a value$/ },
  { argv: ['serve', 'MNT', '--fault='], says: /^--fault needs a value$/ },
  { argv: ['serve', 'MNT', '--fault', ''], says: /^--fault needs a value$/ },
  {
    argv: ['serve', 'MNT', '--fault=flush:stall\nx'],
    says: /^bad fault spec 'flush:stall\\nx': a blank inside the spec/,
  },
  { argv: ['serve', 'MNT', '--fault', 'getattr:delay= 5ms'], says: /^bad fault spec .*a blank/ },
  { argv: ['serve', 'MNT', '--fault', 'write:errno=e\u0131o'], says: /unknown errno 'e\u0131o'/ },
  // run
  { argv: ['run', '--', '-x'], says: /^unknown case -x; known: / },
  { argv: ['run', '\n'], says: /^unknown case \\n; known: / },
  { argv: ['run', 'pass', '--expect'], says: /^--expect needs a value$/ },
  {
    argv: ['run', 'pass', '--expect', 'measured', '--expect', 'pass=unmeasured'],
    says: /^--expect 'pass=unmeasured': pass is already expected measured$/,
  },
  ...['Infinity', '1e309', '0', 'abc', '-1'].map((v) => ({
    argv: ['run', 'pass', '--timeout-scale', v],
    says: /^--timeout-scale must be a number above 0 and at most 100, not '.*'$/,
  })),
  { argv: ['run', 'pass', '--timeout-scale'], says: /^--timeout-scale needs a value$/ },
  { argv: ['run', 'pass', '--json'], says: /^--json needs a value$/ },
  { argv: ['run', 'pass', '--json', '/proc/nope/r.json'], says: /^--json .*cannot write there/ },
  { argv: ['run', 'pass', '--json', 'a', '--json', 'b'], says: /^--json given 2 times/ },
  { argv: ['run', 'pass', '--bogus'], says: /^Unknown argument: bogus$/ },
  { argv: ['run', 'pass', 'throws', 'pass'], says: /^case 'pass' given twice$/ },
  { argv: ['run', 'pass', '--html', '/proc/nope/r.html'], says: /^--html .*cannot write there/ },
  {
    argv: ['run', 'pass', '--html', 'DIR/r', '--json', 'DIR/r'],
    says: /^--json and --html name the same file/,
  },
  // demo: one known case; --step needs a terminal (here stdin is a pipe)
  { argv: ['demo'], says: /^Not enough non-option arguments/ },
  { argv: ['demo', 'nope'], says: /^unknown case nope; known: / },
  { argv: ['demo', 'pass', 'throws'], says: /^Unknown argument: throws$/ },
  { argv: ['demo', 'pass', '--', 'throws'], says: /^demo runs one case; also given: throws$/ },
  { argv: ['demo', 'pass', '--step'], says: /^--step waits for Enter: stdin must be a terminal$/ },
  {
    argv: ['demo', 'pass', '--step', '--pace', '10'],
    says: /^--step and --pace exclude each other/,
  },
  ...['x', '-1', '1.5', '60001'].map((v) => ({
    argv: ['demo', 'pass', '--pace', v],
    says: /^--pace must be a whole number from 0 to 60000, not '.*'$/,
  })),
  { argv: ['demo', 'pass', '--timeout-scale', '0'], says: /^--timeout-scale must be a number/ },
  // report: what it reads, what it writes
  {
    argv: ['report', 'DIR/none.json', '--html', 'DIR/r.html'],
    says: /^cannot read '.*\/none\.json' \(ENOENT\)$/,
  },
  { argv: ['report', 'DIR/not-a-kernel', '--html', 'DIR/r.html'], says: /is not JSON$/ },
  {
    argv: ['report', 'DIR/not-ours.json', '--svg', 'DIR/r.svg'],
    says: /^'.*not-ours\.json' is not the JSON of fusefault run --json or matrix --json$/,
  },
  {
    argv: ['report', 'DIR/not-ours.json'],
    says: /^say what to write: --html FILE and\/or --svg FILE$/,
  },
  { argv: ['report', 'DIR/not-ours.json', '--html', 'DIR'], says: /^--html .* is a directory$/ },
  {
    argv: ['report', 'DIR/not-ours.json', '--html', 'DIR/a', '--svg', 'DIR/a'],
    says: /^--html and --svg name the same file/,
  },
  { argv: ['report'], says: /^Not enough non-option arguments/ },
  // matrix: every number, before anything is fetched or booted
  ...['abc', '0', '-1', '1.5', '1e9', 'Infinity'].map((v) => ({
    argv: ['matrix', ...SID, '--parallel', v, ...NET],
    says: /^--parallel must be a whole number from 1 to 64, not '.*'$/,
  })),
  { argv: ['matrix', ...SID, '--retries', 'abc', ...NET], says: /^--retries must be a whole/ },
  { argv: ['matrix', ...SID, '--memory', '-1', ...NET], says: /^--memory must be a whole/ },
  { argv: ['matrix', ...SID, '--cpus', '0', ...NET], says: /^--cpus must be a whole/ },
  { argv: ['matrix', ...SID, '--timeout-scale', '0', ...NET], says: /^--timeout-scale must be/ },
  {
    argv: ['matrix', ...SID, '--accel', 'qemu', ...NET],
    says: /^--accel must be one of kvm, tcg, not 'qemu'$/,
  },
  { argv: ['matrix', ...SID, '--accel', 'kvm', '--accel', 'tcg', ...NET], says: /given 2 times/ },
  { argv: ['matrix', ...SID, '--case', 'UNKNOWN'], says: /^unknown case 'UNKNOWN'; known: / },
  { argv: ['matrix', ...SID, '--case', 'pass', '--case', 'pass'], says: /^--case 'pass' given tw/ },
  { argv: ['matrix', ...SID, '--json', '/proc/nope/m.json', ...NET], says: /^--json .*cannot/ },
  { argv: ['matrix', ...SID, '--markdown', 'DIR', ...NET], says: /^--markdown .* is a directory$/ },
  {
    argv: ['matrix', ...SID, '--log-dir', '/proc/nope'],
    says: /^--log-dir '\/proc\/nope': cannot/,
  },
  {
    argv: ['matrix', '--kernel', 'file:/nonexistent/bzImage', '--log-dir', '/proc/nope'],
    says: /^kernel 'file:\/nonexistent\/bzImage': \/nonexistent\/bzImage does not exist$/,
  },
  { argv: ['matrix', '--kernel', 'file:DIR/not-a-kernel'], says: /is not an x86 bzImage$/ },
  { argv: ['matrix', '--kernel', 'build:nope'], says: /^kernel 'build:nope': no such recipe/ },
  { argv: ['matrix', '--kernel', 'debian:sid\n'], says: /^kernel spec 'debian:sid\\n': expected/ },
  { argv: ['matrix', ...SID, ...SID], says: /^--kernel 'debian:sid' given twice$/ },
  { argv: ['matrix', '--kernel'], says: /^--kernel needs a value$/ },
  { argv: ['matrix'], says: /^Missing required argument: kernel$/ },
  // kernel, kernels, list, and no command at all
  { argv: ['kernel', 'nope'], says: /^Invalid values: Argument: action, Given: "nope"/ },
  { argv: ['kernel', 'build', 'nope'], says: /^unknown kernel recipe 'nope' \(known: 6\.1/ },
  { argv: ['kernel', 'build', '6.1', '6.1'], says: /^recipe '6\.1' given twice$/ },
  { argv: ['kernel', 'build', '6.1', '--jobs', '0'], says: /^--jobs must be a whole number/ },
  { argv: ['kernels', 'extra'], says: /^Unknown argument: extra$/ },
  { argv: ['list', '--json'], says: /^Unknown argument: json$/ },
  { argv: [], says: /^name a command/ },
];

interface Outcome {
  dir: string;
  exitCode?: number;
  stdout: string;
  stderr: string;
  mounts: string[];
  mntEntries: string[];
}

// One row in a directory of its own; whatever it started is stopped after.
async function runRow(row: Row): Promise<Outcome> {
  const dir = mkdtempSync(join(tmpdir(), 'fusefault-bad-input-'));
  mkdirSync(join(dir, 'mnt'));
  writeFileSync(join(dir, 'not-a-kernel'), 'hello\n');
  writeFileSync(join(dir, 'not-ours.json'), '{"ev":"request","ts":1}\n');
  const argv = row.argv.map((a) => a.replace('MNT', join(dir, 'mnt')).replace('DIR', dir));
  const p = execa(process.execPath, [CLI, ...argv], {
    reject: false,
    detached: true, // its own process group: stopped as a whole below
    timeout: 60_000,
    env: { TMPDIR: dir, XDG_CACHE_HOME: dir, FUSEFAULT_CASES_DIR: FIXTURE_CASES },
  });
  const r = await p;
  try {
    if (p.pid !== undefined) process.kill(-p.pid, 'SIGTERM');
  } catch {
    /* ESRCH: nothing of it is left, as it should be */
  }
  return {
    dir,
    exitCode: r.exitCode,
    stdout: String(r.stdout),
    stderr: String(r.stderr),
    mounts: mountsBelow(dir).map((m) => m.mountpoint),
    mntEntries: readdirSync(join(dir, 'mnt')),
  };
}

// Two rows at a time: each start of the CLI costs about half a second.
async function runAll(all: Row[], jobs: number): Promise<Outcome[]> {
  const out: Outcome[] = new Array(all.length);
  let next = 0;
  const worker = async () => {
    while (next < all.length) {
      const i = next++;
      out[i] = await runRow(all[i]!);
    }
  };
  await Promise.all(Array.from({ length: jobs }, worker));
  return out;
}

const outcomes = await runAll(rows, 2);

for (const [i, row] of rows.entries()) {
  const o = outcomes[i]!;
  t.test(JSON.stringify(row.argv), async (t) => {
    t.teardown(() => rmSync(o.dir, { recursive: true, force: true }));
    t.equal(o.exitCode, 2, 'exit 2');
    const lines = o.stderr.split('\n');
    t.equal(lines.length, 1, `one line on stderr: ${o.stderr}`);
    t.match(lines[0], /^fusefault: /);
    t.match(lines[0]!.slice('fusefault: '.length), row.says);
    t.equal(o.stdout, '', 'nothing on stdout');
    t.same(o.mounts, [], 'nothing mounted');
    t.same(o.mntEntries, [], 'the mountpoint untouched');
  });
}
