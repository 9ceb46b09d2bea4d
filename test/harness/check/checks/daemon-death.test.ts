// daemon-death reports what the held client saw once the daemon was killed,
// and says whether the mount was left and whether our cleanup removed it.
import { outcomeOf, type DeathObservation } from '../../../../harness/check/checks/daemon-death.js';
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

const base: DeathObservation = {
  ...held('stat', 'stat#0'),
  exitMs: 12,
  released: false,
  mountLeft: true,
  fresh: returned('stat#0', 'ENOTCONN'),
  cleanup: { removed: true, steps: ['fusermount -u: ok'] },
};

const rows: Row<DeathObservation>[] = [
  ...VACUOUS.map((v) => ({
    name: v.name,
    o: { ...v.held, released: false, mountLeft: false },
    outcome: 'inconclusive',
    says: v.says,
  })),
  {
    name: 'the held stat gets ENOTCONN, the mount is left and cleaned up',
    o: { ...base, heldAfter: returned('stat#0', 'ENOTCONN') },
    outcome: 'enotconn',
    says: /exited 12 ms after SIGKILL; a new stat: returned ENOTCONN; mount left behind; fusefault's cleanup removed it/,
  },
  {
    name: 'ECONNABORTED, and the daemon died only once the stall was released',
    o: { ...base, released: true, heldAfter: returned('stat#0', 'ECONNABORTED') },
    outcome: 'econnaborted',
    says: /once the stall was released/,
  },
  {
    name: 'the held client hangs: the daemon never finished dying',
    o: { ...base, exitMs: undefined, released: true, heldAfter: blocked('D') },
    outcome: 'hang',
    says: /daemon did not exit/,
  },
  {
    name: 'answered after all (another process serves the connection)',
    o: { ...base, heldAfter: returned('stat#0', 0) },
    outcome: 'answered',
  },
  {
    name: "the client itself died: not the daemon death's doing",
    o: { ...base, heldAfter: exited('SIGKILL') },
    outcome: 'inconclusive',
    says: /held stat#0: exited by SIGKILL, not by the daemon's death/,
  },
  {
    name: 'cleanup failed: said so',
    o: {
      ...base,
      heldAfter: returned('stat#0', 'ENOTCONN'),
      cleanup: { removed: false, steps: ['fusermount -u: exit 1: busy'] },
    },
    outcome: 'enotconn',
    says: /did NOT remove it/,
  },
  {
    name: 'no stable state',
    o: { ...base, heldAfter: undecidedObs },
    outcome: 'inconclusive',
  },
];

table(rows, outcomeOf);
