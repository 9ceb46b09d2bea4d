import t from 'tap';
import type { CaseResult } from '../../../harness/runner/types.js';
import { lavaVerdict } from '../../../harness/lava/verdict.js';

const result = (id: string, outcome: string, more: Partial<CaseResult> = {}): CaseResult => ({
  id,
  outcome,
  summary: '',
  evidence: {},
  durationMs: 1000,
  recovery: { clean: true, actions: [], leftovers: [] },
  ok: true,
  ...more,
});

t.test('affected outcomes fail, fixed ones pass, not-applicable skips', async (t) => {
  const table: Array<[string, string, string]> = [
    ['netflix-flush-on-exit', 'deadlock', 'fail'],
    ['netflix-flush-on-exit', 'partial-deadlock', 'fail'],
    ['netflix-flush-on-exit', 'no-deadlock', 'pass'],
    ['netflix-flush-on-exit', 'mitigated', 'pass'],
    ['netflix-flush-on-exit', 'inconclusive', 'fail'],
    ['request-timeout-breaks-deadlock', 'breaks', 'pass'],
    ['request-timeout-breaks-deadlock', 'does-not-break', 'fail'],
    ['request-timeout-breaks-deadlock', 'not-applicable', 'skip'],
    ['iouring-init-softlockup', 'skipped', 'skip'],
    ['netflix-flush-on-exit', 'timeout', 'fail'],
  ];
  for (const [id, outcome, want] of table)
    t.equal(lavaVerdict(undefined, result(id, outcome)), want, `${id} ${outcome}`);
});

t.test('an unclean recovery or an error fails whatever the outcome', async (t) => {
  const dirty = { clean: false, actions: [], leftovers: ['D task 12'] };
  t.equal(
    lavaVerdict(
      undefined,
      result('netflix-flush-on-exit', 'no-deadlock', { recovery: dirty, ok: false }),
    ),
    'fail',
  );
  t.equal(
    lavaVerdict(undefined, result('netflix-flush-on-exit', 'error', { error: 'boom', ok: false })),
    'fail',
  );
});

t.test('a case without regression semantics passes when it ran and recovered', async (t) => {
  t.equal(lavaVerdict(undefined, result('mmap-lock-cascade', 'cascade')), 'pass');
  t.equal(lavaVerdict(undefined, result('mmap-lock-cascade', 'cascade', { ok: false })), 'fail');
});
