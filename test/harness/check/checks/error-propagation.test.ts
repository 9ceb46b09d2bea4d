// error-propagation (and own-mount-fds) against real mounts of fakefs
// (test/fixtures/check/fakefs.ts), a passthrough whose error handling is
// switched, so that every per-op word is produced by a real kernel, a real
// daemon and the backing store's trace, not by a table.
import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkTmp, leftAfterCheck, runCheckIn } from '../leftovers.js';

const FAKEFS = fileURLToPath(new URL('../../../fixtures/check/fakefs.js', import.meta.url));

interface Doc {
  checks: {
    id: string;
    outcome: string;
    summary: string;
    evidence: { ops?: Record<string, string> };
  }[];
}

async function check(switches: string, only: string[] = []) {
  const tmp = checkTmp();
  const json = join(tmp, 'check.json');
  const fs = `${process.execPath} ${FAKEFS} {lower} {mnt} ${switches}`;
  const onlyArgs = only.flatMap((o) => ['--only', o]);
  const res = await runCheckIn(tmp, ['--fs', fs, '--json', json, ...onlyArgs]);
  const doc = JSON.parse(readFileSync(json, 'utf8')) as Doc;
  const byId = (id: string) => doc.checks.find((c) => c.id === id);
  return { res, tmp, byId, ops: byId('error-propagation')?.evidence.ops ?? {} };
}

t.test('a filesystem that gets most things wrong', async (t) => {
  const { res, tmp, byId, ops } = await check(
    '--swallow-flush --lazy-open --no-direct --change-errno ENOSPC=EPERM ' +
      '--defer-write-errno EIO --no-fsync --hold-open',
  );
  t.same(ops, {
    open: 'deferred:READ', // opened the backing file only at the first read
    read: 'propagated',
    'read-direct': 'unsupported', // O_DIRECT refused with EINVAL
    'write:EIO': 'deferred:CLOSE', // kept the write's error for flush
    'write:ENOSPC': 'changed:EPERM',
    fsync: 'inconclusive', // never asked the backing store: the fault was never hit
    flush: 'lost', // swallowed
    create: 'propagated',
  });
  t.equal(byId('error-propagation')?.outcome, 'inconclusive');
  t.equal(byId('own-mount-fds')?.outcome, 'holds:1');
  t.match(byId('own-mount-fds')?.summary, /\/held \(pid \d+ fd \d+\); warning: .*fuse_flush/);
  t.equal(res.exitCode, 1, 'a check could not decide');
  t.same(await leftAfterCheck(tmp), [], 'nothing left, the daemon holding its own file included');
});

t.test('a header read at open reports a read error early', async (t) => {
  const { res, byId, ops } = await check('--read-at-open', ['error-propagation']);
  t.equal(ops.read, 'early:OPEN');
  t.equal(ops['read-direct'], 'early:OPEN');
  t.equal(ops.open, 'propagated');
  t.equal(byId('error-propagation')?.outcome, 'early');
  t.equal(res.exitCode, 0);
});

t.test('a filesystem that passes every error on', async (t) => {
  const { res, tmp, byId, ops } = await check('');
  t.same(new Set(Object.values(ops)), new Set(['propagated']));
  t.equal(byId('error-propagation')?.outcome, 'propagated');
  t.equal(byId('own-mount-fds')?.outcome, 'none');
  t.equal(res.exitCode, 0, res.stderr);
  t.same(await leftAfterCheck(tmp), []);
});
