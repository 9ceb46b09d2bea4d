// request-timeout-breaks-deadlock run for real: on a kernel with the sysctls
// each run (sysctl, server) reports whether and when the hang broke and what
// the mount answered afterwards; on an older kernel, why it does not apply.
import t from 'tap';
import { existsSync } from 'node:fs';
import timeoutCase, {
  outcomeOf,
  type TimeoutRun,
} from '../../cases/request-timeout-breaks-deadlock.js';
import { checkOutcomeTable, type Row } from './outcome-table.js';
import { checkCommon, runCase } from './run-case.js';

t.test('the outcome from both runs', async (t) => {
  const broke: TimeoutRun = {
    variant: 'sysctl',
    settled: 'stuck',
    deadlockFirst: true,
    broke: true,
  };
  const pair = (a: Partial<TimeoutRun>, b: Partial<TimeoutRun>): TimeoutRun[] => [
    { ...broke, ...a },
    { ...broke, variant: 'server', ...b },
  ];
  const table: Row<[TimeoutRun[], number]>[] = [
    ['as on 6.18', [pair({}, {}), 0], 'breaks'],
    ['neither breaks it', [pair({ broke: false }, { broke: false }), 0], 'does-not-break'],
    ['only the sysctl', [pair({}, { broke: false }), 0], 'partial'],
    ['nothing hangs', [pair({ settled: 'exited' }, { settled: 'exited' }), 0], 'no-deadlock'],
    // the machine's own default could have ended the server's run
    [
      'a default of 10 s',
      [pair({}, {}), 10],
      'inconclusive',
      /default of 10 s could have freed it/,
    ],
    ['a default, nothing broke', [pair({ broke: false }, { broke: false }), 10], 'does-not-break'],
    // nothing stuck with SIGKILL pending first: nothing to credit
    [
      'settled on nothing',
      [pair({ settled: 'undecided' }, {}), 0],
      'inconclusive',
      /sysctl: neither/,
    ],
    [
      'no deadlock first',
      [pair({}, { deadlockFirst: false }), 0],
      'inconclusive',
      /SIGKILL pending/,
    ],
    ['one exited, one broke', [pair({ settled: 'exited' }, {}), 0], 'inconclusive', /disagree/],
    ['one run', [pair({}, {}).slice(0, 1), 0], 'inconclusive', /1 runs of 2/],
  ];
  checkOutcomeTable(t, timeoutCase, ([runs, def]) => outcomeOf(runs, def), table);
});

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
  t.equal(
    result.evidence.defaultBefore,
    Number((result.evidence.sysctlsBefore as { default: string }).default),
    'the default from before the case is in the evidence',
  );
  // FUSE_REQUEST_TIMEOUT came with protocol 7.43
  if (runs[1]!.init.kernelMinor >= 43)
    t.ok(runs[1]!.init.flags.includes('request_timeout'), 'the server asked for the timeout');
});
