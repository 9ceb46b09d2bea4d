// recovery: after the release, fresh clients probe the mount; any probe left
// blocked is `stuck`, one that failed is `fails:<ERRNO>`, all answered is
// `recovers`; without a held client there is nothing to recover from.
import t from 'tap';
import {
  opOutcome,
  outcomeOf,
  type RecoveryObservation,
} from '../../../../harness/check/checks/recovery.js';
import { blocked, exited, held, returned, VACUOUS, table, type Row } from '../observed.js';

const ok = [
  { what: 'stat', o: returned('stat#0', 0) },
  { what: 'write+close', o: returned('close', 0) },
  { what: 'read', o: returned('close', 0) },
];
const base = { ...held('stat', 'stat#1'), drained: returned('stat#1', 0) };

const rows: Row<RecoveryObservation>[] = [
  ...VACUOUS.map((v) => ({
    name: v.name,
    o: { ...v.held, probes: ok },
    outcome: 'inconclusive',
    says: v.says,
  })),
  { name: 'every probe answered', o: { ...base, probes: ok }, outcome: 'recovers' },
  {
    name: 'a probe sits blocked',
    o: { ...base, probes: [ok[0]!, { what: 'write+close', o: blocked('S', 2000) }] },
    outcome: 'stuck',
    says: /write\+close blocked in S/,
  },
  {
    name: 'a probe failed',
    o: {
      ...base,
      probes: [{ what: 'stat', o: returned('stat#0', 'EIO'), errno: 'EIO' }, ok[1]!],
    },
    outcome: 'fails:EIO',
  },
  {
    name: 'a probe exited on an error before its last step',
    o: { ...base, probes: [{ what: 'read', o: exited(1), errno: 'ENOTCONN' }] },
    outcome: 'fails:ENOTCONN',
  },
  {
    name: 'no probe ran',
    o: { ...base, probes: [] },
    outcome: 'inconclusive',
    says: /no probe/,
  },
];

table(rows, opOutcome);

t.test('the worst operation measured decides', async (t) => {
  const stuck = { ...base, op: 'open', probes: [{ what: 'stat', o: blocked('D') }] };
  t.equal(outcomeOf([{ ...base, probes: ok }, stuck]).outcome, 'stuck');
  t.equal(outcomeOf([{ ...VACUOUS[0]!.held, probes: [] }]).outcome, 'inconclusive');
});
