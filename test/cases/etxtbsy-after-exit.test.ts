// etxtbsy-after-exit run for real: every attempt's execve result is reported,
// with and without a late FLUSH answer, and the verdict follows from them.
import t from 'tap';
import etxtbsyCase, { outcomeOf, type ExecRun } from '../../cases/etxtbsy-after-exit.js';
import { checkOutcomeTable, type Row } from './outcome-table.js';
import { checkCommon, runCase } from './run-case.js';

t.test('the outcome from the runs', async (t) => {
  const clean = (faults: string[]): ExecRun => ({
    faults,
    attempts: 8,
    etxtbsy: 0,
    otherFailures: [],
    flushesAnswered: 8,
  });
  const RUNS = [clean([]), clean(['flush:delay=300ms'])];
  const late = (p: Partial<ExecRun>) => [RUNS[0]!, { ...RUNS[1]!, ...p }];
  const table: Row<ExecRun[]>[] = [
    ['as on 6.18', RUNS, 'no-etxtbsy'],
    ['one ETXTBSY', late({ etxtbsy: 1 }), 'etxtbsy'],
    // ETXTBSY seen is true however few attempts were made
    ['ETXTBSY, then the client died', late({ etxtbsy: 1, attempts: 2 }), 'etxtbsy'],
    ['the client exited early', late({ attempts: 3 }), 'inconclusive', /3 of 8 attempts/],
    ['nothing ran', late({ attempts: 0, flushesAnswered: 0 }), 'inconclusive', /0 of 8/],
    ['execve failed otherwise', late({ otherFailures: ['EACCES'] }), 'inconclusive', /EACCES/],
    ['no FLUSH through the server', late({ flushesAnswered: 0 }), 'inconclusive', /no FLUSH/],
    ['no run', [], 'inconclusive', /no run/],
  ];
  checkOutcomeTable(t, etxtbsyCase, outcomeOf, table);
});

t.test('etxtbsy-after-exit', async (t) => {
  const { result } = await runCase('etxtbsy-after-exit', 150_000);
  await checkCommon(t, 'etxtbsy-after-exit', result);
  const runs = result.evidence.runs as Record<string, any>[]; // eslint-disable-line @typescript-eslint/no-explicit-any
  t.same(
    runs.map((r) => r.faults),
    [[], ['flush:delay=300ms']],
  );
  for (const r of runs) {
    t.equal(r.execs.length, r.attempts, 'one execve report per attempt');
    for (const e of r.execs) t.ok('errno' in e || e.result === 0, `execve: ${e.errno ?? e.result}`);
    t.ok(r.flushesAnswered > 0, 'the writers flushed through the server');
  }
  t.equal(
    result.outcome,
    outcomeOf(runs as ExecRun[]).outcome,
    'the outcome follows from the runs',
  );
});
