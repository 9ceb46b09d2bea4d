// The blocking checks against real mounts: fakefs (test/fixtures/check),
// whose switches make it refuse O_DIRECT, hold a file on its own mount or
// wedge after a slow call, and bindfs with `--multithreaded -o intr`, which
// passes an INTERRUPT on to its worker (libfuse signals it) so that its own
// syscall on the backing store returns EINTR: every word below comes from a
// real kernel, a real daemon and the backing store's trace.
import t from 'tap';
import { fileURLToPath } from 'node:url';
import { check, leftAfterCheck } from './leftovers.js';

const FAKEFS = fileURLToPath(new URL('../../fixtures/check/fakefs.js', import.meta.url));
const fakefs = (switches: string) => `${process.execPath} ${FAKEFS} {lower} {mnt} ${switches}`;

const BLOCKING = ['interrupt', 'sigkill', 'recovery', 'stopped-daemon', 'daemon-death'];

t.test('fakefs: one thread answers everything, O_DIRECT refused', async (t) => {
  const { res, tmp, byId, ops } = await check(fakefs('--no-direct'), BLOCKING);
  t.same(ops('interrupt'), {
    'read-buffered': 'completed-late', // readahead: no INTERRUPT at all
    'write-close': 'completed-late',
    stat: 'completed-late',
    open: 'completed-late',
  });
  t.equal(byId('sigkill')?.outcome, 'unkillable-until-release');
  // the read itself dies, but exit_files flushes the file and the one thread is busy
  t.match(
    byId('sigkill')?.summary,
    /read-buffered: unkillable-until-release \(read in D; SIGKILL: blocked in D \(request_wait_answer < fuse_flush, exiting\)/,
  );
  t.equal(byId('recovery')?.outcome, 'recovers');
  // a LOOKUP never read is withdrawn by SIGKILL; a GETATTR the daemon read
  // before it stopped waits uninterruptibly for the reply, through SIGKILL
  // and the release, until SIGCONT lets the daemon answer
  t.same(ops('stopped-daemon'), { unread: 'sigkill', read: 'sigcont' });
  t.equal(byId('stopped-daemon')?.outcome, 'sigcont');
  t.match(
    byId('stopped-daemon')?.summary,
    /read: sigcont \(.*SIGKILL: blocked in D \(request_wait_answer < .*\); release: blocked in D .*; SIGCONT: exited by SIGKILL\)/,
  );
  // either errno, run to run (README: "daemon-death is not always the same word")
  t.match(byId('daemon-death')?.outcome, /^(enotconn|econnaborted)$/);
  t.match(byId('daemon-death')?.summary, /mount left behind; fusefault's cleanup removed it/);
  t.equal(res.exitCode, 0, res.stderr);
  t.same(await leftAfterCheck(tmp), []);
});

t.test('fakefs wedged after a slow call: blocked, unkillable, stuck', async (t) => {
  for (const [id, word] of [
    ['interrupt', 'blocked'],
    ['sigkill', 'unkillable'],
    ['recovery', 'stuck'],
  ] as const) {
    const { tmp, byId, ops } = await check(fakefs('--wedge-slow 1000'), [id]);
    t.equal(byId(id)?.outcome, word);
    t.ok(Object.values(ops(id)).includes(word), `${id}: the op held first`);
    // the wedged daemon answers nothing more: the later ops could not even be prepared
    t.match(byId(id)?.summary, /inconclusive \(its file was not found in the backing store\)/);
    t.same(await leftAfterCheck(tmp), [], `${id}: nothing left`);
  }
});

t.test(
  'fakefs wedged after a slow call: a stopped daemon read the stat, SIGCONT does not end it',
  async (t) => {
    // the read variant's stall is the slow call: once released, the continued
    // daemon wedges with the GETATTR in hand and the SIGKILLed client stays in D
    const { res, tmp, byId, ops } = await check(fakefs('--wedge-slow 1000'), ['stopped-daemon']);
    t.same(ops('stopped-daemon'), { unread: 'sigkill', read: 'stuck' });
    t.equal(byId('stopped-daemon')?.outcome, 'stuck');
    t.match(
      byId('stopped-daemon')?.summary,
      /read: stuck \(.*SIGCONT: blocked in D \(request_wait_answer/,
    );
    t.equal(res.exitCode, 0, res.stderr);
    t.same(await leftAfterCheck(tmp), []);
  },
);

t.test('fakefs giving its backend up after a slow call: recovery fails', async (t) => {
  const { res, tmp, byId, ops } = await check(fakefs('--wedge-slow 1000 --broken-errno EIO'), [
    'recovery',
  ]);
  t.equal(byId('recovery')?.outcome, 'fails:EIO');
  // the first op held: its own client gets EIO after the release, a fresh stat too
  t.match(byId('recovery')?.summary, /after release returned EIO; stat failed/);
  t.ok(Object.values(ops('recovery')).includes('fails:EIO'));
  t.equal(res.exitCode, 0, res.stderr);
  t.same(await leftAfterCheck(tmp), []);
});

t.test('fakefs holding a file on its own mount: the SIGKILLed daemon never dies', async (t) => {
  const { res, tmp, byId } = await check(fakefs('--hold-open'), ['daemon-death']);
  t.equal(byId('daemon-death')?.outcome, 'hang');
  t.match(byId('daemon-death')?.summary, /the daemon did not exit/);
  t.equal(res.exitCode, 0, res.stderr);
  t.same(await leftAfterCheck(tmp), []);
});

t.test('bindfs --multithreaded -o intr: the interrupt reaches the backing store', async (t) => {
  const { res, tmp, ops } = await check('bindfs --multithreaded -o intr {lower} {mnt}', [
    'interrupt',
    'sigkill',
  ]);
  t.equal(ops('interrupt').stat, 'eintr');
  t.equal(ops('sigkill').stat, 'killable');
  t.equal(res.exitCode, 0, res.stderr);
  t.same(await leftAfterCheck(tmp), []);
});
