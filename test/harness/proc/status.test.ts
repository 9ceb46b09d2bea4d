import t from 'tap';
import { parseStatus, parseStatusFields } from '../../../harness/proc/status.js';
import { fixture } from './fixture.js';

t.test('blocked signals sent to a task in D stay pending in the shared set', async (t) => {
  const s = parseStatus(fixture('stuck-blocked/status'));
  t.equal(s.state, 'D');
  t.equal(s.stateName, 'disk sleep');
  t.equal(s.name, 'python3');
  t.same(s.signals.pending, []);
  // kill -USR1, kill -TERM, kill -s RTMIN+2 (bash's RTMIN is 34: the kernel's SIGRTMIN+2)
  t.same(s.signals.shared, ['SIGUSR1', 'SIGTERM', 'SIGRTMIN+4']);
  t.same(s.signals.blocked, ['SIGUSR1', 'SIGTERM', 'SIGRTMIN+4']);
  t.same(s.signals.ignored, ['SIGINT', 'SIGQUIT', 'SIGPIPE', 'SIGXFSZ']);
  t.same(s.signals.caught, ['SIGHUP']);
  t.equal(s.signals.raw.ShdPnd, '0000000800004200');
});

t.test('ids, threads and the pid in each namespace', async (t) => {
  const s = parseStatus(fixture('stuck-stat/status'));
  t.match(s, { pid: 7842, tgid: 7842, ppid: 7840, tracerPid: 0, threads: 1 });
  t.same(s.nspid, [7842]);
  const n = parseStatus(fixture('misc/nested-ns-status'));
  t.same(n.nspid, [8594, 2], 'outermost first, then the pid inside the new namespace');
  t.same(n.nstgid, [8594, 2]);
});

t.test('a zombie leader and its live thread', async (t) => {
  const l = parseStatus(fixture('zombie-leader/leader-status'));
  const th = parseStatus(fixture('zombie-leader/thread-status'));
  t.equal(l.state, 'Z');
  t.equal(l.stateName, 'zombie');
  t.equal(th.state, 'S');
  t.equal(th.tgid, l.pid);
  t.not(th.pid, l.pid);
  t.equal(th.threads, 2);
});

t.test('fields and malformed input', async (t) => {
  t.equal(parseStatusFields('Name:\tcat\nState:\tR (running)\n').get('State'), 'R (running)');
  t.throws(() => parseStatus('Foo: 1\n'));
});
