// The Netflix shape, captured from a real server that held a file open on its own
// mount and was SIGKILLed: the leader a zombie, the last thread in D flushing
// that file from do_exit, SIGKILL pending in the shared set, no fds left.
import t from 'tap';
import { inferFuseWait } from '../../../harness/proc/fuse-wait.js';
import { parseMountinfo } from '../../../src/mount/mountinfo.js';
import { hasFrames, parseStack } from '../../../harness/proc/stack.js';
import { parseStat, PF_EXITING } from '../../../harness/proc/stat.js';
import { parseStatus } from '../../../harness/proc/status.js';
import { fixture } from './fixture.js';

const dir = 'flush-on-exit';

t.test('leader Z, thread D in fuse_flush from do_exit, SIGKILL pending', async (t) => {
  const leader = parseStat(fixture(`${dir}/leader-stat`));
  const thread = parseStat(fixture(`${dir}/thread-D-stat`));
  t.equal(leader.state, 'Z');
  t.equal(thread.state, 'D');
  t.not(thread.pid, leader.pid);
  t.not(thread.flags & PF_EXITING, 0, 'the D thread is exiting');
  const stack = parseStack(fixture(`${dir}/thread-D-stack`));
  t.ok(hasFrames(stack, ['request_wait_answer', 'fuse_flush', 'filp_close', 'do_exit']));
  t.equal(stack[0], 'request_wait_answer');
  t.same(parseStack(fixture(`${dir}/leader-stack`)), [], 'a zombie has no stack');
  const status = parseStatus(fixture(`${dir}/thread-D-status`));
  t.same(status.signals.shared, ['SIGKILL']);
  t.same(status.signals.pending, [], 'delivered to the group, not to this thread');
  t.equal(status.tgid, leader.pid);
  t.equal(status.threads, 2);
  t.equal(fixture(`${dir}/thread-D-fd-count`).trim(), '0', 'exit_files released the fd table');
});

t.test('its connection: only from waiting counts, and the note says why', async (t) => {
  const w = inferFuseWait({
    stack: parseStack(fixture(`${dir}/thread-D-stack`)),
    exiting: true,
    fds: [],
    cwd: null,
    root: null,
    taskMounts: parseMountinfo(fixture('stuck-stat/mountinfo')),
    selfMounts: parseMountinfo(fixture('stuck-stat/mountinfo')),
    connections: [{ id: 39, waiting: 1, maxBackground: 12, congestionThreshold: 9 }],
  });
  t.equal(w?.conn, 39);
  t.match(w?.note, /PF_EXITING.*exit_files/);
  t.same(w?.candidates, []);
});
