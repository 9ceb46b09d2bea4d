import t from 'tap';
import { parseFdinfo } from '../../../harness/proc/fds.js';
import {
  inferFuseWait,
  isFuseFrame,
  isPageWaitFrame,
  type FuseWaitInput,
} from '../../../harness/proc/fuse-wait.js';
import { parseMountinfo } from '../../../src/mount/mountinfo.js';
import { parseStack } from '../../../harness/proc/stack.js';
import { fixture } from './fixture.js';

const mounts = parseMountinfo(fixture('stuck-stat/mountinfo'));
const conn39 = { id: 39, waiting: 2, maxBackground: 12, congestionThreshold: 9 };

function input(over: Partial<FuseWaitInput>): FuseWaitInput {
  return {
    stack: parseStack(fixture('stuck-stat/stack')),
    exiting: false,
    fds: [{ fd: 0, target: '/dev/null', mntId: 24 }],
    cwd: '/tmp',
    root: '/',
    taskMounts: mounts,
    selfMounts: mounts,
    connections: [conn39],
    ...over,
  };
}

t.test('an fd on the FUSE mount names the connection', async (t) => {
  const fd7 = {
    fd: 7,
    target: fixture('stuck-fd/fd-7-link').trim(),
    mntId: parseFdinfo(fixture('stuck-fd/fdinfo-7')).mntId,
  };
  const w = inferFuseWait(
    input({
      stack: parseStack(fixture('stuck-blocked/stack')),
      fds: [fd7],
      taskMounts: parseMountinfo(fixture('stuck-fd/mountinfo')),
    }),
  );
  t.match(w, { conn: 39, mountpoint: '/tmp/fusefault-probe', fstype: 'fuse.probe', waiting: 2 });
  t.equal(w?.inferred, true);
  t.same(w?.basis, [
    'fd 7 on /tmp/fusefault-probe (fuse.probe)',
    'only connection with waiting > 0',
  ]);
  t.same(w?.candidates, [39]);
});

t.test('a cwd inside the mount names it too', async (t) => {
  const w = inferFuseWait(input({ cwd: '/tmp/fusefault-probe/sub' }));
  t.equal(w?.conn, 39);
  t.match(w?.basis[0], /^cwd on \/tmp\/fusefault-probe/);
});

t.test('nothing open there: the only busy connection is the sole basis', async (t) => {
  // the captured `stat MNT/x`: cwd outside, no fd on the mount, stack in fuse_get_req
  const w = inferFuseWait(input({}));
  t.equal(w?.conn, 39);
  t.same(w?.basis, ['only connection with waiting > 0 (sole basis)']);
  t.match(w?.note, /no file, cwd or root on a FUSE mount/);
});

t.test('an exiting task with its fd table released says so', async (t) => {
  const w = inferFuseWait(input({ exiting: true, fds: [], cwd: null, root: null }));
  t.match(w?.note, /PF_EXITING.*released/);
});

t.test('a D task with no FUSE frame and nothing on FUSE is not attributed', async (t) => {
  const stack = parseStack(fixture('zombie-leader/thread-stack'));
  t.equal(inferFuseWait(input({ stack })), null);
  t.ok(isFuseFrame('request_wait_answer'));
  t.ok(isFuseFrame('fuse_flush'));
  t.notOk(isFuseFrame('do_wait'));
});

t.test('busy elsewhere: noted, not taken', async (t) => {
  const w = inferFuseWait(
    input({
      cwd: '/tmp/fusefault-probe',
      connections: [
        { ...conn39, waiting: 0 },
        { ...conn39, id: 50 },
      ],
    }),
  );
  t.equal(w?.conn, 39);
  t.match(w?.note, /only connection with waiting > 0 is 50/);
});

t.test('execve stuck reading its binary: no fuse frame, a page wait', async (t) => {
  // captured: `MNT/x` exec'd while the server stalls FUSE_READ
  const stack = parseStack(fixture('exec-stall/stack'));
  t.equal(stack[0], 'folio_wait_bit_common');
  t.ok(stack.includes('bprm_execve'));
  t.notOk(stack.some(isFuseFrame));
  t.ok(stack.some(isPageWaitFrame));
  const w = inferFuseWait(input({ stack, exiting: false }));
  t.equal(w?.conn, 39);
  t.match(w?.basis[0], /sole basis; the stack waits on file pages/);
  t.equal(inferFuseWait(input({ stack, connections: [{ ...conn39, waiting: 0 }] }))?.conn, null);
});

t.test('several busy connections: the one in the task mount namespace', async (t) => {
  // an exiting server (the Netflix shape) in its own mount namespace, whose mount
  // is the only busy one it can see; another busy connection is mounted elsewhere
  const other = { ...conn39, id: 77 };
  const exiting = input({
    exiting: true,
    fds: [],
    cwd: null,
    root: null,
    connections: [conn39, other],
  });
  const w = inferFuseWait(exiting);
  t.equal(w?.conn, 39);
  t.match(w?.basis[0], /mounted in the task's mount namespace/);
  const both = parseMountinfo(
    `${fixture('stuck-stat/mountinfo')}90 27 0:77 / /tmp/elsewhere rw - fuse.other other rw\n`,
  );
  t.equal(inferFuseWait({ ...exiting, taskMounts: both })?.conn, null, 'both visible: cannot tell');
});

t.test(
  'a close() stuck in fuse_flush: the flushed file is no longer in the fd table',
  async (t) => {
    const stack = [
      'request_wait_answer',
      '__fuse_simple_request',
      'fuse_flush',
      'filp_flush',
      '__x64_sys_close',
    ];
    const w = inferFuseWait(input({ stack }));
    t.match(w?.note, /in close\(\): the file being flushed has left the fd table/);
    const exiting = inferFuseWait(input({ stack: [...stack, 'do_exit'], exiting: true, fds: [] }));
    t.notMatch(exiting?.note, /in close\(\)/, 'from do_exit it is the exit note instead');
  },
);
