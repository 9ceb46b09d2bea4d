import t from 'tap';
import { tapCase, tapHeader } from '../../../harness/runner/tap.js';
import type { CaseResult } from '../../../harness/runner/types.js';

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

t.test('header: version, plan after the kernel comment', async (t) => {
  const h = tapHeader(3, {
    release: 'r',
    version: 'v',
    preempt: 'full',
    requestTimeoutSysctls: true,
  });
  t.equal(h[0], 'TAP version 13');
  t.equal(h.at(-1), '1..3');
});

t.test('an ok case: outcome in the directive, YAML block between --- and ...', async (t) => {
  const l = tapCase(1, base);
  t.equal(l[0], 'ok 1 - c # outcome=deadlock');
  t.equal(l[1], '  ---');
  t.equal(l.at(-1), '  ...');
  t.ok(l.includes('  summary: "leader zombie"'));
  t.ok(l.includes('    - "aborted conn 41"'));
  t.ok(l.includes('    "conn": 41'));
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
  t.equal(l[0], 'not ok 2 - c # outcome=deadlock');
  t.ok(l.includes('  expected: "no-deadlock"'));
  t.ok(l.includes('  error: "boom"'));
  t.ok(l.includes('  recovery: "leftovers"'));
  t.ok(l.includes('    - "mount left: /x"'));
});

t.test('a skipped case is one line with the skip directive', async (t) => {
  t.same(tapCase(3, { ...base, outcome: 'skipped', skip: 'needs root' }), [
    'ok 3 - c # SKIP needs root',
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
