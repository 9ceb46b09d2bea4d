import t from 'tap';
import { parseStat, PF_EXITING } from '../../../harness/proc/stat.js';
import { fixture } from './fixture.js';

t.test('a task blocked on a FUSE mount: state D, ids, flags', async (t) => {
  const s = parseStat(fixture('stuck-stat/stat'));
  t.match(s, { pid: 7842, comm: 'stat', state: 'D', ppid: 7840, pgrp: 7780, session: 4226 });
  t.equal(s.numThreads, 1);
  t.equal(s.startTime, 77679);
  t.equal(s.cpuTicks, 0, 'utime + stime: it never ran long enough for a tick');
  t.equal(s.flags & PF_EXITING, 0);
});

t.test('comm with spaces and parentheses runs to the last ")"', async (t) => {
  const s = parseStat(fixture('misc/paren-comm-stat'));
  t.equal(s.comm, 'we (ird) ) na');
  t.equal(s.state, 'S');
  t.equal(s.ppid, 8533);
});

t.test('stopped and zombie states', async (t) => {
  t.equal(parseStat(fixture('misc/stopped-stat')).state, 'T');
  const z = parseStat(fixture('zombie-leader/leader-stat'));
  t.equal(z.state, 'Z');
  t.equal(z.numThreads, 2);
  t.not(z.flags & PF_EXITING, 0, 'a zombie leader has PF_EXITING');
  t.equal(parseStat(fixture('zombie-leader/thread-stat')).state, 'S');
});

t.test('text that is not a stat line throws', async (t) => {
  t.throws(() => parseStat('hello'));
  t.throws(() => parseStat('12 (x) S 1'));
});
