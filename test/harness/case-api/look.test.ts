// lineOf tells an observation as a person would say it: where a blocked task
// sleeps (the fs-level FUSE frame) and what is pending; summaryOf puts what
// was missing first.
import t from 'tap';
import { lineOf, type Look } from '../../../harness/case-api/look.js';
import { summaryOf } from '../../../harness/case-api/summary.js';
import type { TaskEvidence } from '../../../harness/evidence.js';

const task = (p: Partial<TaskEvidence>): TaskEvidence => ({
  tid: 10,
  comm: 'python3',
  state: 'D',
  exiting: false,
  stack: ['request_wait_answer', '__fuse_simple_request', 'fuse_flush', 'filp_flush'],
  wchan: 'request_wait_answer',
  SigPnd: [],
  ShdPnd: [],
  SigBlk: [],
  nspid: [10],
  ...p,
});

t.test('lineOf', async (t) => {
  const blocked: Look = { kind: 'blocked-D', ms: 300, said: 'blocked in D', task: task({}) };
  t.equal(lineOf('cp', blocked), 'cp: D in fuse_flush');
  const pending = { ...blocked, task: task({ SigPnd: ['SIGINT'], ShdPnd: ['SIGKILL', 'SIGINT'] }) };
  t.equal(lineOf('cp', pending), 'cp: D in fuse_flush, SIGINT SIGKILL pending');
  const unreadable = { ...blocked, task: task({ state: 'S', stack: null }) };
  t.equal(lineOf('cp', unreadable), 'cp: S', 'no stack: the state alone');
  t.equal(lineOf('cp', { kind: 'returned', ms: 5, said: 'returned EINTR' }), 'cp: returned EINTR');
  t.equal(lineOf('cp', { kind: 'undecided', ms: 8000, said: 'undecided' }), 'cp: undecided');
});

t.test('summaryOf', async (t) => {
  t.equal(summaryOf([], 'a: 0/8'), 'a: 0/8');
  t.equal(summaryOf(['x', 'y'], 'a: 0/8'), 'nothing concluded: x; y; a: 0/8');
});
