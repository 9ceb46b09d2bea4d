// netflix-flush-on-exit with fs.fuse.default_request_timeout set (Linux 6.15+):
// the case must give the kernel's timer the chance to end the hang and say how
// long it took, rather than abort the connection at once. On a kernel without
// the sysctl there is nothing to mitigate, and the case must not claim it did.
import t from 'tap';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { checkCommon, runCase } from './run-case.js';

const SYSCTL = '/proc/sys/fs/fuse/default_request_timeout';

t.test('a request timeout in force is waited for and measured', async (t) => {
  if (!existsSync(SYSCTL)) {
    const { result } = await runCase('netflix-flush-on-exit', 200_000);
    await checkCommon(t, 'netflix-flush-on-exit', result);
    t.not(result.outcome, 'mitigated', 'no request timeouts on this kernel: nothing mitigates');
    return;
  }
  const before = readFileSync(SYSCTL, 'utf8').trim();
  t.teardown(() => writeFileSync(SYSCTL, before));
  writeFileSync(SYSCTL, '10');
  const { result } = await runCase('netflix-flush-on-exit', 300_000);
  await checkCommon(t, 'netflix-flush-on-exit', result, {
    condition: 'fs.fuse.default_request_timeout=10',
  });
  const runs = result.evidence.runs as Record<string, any>[]; // eslint-disable-line @typescript-eslint/no-explicit-any
  const verdicts = result.evidence.verdicts as Record<string, string>;
  for (const r of runs) {
    if (r.settled !== 'stuck') continue; // a kernel that does not hang has nothing to time
    t.ok(r.mitigated, `${r.variant}: the case waited for the timeout`);
    t.equal(verdicts[r.variant], r.mitigated.freed ? 'mitigated' : 'deadlock');
    if (r.mitigated.freed) {
      t.match(r.freedBy.how, /request timeout of 10 s/, `${r.variant}: freed by the kernel`);
      // the timer runs every 15 s; nothing can end it sooner than the timeout itself
      t.ok(r.settleMs + r.mitigated.ms >= 10_000, `${r.variant}: not before 10 s`);
    }
  }
  t.match(result.summary, /request timeout 10 s freed it after|deadlock|exited/);
});
