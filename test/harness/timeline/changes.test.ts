// Folding samples: a change is kept only when the state, the pending signals
// or the stack moved; past the cap only the rare states still count.
import t from 'tap';
import { foldSample, sameState, since } from '../../../harness/timeline/changes.js';
import type { StateChange, TimelineTask } from '../../../harness/timeline/types.js';

const task = (...changes: StateChange[]): TimelineTask => ({ tid: 1, comm: 'x', changes });

t.test('sameState: times aside, state, pending and stack decide', async (t) => {
  const rows: [StateChange, StateChange, boolean][] = [
    [{ t: 0, state: 'S' }, { t: 5, state: 'S' }, true],
    [{ t: 0, state: 'S' }, { t: 0, state: 'D' }, false],
    [{ t: 0, state: 'D' }, { t: 1, state: 'D', pending: ['SIGINT'] }, false],
    [{ t: 0, state: 'D', pending: ['SIGINT'] }, { t: 1, state: 'D', pending: ['SIGINT'] }, true],
    [{ t: 0, state: 'D', stack: ['fuse_flush'] }, { t: 1, state: 'D', stack: ['do_exit'] }, false],
  ];
  for (const [a, b, same] of rows) t.equal(sameState(a, b), same, `${JSON.stringify([a, b])}`);
});

t.test('foldSample: added, unchanged, or dropped at the cap', async (t) => {
  const rows: [string, TimelineTask, StateChange, number, boolean | 'dropped', number][] = [
    ['first sample', task(), { t: 0, state: 'S' }, 3, true, 1],
    ['same state again', task({ t: 0, state: 'S' }), { t: 1, state: 'S' }, 3, false, 1],
    ['a new state', task({ t: 0, state: 'S' }), { t: 1, state: 'R' }, 3, true, 2],
    [
      'R past the cap',
      task({ t: 0, state: 'S' }, { t: 1, state: 'R' }),
      { t: 2, state: 'S' },
      2,
      'dropped',
      2,
    ],
    [
      'D past the cap still kept',
      task({ t: 0, state: 'S' }, { t: 1, state: 'R' }),
      { t: 2, state: 'D' },
      2,
      true,
      3,
    ],
    [
      'gone past twice the cap',
      task({ t: 0, state: 'S' }, { t: 1, state: 'R' }),
      { t: 2, state: '-' },
      1,
      'dropped',
      2,
    ],
  ];
  for (const [name, tk, sample, cap, want, length] of rows) {
    t.equal(foldSample(tk, sample, cap), want, name);
    t.equal(tk.changes.length, length, `${name}: ${length} changes`);
  }
});

t.test('since: seconds from the origin, to the millisecond', async (t) => {
  t.equal(since(100, 100.4123), 0.412);
  t.equal(since(100, 100), 0);
  t.equal(since(100.5, 101.7), 1.2);
});
