// The demo's lines: what a person reads for a task, a request and a step; the
// same words with colour on a terminal and without escapes anywhere else.
import t from 'tap';
import { palette } from '../../../harness/demo/colour.js';
import {
  endLine,
  inFlightLine,
  requestLine,
  signalLine,
  stepLines,
  taskLine,
} from '../../../harness/demo/render.js';
import type { TaskView } from '../../../harness/demo/tasks.js';
import type { StepBegin } from '../../../harness/runner/steps.js';
import type { TimelineRequest } from '../../../harness/timeline/types.js';

const plain = palette(false);
const task: TaskView = {
  key: '812@1:812',
  label: 'write-close',
  pid: 812,
  tid: 812,
  comm: 'python3',
  state: 'D',
  frames: ['request_wait_answer', 'fuse_flush'],
  pending: ['SIGINT'],
};
const flush: TimelineRequest = {
  server: 'serve',
  unique: '18',
  op: 'flush',
  path: '/cp-target',
  pid: 812,
  t: 100,
  fault: 'stall',
  interrupts: [],
};

t.test('a task: who, state letter and word, top frames, pending signals', async (t) => {
  t.equal(
    taskLine(task, plain),
    '   write-close 812  D uninterruptible  request_wait_answer < fuse_flush  pending SIGINT',
  );
  t.equal(
    taskLine({ ...task, tid: 815, comm: 'node', state: 'S', frames: [], pending: [] }, plain),
    '   write-close 812/815 (node)  S sleeping',
  );
  t.equal(taskLine({ ...task, state: '-' }, plain), '   write-close 812  gone');
});

t.test('a request: held with its fault, interrupted per policy, answered, in flight', async (t) => {
  t.equal(
    requestLine({ kind: 'held', r: flush, age: 0.6 }, plain),
    '   FUSE flush #18 /cp-target from pid 812: read by the server, unanswered (fault: stall)',
  );
  const interrupt = { kind: 'interrupt', r: flush, age: 0.42, known: true } as const;
  t.equal(
    requestLine({ ...interrupt, policy: 'ignore' }, plain),
    '   FUSE INTERRUPT for flush #18 after 0.4 s: the server ignores it',
  );
  t.match(requestLine({ ...interrupt, policy: 'honour' }, plain), /honours it \(answers/);
  t.match(requestLine({ ...interrupt, policy: 'x', known: false }, plain), /no longer has$/);
  t.equal(
    requestLine({ kind: 'answered', r: { ...flush, outcome: 'released' }, age: 6.04 }, plain),
    '   FUSE flush #18 /cp-target from pid 812 answered after 6.0 s: released',
  );
  t.equal(
    inFlightLine({ r: flush, age: 3.24 }, plain),
    '   in flight for 3.2 s: FUSE flush #18 /cp-target from pid 812',
  );
});

t.test('a step: title, what to watch for, how it ended; a signal sent', async (t) => {
  const b: StepBegin = {
    kind: 'begin',
    index: 2,
    at: 1,
    title: 'send SIGINT to cp',
    say: 'stays in D',
  };
  t.same(stepLines(b, plain), ['', 'step 2: send SIGINT to cp', '   stays in D']);
  t.same(stepLines({ ...b, say: undefined }, plain), ['', 'step 2: send SIGINT to cp']);
  t.equal(endLine({ kind: 'end', index: 2, at: 2, result: 'cp in D' }, plain), '   => cp in D');
  t.equal(signalLine({ t: 1, pid: 812, signal: 'SIGINT' }, plain), '   -> SIGINT to 812');
  t.equal(
    signalLine({ t: 1, pid: 9, signal: 'SIGKILL', group: true }, plain),
    '   -> SIGKILL to process group 9',
  );
});

t.test('colour only when asked: the same words', async (t) => {
  const line = taskLine(task, palette(true));
  t.match(line, /\x1b\[1;31mD uninterruptible\x1b\[0m/, 'a held state stands out');
  t.equal(line.replace(/\x1b\[[0-9;]*m/g, ''), taskLine(task, plain));
  t.notMatch(taskLine(task, plain), /\x1b/);
});
