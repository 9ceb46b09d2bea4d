// iouring-init-softlockup can lock a CPU for good, so outside a kernel-matrix
// guest it must not run at all: `fusefault run` skips it with the vm-only
// reason, starts no namespace, and recovery has nothing to do.
import t from 'tap';
import { loadCases } from '../../harness/runner/discover.js';
import { inMatrixVm } from '../../harness/runner/requirements.js';
import { runCase } from './run-case.js';

const ID = 'iouring-init-softlockup';

t.test('declared vm-only and root, with its outcomes', async (t) => {
  const [c] = await loadCases([ID]);
  t.same(c!.def.requires, { root: true, vmOnly: true });
  for (const o of ['soft-lockup', 'no-lockup', 'not-applicable']) {
    t.ok(c!.def.outcomes.includes(o), o);
  }
});

t.test(
  'skipped here with the vm-only reason',
  { skip: inMatrixVm() && 'inside a guest' },
  async (t) => {
    const { result, tap } = await runCase(ID, 60_000);
    t.equal(result.outcome, 'skipped', tap);
    t.match(result.skip, /^vm-only: /);
    t.ok(result.ok, 'a skip is not a failure');
    t.same(result.evidence, {}, 'nothing ran');
    t.same(result.recovery.actions, [], 'nothing to recover');
    t.match(tap, new RegExp(`^# ${ID}: skipped: vm-only.*\nok 1 ${ID} # SKIP$`, 'm'));
  },
);
