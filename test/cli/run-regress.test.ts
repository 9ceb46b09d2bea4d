import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { Parser, type Result } from 'tap-parser';
import { dir } from 'tmp-promise';
import { CLI } from '../helpers.js';
import { FIXTURE_CASES } from '../harness/recovery/machine.js';
import { lkftParse } from '../kselftest/lkft-parse.js';
import type { RunResult } from '../../harness/runner/types.js';

// `fusefault run ARGS` with the fixture cases, or the real ones (real: true)
async function run(args: string[], { real = false } = {}) {
  const d = await dir({ unsafeCleanup: true });
  const file = join(d.path, 'run.json');
  const env = { ...process.env, FUSEFAULT_CASES_DIR: real ? '' : FIXTURE_CASES };
  const r = await execa(process.execPath, [CLI, 'run', ...args, '--json', file], {
    reject: false,
    timeout: 300_000,
    env,
  });
  let json: RunResult | undefined;
  try {
    json = JSON.parse(readFileSync(file, 'utf8')) as RunResult;
  } catch {
    json = undefined;
  }
  await d.cleanup();
  return { r, json, lines: r.stdout.split('\n') };
}

function tapAsserts(text: string): Result[] {
  const p = new Parser();
  const out: Result[] = [];
  p.on('assert', (a: Result) => out.push(a));
  p.end(text);
  return out;
}

t.test('--regress --format ktap: fixed ok, affected not ok, error not ok, skip', async (t) => {
  const { r, json, lines } = await run([
    '--regress',
    '--format',
    'ktap',
    'pass',
    'stuck',
    'throws',
    'vm-only',
  ]);
  t.equal(r.exitCode, 1, 'a case not ok');
  t.same(lines.slice(0, 2), ['KTAP version 1', '1..4']);
  t.same(
    lines.filter((l) => /^(not )?ok /.test(l)),
    ['ok 1 pass', 'not ok 2 stuck', 'not ok 3 throws', 'ok 4 vm-only # SKIP'],
  );
  t.notOk(lines.includes('  ---'), 'no YAML in KTAP');
  t.same(
    json?.cases.map((c) => [c.id, c.outcome, c.verdict, c.ok]),
    [
      ['pass', 'measured', 'pass', true],
      ['stuck', 'stuck', 'fail', false],
      ['throws', 'error', 'fail', false],
      ['vm-only', 'skipped', 'skip', true],
    ],
  );
  t.same(
    tapAsserts(r.stdout).map((a) => [a.name, a.ok, Boolean(a.skip)]),
    [
      ['pass', true, false],
      ['stuck', false, false],
      ['throws', false, false],
      ['vm-only', true, true],
    ],
    'node-tap reads the same',
  );
  t.same(
    lkftParse([...lines, ...r.stderr.split('\n')]),
    ['_pass pass', '_stuck fail', '_throws fail', '_vm-only skip'],
    'LKFT finds these four and nothing else, stderr merged in',
  );
});

t.test('--regress: every case skipped is exit 4, as kselftest counts a skip', async (t) => {
  const { r } = await run(['--regress', 'vm-only']);
  t.equal(r.exitCode, 4);
  t.match(r.stdout, /^ok 1 vm-only # SKIP$/m);
  t.equal((await run(['vm-only'])).r.exitCode, 0, 'without --regress a skip is 0');
});

t.test('--regress with --expect: one line, exit 2, nothing ran', async (t) => {
  const { r } = await run(['--regress', 'pass', '--expect', 'measured']);
  t.equal(r.exitCode, 2);
  t.equal(r.stderr.trim().split('\n').length, 1);
  t.match(r.stderr, /--regress and --expect exclude each other/);
  t.equal(r.stdout, '');
});

t.test('--format: one of tap, ktap', async (t) => {
  const { r } = await run(['--format', 'junit', 'pass']);
  t.equal(r.exitCode, 2);
  t.match(r.stderr, /--format must be one of tap, ktap, not 'junit'/);
  t.equal(r.stdout, '');
});

t.test('the real netflix case on this kernel (6.18 deadlocks): not ok, stable name', async (t) => {
  const { r, json, lines } = await run(['--regress', 'netflix-flush-on-exit'], { real: true });
  t.equal(r.exitCode, 1, r.stdout);
  t.ok(lines.includes('not ok 1 netflix-flush-on-exit'), 'the result line is the case id alone');
  const c = json?.cases[0];
  t.match(c?.outcome, /^(partial-)?deadlock$/, 'affected');
  t.equal(c?.verdict, 'fail');
  t.ok(c?.recovery.clean, 'recovered clean');
  t.ok(lines.includes(`# netflix-flush-on-exit: outcome ${c?.outcome}`), 'the outcome before it');
  t.same(lkftParse(lines), ['_netflix-flush-on-exit fail'], 'one LKFT result');
});
