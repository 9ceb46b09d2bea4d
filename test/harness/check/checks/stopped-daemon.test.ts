// stopped-daemon names the first signal after which the stat was over.
import {
  outcomeOf,
  type StoppedObservation,
} from '../../../../harness/check/checks/stopped-daemon.js';
import { blocked, exited, returned, undecidedObs, table, type Row } from '../observed.js';

const base = { daemonGone: false, stopped: true, blocked: { step: 'stat#0', state: 'S' } };
const rows: Row<StoppedObservation>[] = [
  {
    name: 'the daemon was already gone',
    o: { ...base, daemonGone: true, steps: [] },
    outcome: 'inconclusive',
    says: /already gone/,
  },
  {
    name: 'the daemon did not stop',
    o: { ...base, stopped: false, steps: [] },
    outcome: 'inconclusive',
    says: /did not stop/,
  },
  {
    name: 'the client never blocked (answered from a cache)',
    o: { daemonGone: false, stopped: true, steps: [] },
    outcome: 'inconclusive',
    says: /never blocked/,
  },
  {
    name: 'SIGINT returned EINTR',
    o: { ...base, steps: [{ signal: 'SIGINT', after: returned('stat#0', 'EINTR') }] },
    outcome: 'sigint',
  },
  {
    name: 'SIGKILL ended it',
    o: {
      ...base,
      steps: [
        { signal: 'SIGINT', after: blocked('D') },
        { signal: 'SIGKILL', after: exited('SIGKILL') },
      ],
    },
    outcome: 'sigkill',
    says: /SIGINT: blocked in D; SIGKILL: exited by SIGKILL/,
  },
  {
    name: 'only SIGCONT ended it',
    o: {
      ...base,
      steps: [
        { signal: 'SIGINT', after: blocked('D') },
        { signal: 'SIGKILL', after: blocked('D') },
        { signal: 'SIGCONT', after: exited('SIGKILL') },
      ],
    },
    outcome: 'sigcont',
  },
  {
    name: 'nothing ended it',
    o: {
      ...base,
      steps: [
        { signal: 'SIGINT', after: blocked('D') },
        { signal: 'SIGKILL', after: blocked('D') },
        { signal: 'SIGCONT', after: blocked('D') },
      ],
    },
    outcome: 'stuck',
  },
  {
    name: 'no stable state after a signal',
    o: { ...base, steps: [{ signal: 'SIGINT', after: undecidedObs }] },
    outcome: 'inconclusive',
  },
];

table(rows, outcomeOf);
