// Every word an injected errno can come back as, from client reports, with
// the vacuous rows (client never ran, fault never hit) inconclusive.
import t from 'tap';
import { opOutcome, worstOf, type OpObservation } from '../../../harness/check/errno-outcome.js';
import { outcomeOf } from '../../../harness/check/checks/error-propagation.js';
import type { ClientReport } from '../../../harness/clients/index.js';

let ts = 0;
// one step as the client reports it: the `enter` line, then the result or errno
const step = (s: string, errno?: string): ClientReport[] => [
  { step: s, syscall: s, enter: true, ts: ts++ },
  errno ? { step: s, syscall: s, errno, ts: ts++ } : { step: s, syscall: s, result: 0, ts: ts++ },
];
const obs = (step: string, hits: number, reports?: ClientReport[]): OpObservation => ({
  op: 'x',
  injected: 'EIO',
  step,
  hits,
  reports,
});

const rows: { name: string; o: OpObservation; outcome: string }[] = [
  { name: 'client never ran', o: obs('write', 1, undefined), outcome: 'inconclusive' },
  {
    name: 'fault never hit, every call succeeded',
    o: obs('write', 0, [...step('open'), ...step('write'), ...step('close')]),
    outcome: 'inconclusive',
  },
  {
    name: 'fault never hit, yet the call failed',
    o: obs('write', 0, [...step('open'), ...step('write', 'EIO'), ...step('close')]),
    outcome: 'inconclusive',
  },
  {
    name: 'client died in the step',
    o: obs('write', 1, [...step('open'), step('write')[0]!]),
    outcome: 'inconclusive',
  },
  {
    name: 'the step returned it',
    o: obs('write', 1, [...step('open'), ...step('write', 'EIO'), ...step('close')]),
    outcome: 'propagated',
  },
  {
    name: 'a later close returned it',
    o: obs('write', 2, [...step('open'), ...step('write'), ...step('close', 'EIO')]),
    outcome: 'deferred:CLOSE',
  },
  {
    name: 'a later read returned it (lazy open)',
    o: obs('open', 1, [
      ...step('open'),
      ...step('fadvise'),
      ...step('read', 'EIO'),
      ...step('close'),
    ]),
    outcome: 'deferred:READ',
  },
  {
    name: 'another errno',
    o: obs('write', 1, [...step('open'), ...step('write', 'EPERM'), ...step('close')]),
    outcome: 'changed:EPERM',
  },
  {
    name: 'an earlier call returned it',
    o: obs('read', 1, [...step('open', 'EIO')]),
    outcome: 'early:OPEN',
  },
  {
    name: 'every call succeeded',
    o: obs('write', 1, [...step('open'), ...step('write'), ...step('close')]),
    outcome: 'lost',
  },
  {
    name: 'close is the step and succeeded',
    o: obs('close', 1, [...step('open'), ...step('write'), ...step('close')]),
    outcome: 'lost',
  },
  {
    name: 'O_DIRECT refused',
    o: { ...obs('read', 0, [...step('open', 'EINVAL')]), refusedBy: 'EINVAL' },
    outcome: 'unsupported',
  },
  {
    name: 'open failed otherwise before the fault',
    o: obs('read', 0, [...step('open', 'EACCES')]),
    outcome: 'inconclusive',
  },
];

for (const r of rows) {
  t.test(r.name, async (t) => {
    t.equal(opOutcome(r.o).outcome, r.outcome);
  });
}

t.test(
  'the check takes the worst op; inconclusive wins; nothing measured is inconclusive',
  async (t) => {
    t.equal(worstOf(['propagated', 'deferred:CLOSE', 'unsupported']), 'deferred');
    t.equal(worstOf(['propagated', 'lost', 'changed:EPERM']), 'lost');
    t.equal(worstOf(['lost', 'inconclusive']), 'inconclusive');
    t.equal(worstOf(['unsupported']), 'inconclusive');
    t.equal(worstOf([]), 'inconclusive');
    const r = outcomeOf([
      { ...rows[4]!.o, op: 'write:EIO' },
      { ...rows[9]!.o, op: 'flush' },
    ]);
    t.equal(r.outcome, 'lost');
    t.equal(r.summary, 'write:EIO propagated, flush lost');
    t.same(r.evidence.ops, { 'write:EIO': 'propagated', flush: 'lost' });
    t.equal(outcomeOf([]).outcome, 'inconclusive');
  },
);
