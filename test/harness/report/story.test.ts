// The story in sentences from a fixed timeline: the held FLUSH, the signal,
// the ignored INTERRUPT and the D stretch, in time order; noise left out.
import t from 'tap';
import { requestLine, secs, storyOf } from '../../../harness/report/story.js';
import { timelineModel } from '../../../harness/report/timeline-model.js';
import type { TimelineRequest } from '../../../harness/timeline/types.js';
import { storyTimeline } from '../../fixtures/report/story.js';

t.test('storyOf the held FLUSH', async (t) => {
  t.same(storyOf(timelineModel(storyTimeline())), [
    'FLUSH /cp read at 0.41 s (fault: stall), never answered',
    'SIGINT to write-close 812 at 1.20 s',
    'INTERRUPT for FLUSH at 1.20 s, ignored',
    'write-close 812 in D from 1.25 s to 3.02 s (request_wait_answer)',
  ]);
});

t.test('storyOf: short stretches are not told; a zombie needs half a second', async (t) => {
  const tl = storyTimeline();
  const cp = tl.processes[2]!.tasks[0]!;
  cp.changes = [
    { t: 0.3, state: 'D' },
    { t: 0.32, state: 'S' },
    { t: 1, state: 'Z' },
    { t: 1.2, state: '-' },
  ];
  tl.requests = [];
  tl.signals = [];
  t.same(storyOf(timelineModel(tl)), []);
  cp.changes = [
    { t: 0.3, state: 'D', stack: ['a'] },
    { t: 0.5, state: 'D', stack: ['b'], pending: ['SIGKILL'] },
    { t: 0.9, state: 'Z' },
    { t: 1.6, state: '-' },
  ];
  t.same(storyOf(timelineModel(tl)), [
    'write-close 812 in D from 0.30 s to 0.90 s (a)',
    'write-close 812 in Z from 0.90 s to 1.60 s',
  ]);
});

t.test('requestLine and secs', async (t) => {
  const r: TimelineRequest = {
    server: 's',
    unique: '4',
    op: 'getattr',
    pid: 1,
    t: 0.5,
    interrupts: [],
  };
  const rows: [TimelineRequest, string][] = [
    [r, 'GETATTR read at 0.50 s, never answered'],
    [
      { ...r, end: 0.75, outcome: 'errno ENOENT' },
      'GETATTR read at 0.50 s, answered errno ENOENT at 0.75 s',
    ],
    [
      { ...r, path: '/f', fault: 'delay', end: 2, outcome: 'ok' },
      'GETATTR /f read at 0.50 s (fault: delay), answered ok at 2.00 s',
    ],
  ];
  for (const [req, want] of rows) t.equal(requestLine(req), want);
  t.equal(secs(0.416), '0.42 s');
  t.equal(secs(12), '12.00 s');
});
