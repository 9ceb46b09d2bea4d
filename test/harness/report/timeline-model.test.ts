// The picture's content from a fixed timeline: bands, which processes and
// threads get lanes, requests packed into rows without overlap.
import t from 'tap';
import {
  bandsOf,
  isTelling,
  packRequests,
  timelineModel,
} from '../../../harness/report/timeline-model.js';
import type { TimelineRequest } from '../../../harness/timeline/types.js';
import { storyTimeline } from '../../fixtures/report/story.js';

t.test('bandsOf: each change to the next; gone ends it; the last runs to the end', async (t) => {
  t.same(
    bandsOf(
      [
        { t: 0, state: 'S' },
        { t: 1, state: 'D', pending: ['SIGINT'] },
        { t: 2, state: '-' },
      ],
      5,
    ),
    [
      { from: 0, to: 1, state: 'S' },
      { from: 1, to: 2, state: 'D', pending: ['SIGINT'] },
    ],
  );
  t.same(bandsOf([{ t: 0.5, state: 'R', stack: ['x'] }], 3), [
    { from: 0.5, to: 3, state: 'R', stack: ['x'] },
  ]);
  t.same(bandsOf([], 3), []);
});

t.test('isTelling: blocked, signalled, a client, or long-lived', async (t) => {
  const tl = storyTimeline();
  const [serve, shell, cp] = tl.processes;
  t.equal(isTelling(serve!, tl), true, 'long-lived');
  t.equal(isTelling(shell!, tl), false, 'a shell of 0.1 s');
  t.equal(isTelling(cp!, tl), true, 'signalled, syscalls, D');
  const stopped = {
    ...shell!,
    tasks: [
      {
        tid: 810,
        comm: 'bash',
        changes: [
          { t: 0.1, state: 'T' },
          { t: 0.2, state: '-' },
        ],
      },
    ],
  };
  t.equal(isTelling(stopped, tl), true, 'stopped, however briefly');
  const zombie = {
    ...shell!,
    tasks: [
      {
        tid: 810,
        comm: 'bash',
        changes: [
          { t: 0.1, state: 'Z' },
          { t: 0.2, state: '-' },
        ],
      },
    ],
  };
  t.equal(isTelling(zombie, tl), false, 'a zombie between exit and wait is not');
});

t.test('timelineModel: lanes in start order, the reader thread, the noise hidden', async (t) => {
  const m = timelineModel(storyTimeline());
  t.same(
    m.lanes.map((l) => l.label),
    ['fusefault serve 800', 'fusefault serve 800 thread 805', 'write-close 812'],
  );
  t.same(m.hidden, ['bash 810']);
  t.same(
    m.lanes[2]!.signals.map((s) => s.signal),
    ['SIGINT'],
  );
  t.same(
    m.lanes[2]!.syscalls.map((s) => s.syscall),
    ['close'],
  );
  t.same(
    m.requestRows.map((r) => [r.server, r.requests.map((q) => q.unique)]),
    [
      ['serve flush:stall', ['16', '18']],
      ['serve flush:stall', ['20']],
    ],
    'the unanswered FLUSH holds its row to the end',
  );
});

t.test('packRequests: first fit, never overlapping', async (t) => {
  const r = (unique: string, at: number, end?: number): TimelineRequest => ({
    server: 's',
    unique,
    op: 'x',
    pid: 1,
    t: at,
    ...(end !== undefined ? { end } : {}),
    interrupts: [],
  });
  const rows: [string, TimelineRequest[], number, string[][]][] = [
    ['none', [], 0, []],
    ['in a row', [r('a', 0, 1), r('b', 1, 2), r('c', 2.5, 3)], 0, [['a', 'b', 'c']]],
    ['overlapping', [r('a', 0, 2), r('b', 1, 3), r('c', 2.5, 4)], 0, [['a', 'c'], ['b']]],
    ['a gap keeps touching bars apart', [r('a', 0, 1), r('b', 1, 2)], 0.1, [['a'], ['b']]],
    ['unanswered holds to the end', [r('a', 0), r('b', 5, 6)], 0, [['a'], ['b']]],
    ['sorted by read time first', [r('b', 2, 3), r('a', 0, 1)], 0, [['a', 'b']]],
  ];
  for (const [name, reqs, gap, want] of rows)
    t.same(
      packRequests(reqs, 10, gap).map((row) => row.map((x) => x.unique)),
      want,
      name,
    );
});
