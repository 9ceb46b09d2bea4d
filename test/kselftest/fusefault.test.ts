import t from 'tap';
import { accessSync, constants, readFileSync, readlinkSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { caseIds, loadCases } from '../../harness/runner/discover.js';
import { FIXTURE_CASES } from '../harness/recovery/machine.js';
import { kselftestWrap, lkftParse } from './lkft-parse.js';

// kselftest/fusefault in the checkout (tests run from dist/test/kselftest)
const DIR = fileURLToPath(new URL('../../../kselftest/fusefault/', import.meta.url));
const SCRIPT = join(DIR, 'fusefault-case.sh');

// `make` variable NAME of the collection's Makefile, as words
function makeVar(name: string): string[] {
  const text = readFileSync(join(DIR, 'Makefile'), 'utf8').replace(/\\\n/g, ' ');
  const m = new RegExp(`^${name}\\s*:=(.*)$`, 'm').exec(text);
  return m ? m[1]!.trim().split(/\s+/) : [];
}

t.test('one kselftest program per case, each a link to fusefault-case.sh', async (t) => {
  const ids = caseIds();
  t.ok(ids.length >= 8);
  t.same(
    makeVar('TEST_PROGS'),
    ids.map((id) => `${id}.sh`),
    'TEST_PROGS is every case',
  );
  t.same(makeVar('TEST_FILES'), ['fusefault-case.sh']);
  t.match(readFileSync(join(DIR, 'Makefile'), 'utf8'), /^include \.\.\/lib\.mk$/m);
  for (const id of ids) t.equal(readlinkSync(join(DIR, `${id}.sh`)), 'fusefault-case.sh', id);
  t.doesNotThrow(() => accessSync(SCRIPT, constants.X_OK), 'executable');
});

t.test(
  "settings: kselftest's timeout outlasts every case's own, with room to recover",
  async (t) => {
    const timeout = Number(
      /^timeout=(\d+)$/m.exec(readFileSync(join(DIR, 'settings'), 'utf8'))?.[1],
    );
    const longest = Math.max(...(await loadCases()).map((c) => c.def.timeoutMs / 1000));
    t.ok(timeout >= longest + 60, `timeout=${timeout} s, longest case ${longest} s`);
  },
);

// A program run as kselftest's runner.sh runs it: from its directory, stderr
// merged into stdout, its output nested under `# `, the outer result from
// its exit code.
async function runAsKselftest(dir: string, prog: string) {
  const r = await execa('sh', ['-c', `./${prog} 2>&1`], {
    cwd: dir,
    reject: false,
    timeout: 120_000,
    env: { ...process.env, FUSEFAULT_CASES_DIR: FIXTURE_CASES, FUSEFAULT: '' },
  });
  return {
    rc: r.exitCode,
    lines: kselftestWrap('fusefault', prog, r.stdout.split('\n'), r.exitCode ?? -1),
  };
}

t.test('fixed, affected, skipped: what LKFT makes of each program', async (t) => {
  // links named after fixture cases to the checkout's script, which finds
  // this checkout's fusefault through the link
  const dir = t.testdir({});
  for (const id of ['pass', 'stuck', 'vm-only']) symlinkSync(SCRIPT, join(dir, `${id}.sh`));
  const rows = [
    ['pass', 0, 'pass'],
    ['stuck', 1, 'fail'],
    ['vm-only', 4, 'skip'],
  ] as const;
  for (const [id, rc, verdict] of rows) {
    const r = await runAsKselftest(dir, `${id}.sh`);
    t.equal(r.rc, rc, `${id}: exit ${rc}`);
    t.ok(r.lines.includes('# KTAP version 1'), `${id}: KTAP nested`);
    t.same(
      lkftParse(r.lines),
      [`fusefault_${id}_sh_${id} ${verdict}`, `fusefault_${id}_sh ${verdict}`],
      `${id}: the case and its program, each by a name that never changes`,
    );
  }
});
