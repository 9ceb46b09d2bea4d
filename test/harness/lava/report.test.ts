import t from 'tap';
import type { CaseResult, RunResult } from '../../../harness/runner/types.js';
import { lavaName, reportSteps } from '../../../harness/lava/report.js';
import { loadCases } from '../../../harness/runner/discover.js';
import { regressVerdict } from '../../../harness/runner/regress.js';

const clean = { clean: true, actions: [], leftovers: [] };
const deadlock: CaseResult = {
  id: 'netflix-flush-on-exit',
  outcome: 'deadlock',
  summary: 'plain: deadlock (D in fuse_flush)',
  evidence: {},
  durationMs: 44_581,
  recovery: clean,
  ok: true,
};
const run: RunResult = {
  kernel: {
    release: '6.1.0-57-cloud-amd64',
    version: '#1',
    preempt: 'voluntary',
    fuseProtocolMinor: 38,
    requestTimeoutSysctls: false,
  },
  startedAt: '2026-01-01T00:00:00Z',
  cases: [
    deadlock,
    {
      ...deadlock,
      id: 'request-timeout-breaks-deadlock',
      outcome: 'not-applicable',
      durationMs: 20,
    },
  ],
};
// the cases' own regression semantics, judged as the guest does
const defs = new Map(
  (await loadCases(['netflix-flush-on-exit', 'request-timeout-breaks-deadlock'])).map((c) => [
    c.id,
    c.def,
  ]),
);
const calls = (steps: ReturnType<typeof reportSteps>) =>
  steps.flatMap((s) => ('argv' in s ? [s.argv.join(' ')] : []));

t.test(
  'one entry per case by id with verdict and duration, then the outcomes as a set',
  async (t) => {
    const steps = reportSteps(
      run,
      ['netflix-flush-on-exit', 'request-timeout-breaks-deadlock'],
      regressVerdict,
      defs,
    );
    t.same(calls(steps), [
      'lava-test-case netflix-flush-on-exit --result fail --measurement 44.6 --units s',
      'lava-test-case request-timeout-breaks-deadlock --result skip --measurement 0.0 --units s',
      'lava-test-set start outcome',
      'lava-test-case netflix-flush-on-exit.deadlock --result fail',
      'lava-test-case request-timeout-breaks-deadlock.not-applicable --result skip',
      'lava-test-set stop',
    ]);
    const echoes = steps.flatMap((s) => ('echo' in s ? [s.echo] : []));
    t.equal(echoes[0], '# kernel 6.1.0-57-cloud-amd64 preempt=voluntary fuse=7.38');
    t.ok(echoes.includes('# netflix-flush-on-exit: deadlock: plain: deadlock (D in fuse_flush)'));
  },
);

t.test(
  'a case the run has no result for fails, and no result at all fails every case',
  async (t) => {
    t.same(
      calls(reportSteps({ ...run, cases: [] }, ['netflix-flush-on-exit'], regressVerdict, defs)),
      ['lava-test-case netflix-flush-on-exit --result fail'],
    );
    const none = reportSteps(undefined, ['a', 'b'], regressVerdict, defs);
    t.same(calls(none), ['lava-test-case a --result fail', 'lava-test-case b --result fail']);
    t.match(none[0], { echo: /a: no result \(the run gave none\)/ });
  },
);

t.test('a result with no case definition to judge it by fails', async (t) => {
  const steps = reportSteps(run, ['netflix-flush-on-exit'], regressVerdict, new Map());
  t.same(calls(steps).slice(0, 1), [
    'lava-test-case netflix-flush-on-exit --result fail --measurement 44.6 --units s',
  ]);
  t.ok(steps.some((s) => 'echo' in s && /no case definition/.test(s.echo)));
});

t.test('names keep only what LAVA accepts in a test case id', async (t) => {
  t.equal(lavaName('netflix-flush-on-exit.no-deadlock'), 'netflix-flush-on-exit.no-deadlock');
  t.equal(lavaName('a b/c=d'), 'a_b_c_d');
});
