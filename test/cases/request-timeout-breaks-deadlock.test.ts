// request-timeout-breaks-deadlock run for real: on a kernel with the sysctls
// each run (sysctl, server) reports whether and when the hang broke and what
// the mount answered afterwards; on an older kernel, why it does not apply.
import t from 'tap';
import { existsSync } from 'node:fs';
import { checkCommon, runCase } from './run-case.js';

t.test('request-timeout-breaks-deadlock', async (t) => {
  const { result } = await runCase('request-timeout-breaks-deadlock', 250_000);
  await checkCommon(t, 'request-timeout-breaks-deadlock', result);
  const applicable = existsSync('/proc/sys/fs/fuse/default_request_timeout');
  t.equal(
    result.outcome === 'not-applicable',
    !applicable,
    'not-applicable exactly when the sysctl is missing',
  );
  if (!applicable) return;
  t.ok(
    result.recovery.actions.some((a) => a.includes('default_request_timeout')),
    'the sysctl was restored',
  );
  const runs = result.evidence.runs as Record<string, any>[]; // eslint-disable-line @typescript-eslint/no-explicit-any
  t.same(
    runs.map((r) => r.variant),
    ['sysctl', 'server'],
  );
  for (const r of runs) {
    t.type(r.init, 'object', `${r.variant}: the INIT negotiation is in the evidence`);
    if (r.settled !== 'stuck') continue;
    t.type(r.broke, 'boolean', `${r.variant}: whether it broke`);
    if (r.broke) {
      t.type(r.brokeAfterSeconds, 'number', `${r.variant}: after ${r.brokeAfterSeconds} s`);
      t.ok(
        r.mountAfter.length > 0,
        `${r.variant}: the mount afterwards: ${r.mountAfter.join(', ')}`,
      );
    } else t.ok(r.freedBy?.freed, `${r.variant}: freed by abort instead`);
  }
  // FUSE_REQUEST_TIMEOUT came with protocol 7.43
  if (runs[1]!.init.kernelMinor >= 43)
    t.ok(runs[1]!.init.flags.includes('request_timeout'), 'the server asked for the timeout');
});
