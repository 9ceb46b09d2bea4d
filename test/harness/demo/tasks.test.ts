// Which task changes the demo shows: a state seen on two looks in a row, on a
// main thread or a held one; the case's own process only while held; a gone
// task only when it was shown; a process keeps its name while it exits.
import t from 'tap';
import { TaskNews } from '../../../harness/demo/tasks.js';
import type { StateChange, TimelineProcess } from '../../../harness/timeline/types.js';

const D: StateChange = {
  t: 1,
  state: 'D',
  stack: ['request_wait_answer', '__fuse_simple_request', 'fuse_flush', 'filp_flush', 'x', 'y'],
  pending: ['SIGINT'],
};
const S: StateChange = { t: 0, state: 'S', stack: ['do_epoll_wait'] };

// A process with its threads, each in its last state.
function proc(pid: number, label: string, tasks: [number, StateChange][], comm = 'python3') {
  return new Map<string, TimelineProcess>([
    [
      `${pid}@1`,
      { pid, label, t: 0, tasks: tasks.map(([tid, c]) => ({ tid, comm, changes: [c] })) },
    ],
  ]);
}

t.test('S once seen on two looks, D at once, each again only when it changes', async (t) => {
  const news = new TaskNews();
  const s = proc(10, 'write-close', [[10, S]]);
  t.same(news.news(s), [], 'first look: not yet');
  t.match(news.news(s), [{ pid: 10, tid: 10, label: 'write-close', state: 'S' }]);
  t.same(news.news(s), [], 'no change, no line');
  const [v] = news.news(proc(10, 'write-close', [[10, D]]));
  t.equal(v?.state, 'D');
  t.same(v?.frames, D.stack!.slice(0, 5), 'the top five frames');
  t.same(v?.pending, ['SIGINT']);
  t.same(news.news(proc(10, 'write-close', [[10, D]])), [], 'no change, no line');
});

t.test('a state that lasts one look is never shown: R, or a helper zombie', async (t) => {
  const news = new TaskNews();
  news.news(proc(10, 'x', [[10, { t: 0, state: 'R' }]]));
  news.news(proc(10, 'x', [[10, S]]));
  t.match(news.news(proc(10, 'x', [[10, S]])), [{ state: 'S' }], 'only the lasting S');
  t.same(news.news(proc(11, 'mount', [[11, { t: 0, state: 'Z' }]])), []);
  t.same(news.news(proc(11, 'mount', [[11, { t: 0, state: '-' }]])), [], 'nor its end');
  news.news(proc(12, 'serve', [[12, { t: 0, state: 'Z' }]]));
  t.match(
    news.news(proc(12, 'serve', [[12, { t: 0, state: 'Z' }]])),
    [{ state: 'Z' }],
    'a lasting one is',
  );
});

t.test('threads: the main one, and others only while held or once shown', async (t) => {
  const news = new TaskNews();
  const p = (c: StateChange) =>
    proc(
      20,
      'fusefault serve',
      [
        [20, S],
        [21, c],
      ],
      'node',
    );
  news.news(p(S));
  t.same(
    news.news(p(S)).map((v) => v.tid),
    [20],
    'an idle worker is noise',
  );
  t.same(
    news.news(p(D)).map((v) => v.tid),
    [21],
    'a worker in D is news',
  );
  news.news(p(S));
  t.same(
    news.news(p(S)).map((v) => v.tid),
    [21],
    'and so is its way out',
  );
});

t.test('a quiet process (the case child) only while held', async (t) => {
  const news = new TaskNews();
  const quiet = new Set([30]);
  news.news(proc(30, 'case-child', [[30, S]]), quiet);
  t.same(news.news(proc(30, 'case-child', [[30, S]]), quiet), []);
  t.match(news.news(proc(30, 'case-child', [[30, D]]), quiet), [{ state: 'D' }]);
});

t.test('gone: said of a task that was shown, at once; never of one unseen', async (t) => {
  const news = new TaskNews();
  const gone: StateChange = { t: 2, state: '-' };
  news.news(proc(40, 'write-close', [[40, S]]));
  news.news(proc(40, 'write-close', [[40, S]]));
  // exiting: its command line reads empty, so the sampler names it by its comm
  t.match(news.news(proc(40, 'python3', [[40, gone]])), [{ state: '-', label: 'write-close' }]);
  t.same(news.news(proc(41, 'bash', [[41, gone]])), [], 'a shim child never shown');
});

t.test('a fork takes its own name at exec, even when it is its comm', async (t) => {
  const news = new TaskNews();
  news.news(proc(60, 'case-child', [[60, S]], 'node'));
  t.match(news.news(proc(60, 'sleep', [[60, S]], 'sleep')), [{ label: 'sleep' }]);
});

t.test('a shim that execs its interpreter takes the new name', async (t) => {
  const news = new TaskNews();
  news.news(proc(50, 'env', [[50, S]], 'env'));
  t.match(news.news(proc(50, 'write-close', [[50, D]])), [{ label: 'write-close' }]);
});
