// stopped-daemon names, per variant, the first signal after which the stat
// was over, and takes the worse variant's word.
import t from 'tap';
import {
  outcomeOf,
  variantOutcome,
  type StoppedObservation,
} from '../../../../harness/check/checks/stopped-daemon.js';
import type { Observed } from '../../../../harness/clients/observe.js';
import { blocked, exited, returned, undecidedObs, table, type Row } from '../observed.js';

const base = {
  variant: 'unread' as const,
  daemonGone: false,
  stopped: true,
  blocked: { step: 'stat#0', state: 'S' },
};
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
    o: { variant: 'unread', daemonGone: false, stopped: true, steps: [] },
    outcome: 'inconclusive',
    says: /never blocked/,
  },
  {
    // request_wait_answer waits killably after a caught signal: only a reply ends it
    name: 'SIGINT returned EINTR: answered while every daemon thread was stopped',
    o: { ...base, steps: [{ signal: 'SIGINT', after: returned('stat#0', 'EINTR') }] },
    outcome: 'inconclusive',
    says: /SIGINT: returned EINTR: answered, not by the stopped daemon/,
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
    name: 'read: the stat could not be held on the stall',
    o: { ...base, variant: 'read', notHeld: 'the client never blocked', steps: [] },
    outcome: 'inconclusive',
    says: /never blocked/,
  },
  {
    name: 'read: the release ended it with the daemon stopped',
    o: {
      ...base,
      variant: 'read',
      steps: [
        { signal: 'SIGINT', after: blocked('D') },
        { signal: 'SIGKILL', after: blocked('D') },
        { signal: 'release', after: exited('SIGKILL') },
      ],
    },
    outcome: 'inconclusive',
    says: /unexplained/,
  },
  {
    name: 'no stable state after a signal',
    o: { ...base, steps: [{ signal: 'SIGINT', after: undecidedObs }] },
    outcome: 'inconclusive',
  },
];

table(rows, variantOutcome);

const steps = (...after: Observed[]) =>
  after.map((a, i) => ({
    signal: (['SIGINT', 'SIGKILL', 'release', 'SIGCONT'] as const)[i]!,
    after: a,
  }));

t.test('the check takes the worse variant, each named in the summary', async (t) => {
  const unread = { ...base, steps: steps(blocked('D'), exited('SIGKILL')) };
  const read = {
    ...base,
    variant: 'read' as const,
    steps: steps(blocked('D'), blocked('D'), blocked('D'), exited('SIGKILL')),
  };
  const v = outcomeOf([unread, read]);
  t.equal(v.outcome, 'sigcont');
  t.match(v.summary, /unread: sigkill \(.*\); read: sigcont \(.*release: blocked in D; SIGCONT/);
  t.equal(outcomeOf([unread, { ...read, notHeld: 'the client never blocked' }]).outcome, 'sigkill');
});
