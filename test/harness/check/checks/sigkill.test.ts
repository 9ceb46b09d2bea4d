// sigkill decides per held operation: dead at once (killable), only once the
// stall was released (how long after is said), or not even then.
import t from 'tap';
import { opOutcome, outcomeOf } from '../../../../harness/check/checks/sigkill.js';
import type { Signalled } from '../../../../harness/check/held.js';
import {
  blocked,
  exited,
  held,
  returned,
  undecidedObs,
  VACUOUS,
  table,
  type Row,
} from '../observed.js';

const rows: Row<Signalled>[] = [
  ...VACUOUS.map((v) => ({ name: v.name, o: v.held, outcome: 'inconclusive', says: v.says })),
  {
    name: 'dead at once',
    o: { ...held('read-buffered'), afterSignal: exited('SIGKILL', 4) },
    outcome: 'killable',
    says: /exited by SIGKILL in 4 ms/,
  },
  {
    name: 'dead only after the release',
    o: {
      ...held('write-close', 'close'),
      afterSignal: blocked('D', 1000),
      afterRelease: exited('SIGKILL', 6),
    },
    outcome: 'unkillable-until-release',
    says: /SIGKILL: blocked in D for 1000 ms; exited 6 ms after release/,
  },
  {
    name: 'alive after the release too',
    o: { ...held('open', 'open'), afterSignal: blocked('D'), afterRelease: blocked('D') },
    outcome: 'unkillable',
  },
  {
    name: 'the syscall returned before the SIGKILL landed',
    o: { ...held('open', 'open'), afterSignal: returned('open', 3) },
    outcome: 'inconclusive',
    says: /before SIGKILL took effect/,
  },
  {
    name: 'no stable state after SIGKILL',
    o: { ...held('open', 'open'), afterSignal: undecidedObs },
    outcome: 'inconclusive',
  },
];

table(rows, opOutcome);

t.test('the check takes the worst operation measured', async (t) => {
  const v = outcomeOf([
    { ...held('read-buffered'), afterSignal: exited('SIGKILL') },
    { ...held('stat'), afterSignal: blocked(), afterRelease: exited('SIGKILL') },
    VACUOUS[1]!.held,
  ]);
  t.equal(v.outcome, 'unkillable-until-release');
  t.equal(outcomeOf([VACUOUS[3]!.held]).outcome, 'inconclusive');
});
