// flushRunVerdict: the deadlock only with its whole shape seen while stuck;
// nsenter counts as "namespace closed" only when its fork failed with ENOMEM.
import t from 'tap';
import {
  flushRunVerdict,
  forkFailedEnomem,
  type FlushRunSeen,
} from '../../../cases/lib/flush-verdict.js';

const ok = { ok: true, message: '' };
const no = { ok: false, message: '' };
const ENOMEM = {
  enterable: false,
  exitCode: 1,
  error: 'nsenter: fork failed: Cannot allocate memory',
};
const PLAIN: FlushRunSeen = {
  variant: 'plain',
  settled: 'stuck',
  checks: { inFuseFlush: ok, sigkillPending: ok },
};
const PIDNS: FlushRunSeen = {
  variant: 'pidns',
  settled: 'stuck',
  checks: { inFuseFlush: ok, sigkillPending: ok, initInZap: ok },
  enterable: ENOMEM,
};
const CLIENT: FlushRunSeen = { ...PIDNS, variant: 'pidns-client', flush: 'unanswered' };

t.test('forkFailedEnomem', async (t) => {
  t.ok(forkFailedEnomem(ENOMEM), 'fork failed with ENOMEM');
  t.notOk(forkFailedEnomem({ enterable: true }), 'entered');
  t.notOk(forkFailedEnomem({ enterable: false, gone: true, error: 'init has exited' }), 'gone');
  t.notOk(
    forkFailedEnomem({
      enterable: false,
      exitCode: 1,
      error: "nsenter: reassociate to namespace 'ns/pid' failed: Operation not permitted",
    }),
    'setns refused',
  );
  t.notOk(forkFailedEnomem({ enterable: false, error: 'spawn nsenter ENOENT' }), 'no nsenter');
  t.notOk(forkFailedEnomem(undefined), 'not measured');
});

t.test('the verdict of one run', async (t) => {
  const table: [string, FlushRunSeen, string, RegExp?][] = [
    ['plain, as on 6.18', PLAIN, 'deadlock'],
    ['pidns, as on 6.18', PIDNS, 'deadlock'],
    ['pidns-client, as on 6.18', CLIENT, 'deadlock'],
    ['an unread FLUSH still holds it', { ...CLIENT, flush: 'absent' }, 'deadlock'],
    ['exited', { ...PLAIN, settled: 'exited', checks: {} }, 'exited'],
    ['freed by the timeout', { ...PLAIN, freedByTimeout: true }, 'mitigated'],
    ['pidns freed by the timeout', { ...PIDNS, freedByTimeout: true }, 'mitigated'],
    // an exit during the timeout's wait without a hang seen first is no mitigation
    [
      'undecided, then exited',
      { ...PLAIN, settled: 'undecided', checks: {}, freedByTimeout: true },
      'undecided',
      /neither exited nor stuck/,
    ],
    [
      'no SIGKILL pending, then exited',
      { ...PLAIN, checks: { inFuseFlush: ok, sigkillPending: no }, freedByTimeout: true },
      'undecided',
      /no SIGKILL pending/,
    ],
    [
      'stuck elsewhere',
      { ...PLAIN, checks: { inFuseFlush: no, sigkillPending: ok } },
      'undecided',
      /fuse_flush/,
    ],
    // nsenter failing for another reason says nothing about the namespace
    [
      'nsenter refused',
      {
        ...PIDNS,
        enterable: { enterable: false, exitCode: 1, error: 'nsenter: Operation not permitted' },
      },
      'undecided',
      /nsenter failed otherwise \(nsenter: Operation not permitted\)/,
    ],
    [
      'namespace entered',
      { ...PIDNS, enterable: { enterable: true } },
      'undecided',
      /could be entered/,
    ],
    [
      'init gone',
      { ...PIDNS, enterable: { enterable: false, gone: true, error: 'init has exited' } },
      'undecided',
      /nsenter failed otherwise/,
    ],
    [
      'init not in zap',
      { ...PIDNS, checks: { ...PIDNS.checks, initInZap: no } },
      'undecided',
      /zap_pid_ns_processes/,
    ],
    // the live server answered the FLUSH: the client waits on something else
    [
      'FLUSH answered',
      { ...CLIENT, flush: 'answered' },
      'undecided',
      /FLUSH in the trace was answered/,
    ],
  ];
  for (const [name, seen, want, why] of table) {
    const got = flushRunVerdict(seen);
    t.equal(got.verdict, want, name);
    if (why) t.match(got.missing.join('; '), why, `${name}: says what was missing`);
    else t.same(got.missing, [], `${name}: nothing missing`);
  }
});
