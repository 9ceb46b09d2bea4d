import t from 'tap';
import { Parser, type Result } from 'tap-parser';
import netflix from '../../../cases/netflix-flush-on-exit.js';
import { regressVerdict } from '../../../harness/runner/regress.js';
import { tapCase, tapHeader, type TapFormat } from '../../../harness/runner/tap.js';
import type { CaseResult } from '../../../harness/runner/types.js';
import { kselftestWrap, lkftParse } from '../../kselftest/lkft-parse.js';

const clean = { clean: true, actions: ['aborted conn 41'], leftovers: [] };
const base: CaseResult = {
  id: 'c',
  outcome: 'deadlock',
  summary: 'leader zombie',
  evidence: { conn: 41 },
  durationMs: 12,
  recovery: clean,
  ok: true,
};
const KERNEL = { release: 'r', version: 'v', preempt: 'full', requestTimeoutSysctls: true };

// node-tap's own parser: the results and the YAML it attaches to each
function tapParse(lines: string[]): { asserts: Result[]; ok: boolean; extra: string[] } {
  const p = new Parser();
  const asserts: Result[] = [];
  const extra: string[] = [];
  let ok = false;
  p.on('assert', (r: Result) => asserts.push(r));
  p.on('extra', (l: string) => extra.push(l));
  p.on('complete', (f: { ok: boolean }) => (ok = f.ok));
  p.end(`${lines.join('\n')}\n`);
  return { asserts, ok, extra };
}

t.test('header: version, plan, then the kernel comment', async (t) => {
  t.same(tapHeader(3, KERNEL).slice(0, 2), ['TAP version 13', '1..3']);
  t.same(tapHeader(3, KERNEL, 'ktap').slice(0, 2), ['KTAP version 1', '1..3']);
  t.equal(tapHeader(3, KERNEL)[2], '# kernel r v preempt=full');
});

t.test('TAP 13: diagnostics, a bare result line, then the YAML block', async (t) => {
  const l = tapCase(1, base);
  t.same(l.slice(0, 3), ['# c: outcome deadlock', '# c: summary: leader zombie', 'ok 1 c']);
  t.equal(l[3], '  ---');
  t.equal(l.at(-1), '  ...');
  t.ok(l.includes('  outcome: "deadlock"'));
  t.ok(l.includes('  summary: "leader zombie"'));
  t.ok(l.includes('    - "aborted conn 41"'));
  t.ok(l.includes('    "conn": 41'));
});

t.test('KTAP: everything in # lines before the result line, no YAML', async (t) => {
  const l = tapCase(1, base, 'ktap');
  t.equal(l.at(-1), 'ok 1 c');
  t.ok(
    l.slice(0, -1).every((x) => x.startsWith('# ')),
    'diagnostic lines only',
  );
  t.ok(l.includes('#    - "aborted conn 41"'));
  t.notOk(l.includes('  ---'));
});

t.test('not ok, with expected, error and leftovers', async (t) => {
  const r = {
    ...base,
    ok: false,
    expected: 'no-deadlock',
    error: 'boom\nstack',
    recovery: { clean: false, actions: [], leftovers: ['mount left: /x'] },
  };
  const l = tapCase(2, r);
  t.ok(l.includes('# c: outcome deadlock, expected no-deadlock'));
  t.ok(l.includes('# c: error: boom'));
  t.ok(l.includes('# c: recovery left: mount left: /x'));
  t.ok(l.includes('not ok 2 c'));
  t.ok(l.includes('  expected: "no-deadlock"'));
  t.ok(l.includes('  error: "boom"'));
  t.ok(l.includes('  recovery: "leftovers"'));
  t.ok(l.includes('    - "mount left: /x"'));
});

t.test('a skipped case: its reason in a # line, a bare SKIP directive', async (t) => {
  for (const format of ['tap', 'ktap'] as const)
    t.same(tapCase(3, { ...base, outcome: 'skipped', skip: 'needs root' }, format), [
      '# c: skipped: needs root',
      'ok 3 c # SKIP',
    ]);
});

