// iouring-init-softlockup can lock a CPU for good, so outside a kernel-matrix
// guest it must not run at all: `fusefault run` skips it with the vm-only
// reason, starts no namespace, and recovery has nothing to do.
import t from 'tap';
import { loadCases } from '../../harness/runner/discover.js';
import { inMatrixVm } from '../../harness/runner/requirements.js';
import iouCase, { outcomeOf, type PlanSeen } from '../../cases/iouring-init-softlockup.js';
import { checkOutcomeTable, type Row } from './outcome-table.js';
import { checkExpected } from './expected.js';
import { runCase } from './run-case.js';

const ID = 'iouring-init-softlockup';

t.test('declared vm-only and root, with its outcomes', async (t) => {
  const [c] = await loadCases([ID]);
  t.same(c!.def.requires, { root: true, vmOnly: true });
  for (const o of ['soft-lockup', 'no-lockup', 'not-applicable']) {
    t.ok(c!.def.outcomes.includes(o), o);
  }
});

t.test('the outcome from the runs', async (t) => {
  const table: Row<PlanSeen>[] = [
    [
      'watchdog named the spin',
      { ended: 2, unused: 0, spin: { inZap: true, report: true } },
      'soft-lockup',
    ],
    [
      'spins, not named yet',
      { ended: 0, unused: 0, spin: { inZap: true, report: false } },
      'spinning',
    ],
    [
      'spins elsewhere',
      { ended: 0, unused: 0, spin: { inZap: false, report: true } },
      'inconclusive',
      /not in zap_pid_ns_processes/,
    ],
    ['every init ended', { ended: 9, unused: 0 }, 'no-lockup'],
    ['one client used no io_uring', { ended: 3, unused: 1 }, 'no-lockup'],
    ['no io_uring at all', { ended: 0, unused: 2 }, 'not-applicable'],
    [
      'an init hung otherwise',
      { ended: 4, unused: 0, stalled: true },
      'inconclusive',
      /neither ended nor spun/,
    ],
    // nothing ran
    ['no run finished', { ended: 0, unused: 0 }, 'inconclusive', /no run finished/],
  ];
  checkOutcomeTable(t, iouCase, outcomeOf, table);
});

t.test(
  'skipped here with the vm-only reason',
  { skip: inMatrixVm() && 'inside a guest' },
  async (t) => {
    const { result, tap } = await runCase(ID, 60_000);
    t.equal(result.outcome, 'skipped', tap);
    checkExpected(t, ID, result);
    t.match(result.skip, /^vm-only: /);
    t.ok(result.ok, 'a skip is not a failure');
    t.same(result.evidence, {}, 'nothing ran');
    t.same(result.recovery.actions, [], 'nothing to recover');
    t.match(tap, new RegExp(`^# ${ID}: skipped: vm-only.*\nok 1 ${ID} # SKIP$`, 'm'));
  },
);
