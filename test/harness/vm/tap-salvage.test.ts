import t from 'tap';
import { tapCase } from '../../../harness/runner/tap.js';
import type { CaseResult } from '../../../harness/runner/types.js';
import { TapSalvage } from '../../../harness/vm/tap-salvage.js';

const result = (r: Partial<CaseResult>): CaseResult => ({
  id: 'x',
  outcome: 'measured',
  summary: '',
  evidence: {},
  durationMs: 1,
  recovery: { clean: true, actions: [], leftovers: [] },
  ok: true,
  ...r,
});

t.test('points and their summaries, as the runner prints them', async (t) => {
  const s = new TapSalvage();
  for (const line of [
    'TAP version 13',
    '# pass: outcome measured',
    '# pass: summary: sleeper 135 left "running"',
    'ok 1 pass',
    '  ---',
    '  outcome: "measured"',
    '  summary: "not this one"',
    '  ...',
    '# vm-only: outcome timeout',
    '# vm-only: summary: no result after 2000 ms',
    'not ok 2 vm-only',
    '  ---',
    '  evidence:',
    '    "summary": "not this one"',
    '# state /tmp/x',
    '# skip: skipped: needs root',
    'ok 3 skip # SKIP',
    '[   9.1] INFO: task node:99 blocked for more than 120 seconds.',
  ]) {
    s.push(line);
  }
  t.same(
    [...s.cases.values()],
    [
      { id: 'pass', outcome: 'measured', summary: 'sleeper 135 left "running"', ok: true },
      { id: 'vm-only', outcome: 'timeout', summary: 'no result after 2000 ms', ok: false },
      { id: 'skip', outcome: 'skipped', summary: 'needs root', ok: true },
    ],
  );
});

t.test('reads back what tapCase writes, in both formats', async (t) => {
  for (const format of ['tap', 'ktap'] as const) {
    const s = new TapSalvage();
    const lines = [
      ...tapCase(1, result({ id: 'a', outcome: 'deadlock', summary: 'D in fuse_flush' }), format),
      ...tapCase(
        2,
        result({ id: 'b', outcome: 'skipped', summary: 'vm-only', skip: 'vm-only' }),
        format,
      ),
      ...tapCase(3, result({ id: 'c', outcome: 'timeout', summary: 'late', ok: false }), format),
    ];
    for (const l of lines) s.push(l);
    t.same(
      [...s.cases.values()].map((c) => [c.id, c.outcome, c.summary, c.ok]),
      [
        ['a', 'deadlock', 'D in fuse_flush', true],
        ['b', 'skipped', 'vm-only', true],
        ['c', 'timeout', 'late', false],
      ],
      format,
    );
  }
});
