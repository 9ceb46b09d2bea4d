// interrupt decides per held operation from what SIGINT and the release did,
// and the check takes the worst operation measured; a client that never
// blocked, a stall never hit, a daemon already gone say inconclusive and why.
import t from 'tap';
import { opOutcome, outcomeOf } from '../../../../harness/check/checks/interrupt.js';
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
    name: 'SIGINT: the read returned EINTR',
    o: { ...held('read-direct'), afterSignal: returned('read', 'EINTR') },
    outcome: 'eintr',
    says: /SIGINT: returned EINTR/,
  },
  {
    name: 'SIGINT: returned another errno while the stall held',
    o: { ...held('read-direct'), afterSignal: returned('read', 'EIO') },
    outcome: 'returned:EIO',
  },
  {
    name: 'SIGINT: completed while the stall held',
    o: { ...held('open', 'open'), afterSignal: returned('open', 3) },
    outcome: 'returned:3',
  },
  {
    name: 'blocked through SIGINT, returned after the release',
    o: {
      ...held('stat', 'stat#2'),
      afterSignal: blocked('D'),
      afterRelease: returned('stat#2', 0),
    },
    outcome: 'completed-late',
    says: /SIGINT: blocked in D; release: returned 0/,
  },
  {
    name: 'still blocked after the release',
    o: { ...held('stat'), afterSignal: blocked('D'), afterRelease: blocked('D') },
    outcome: 'blocked',
  },
  {
    name: 'the client died of SIGINT despite its handler: not the kernel, not a word',
    o: { ...held('open'), afterSignal: exited('SIGINT') },
    outcome: 'inconclusive',
    says: /exited by SIGINT: a caught SIGINT cannot end a client/,
  },
  {
    name: 'the client died after the release without reporting its call',
    o: { ...held('open'), afterSignal: blocked('D'), afterRelease: exited('SIGKILL') },
    outcome: 'inconclusive',
    says: /release: exited by SIGKILL: a caught SIGINT cannot end a client/,
  },
  {
    name: 'no stable state after SIGINT',
    o: { ...held('open'), afterSignal: undecidedObs },
    outcome: 'inconclusive',
    says: /no stable state after SIGINT/,
  },
  {
    name: 'no stable state after the release',
    o: { ...held('open'), afterSignal: blocked('S'), afterRelease: undecidedObs },
    outcome: 'inconclusive',
    says: /after release/,
  },
];

table(rows, opOutcome);

t.test('the check takes the worst operation measured', async (t) => {
  const v = outcomeOf([
    { ...held('read-direct'), afterSignal: returned('read', 'EINTR') },
    { ...held('stat'), afterSignal: blocked(), afterRelease: returned('stat#0', 0) },
    VACUOUS[0]!.held,
  ]);
  t.equal(v.outcome, 'completed-late');
  t.match(
    v.summary,
    /read-direct: eintr.*stat: completed-late.*open: inconclusive \(the client never blocked\)/,
  );
});

t.test('nothing measured: inconclusive, with what was missing per operation', async (t) => {
  const v = outcomeOf(VACUOUS.map((x) => x.held));
  t.equal(v.outcome, 'inconclusive');
  t.match(v.summary, /never blocked.*daemon was already gone/);
  t.equal(outcomeOf([]).outcome, 'inconclusive');
});
