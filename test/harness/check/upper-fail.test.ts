// The one line a user reads when their filesystem did not mount.
import t from 'tap';
import { mountFailure } from '../../../harness/check/upper-fail.js';
import { fillCommand } from '../../../harness/check/upper.js';

const base = { command: 'myfs {lower} {mnt}', elsewhere: [], lines: [], timeoutMs: 30_000 };

t.test('each way of not mounting, in one line', async (t) => {
  t.equal(
    mountFailure({ ...base, seen: { exited: 127 }, lines: ['sh: 1: myfs: not found', ''] }),
    "--fs 'myfs {lower} {mnt}' exited with code 127 before mounting {mnt}: sh: 1: myfs: not found",
  );
  t.equal(
    mountFailure({ ...base, seen: { exited: 0 } }),
    "--fs 'myfs {lower} {mnt}' exited without mounting {mnt}",
  );
  t.equal(
    mountFailure({ ...base, seen: { exited: 'SIGSEGV' } }),
    "--fs 'myfs {lower} {mnt}' was killed (SIGSEGV) before mounting {mnt}",
  );
  t.equal(
    mountFailure({ ...base, seen: undefined }),
    "--fs 'myfs {lower} {mnt}': no FUSE mount on {mnt} after 30 s",
  );
  t.equal(
    mountFailure({ ...base, seen: { exited: 0 }, elsewhere: ['/srv/x'] }),
    "--fs 'myfs {lower} {mnt}' mounted /srv/x instead of {mnt} (unmounted again)",
  );
  t.match(
    mountFailure({ ...base, command: 'a\nb {mnt}', seen: { exited: 1 } }),
    /^--fs 'a\\nb \{mnt\}' exited/,
    'a command with a newline stays one line',
  );
});

t.test('every placeholder is filled', async (t) => {
  t.equal(
    fillCommand('x {lower} {mnt} && y {mnt}/.ready', { lower: '/w/lo', mnt: '/w/mnt' }),
    'x /w/lo /w/mnt && y /w/mnt/.ready',
  );
});