t.test('task lists show the stuck tasks and count the rest; long values are cut', async (t) => {
  const tasks = [
    { tid: 7, comm: 'stat', state: 'D', stack: ['fuse_get_req', 'x'] },
    { tid: 8, comm: 'node', state: 'S', stack: [] },
  ];
  const l = tapCase(1, { ...base, evidence: { tasks, long: 'y'.repeat(1000) } });
  t.ok(l.includes('      - "7 stat D fuse_get_req < x"'));
  t.ok(l.includes('      - "1 more tasks in R/S"'));
  const long = l.find((x) => x.includes('"long"')) ?? '';
  t.ok(long.length < 400, 'cut');
  t.match(long, /\.\.\."$/);
});

t.test('the summary is never cut', async (t) => {
  const summary = 's'.repeat(1000);
  t.ok(tapCase(1, { ...base, summary }).includes(`  summary: "${summary}"`));
});

t.test('text that looks like a result to LKFT is kept from reading as one', async (t) => {
  const r = { ...base, summary: 'release took 12 ms; ok 3 x', evidence: { said: 'not ok 2 y' } };
  for (const format of ['tap', 'ktap'] as const) {
    const l = tapCase(1, r, format);
    t.same(lkftParse(l), ['_c pass'], `${format}: one result`);
    t.ok(l.includes('# c: summary: release took  12 ms; ok  3 x'), 'still readable');
  }
});

// [row, result]: each way the netflix case can end, under --regress
const ROWS: [string, Partial<CaseResult>, 'pass' | 'fail' | 'skip'][] = [
  ['deadlock', { outcome: 'deadlock' }, 'fail'],
  ['no-deadlock', { outcome: 'no-deadlock' }, 'pass'],
  ['mitigated', { outcome: 'mitigated' }, 'pass'],
  ['not-applicable', { outcome: 'not-applicable', summary: 'no such sysctl' }, 'skip'],
  ['skipped', { outcome: 'skipped', skip: 'needs root', summary: 'needs root' }, 'skip'],
  ['error', { outcome: 'error', error: 'Error: boom', summary: 'Error: boom' }, 'fail'],
  ['timeout', { outcome: 'timeout', error: 'no result after 240000 ms' }, 'fail'],
  [
    'unclean recovery',
    { outcome: 'no-deadlock', recovery: { clean: false, actions: [], leftovers: ['D 7'] } },
    'fail',
  ],
];
const ID = 'netflix-flush-on-exit';

function regressLines(row: Partial<CaseResult>, format: TapFormat): string[] {
  const r: CaseResult = { ...base, id: ID, ...row };
  r.verdict = regressVerdict(netflix, r);
  r.ok = r.verdict !== 'fail';
  return [...tapHeader(1, KERNEL, format), ...tapCase(1, r, format)];
}

t.test('--regress rows through node-tap: one name, ok/not ok/skip as meant', async (t) => {
  for (const format of ['tap', 'ktap'] as const) {
    for (const [row, r, verdict] of ROWS) {
      const { asserts, ok } = tapParse(regressLines(r, format));
      t.equal(asserts.length, 1, `${format} ${row}: one result`);
      const a = asserts[0]!;
      t.equal(a.name, ID, `${format} ${row}: the name is the case id`);
      t.equal(a.ok, verdict !== 'fail', `${format} ${row}: ok`);
      t.equal(Boolean(a.skip), verdict === 'skip', `${format} ${row}: skip`);
      t.equal(ok, verdict !== 'fail', `${format} ${row}: the run's result`);
      if (format === 'tap' && verdict !== 'skip')
        t.equal(a.diag?.outcome, r.outcome, `${row}: the YAML block is read as its diag`);
    }
  }
});

t.test('--regress rows through LKFT: the same test name for every outcome', async (t) => {
  for (const format of ['tap', 'ktap'] as const) {
    for (const [row, r, verdict] of ROWS) {
      const bare = lkftParse(regressLines(r, format));
      t.same(bare, [`_${ID} ${verdict}`], `${format} ${row}`);
      // as kselftest's runner.sh nests it (exit code as run.ts gives it)
      const rc = verdict === 'fail' ? 1 : verdict === 'skip' ? 4 : 0;
      const prog = `${ID}.sh`;
      t.same(
        lkftParse(kselftestWrap('fusefault', prog, regressLines(r, format), rc)),
        [`fusefault_${ID}_sh_${ID} ${verdict}`, `fusefault_${ID}_sh ${verdict}`],
        `${format} ${row} under runner.sh`,
      );
    }
  }
});

t.test('without --regress the old line named the test after its outcome', async (t) => {
  // what this format replaced, through the same parser: the name moved with the outcome
  t.same(lkftParse([`ok 6 - ${ID} # outcome=deadlock`]), [`_-_${ID}_outcome_deadlock pass`]);
  t.same(lkftParse([`ok 2 x # SKIP vm-only: no VM`]), ['_x_vm-only_no_VM skip']);
});
