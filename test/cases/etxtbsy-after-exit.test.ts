// etxtbsy-after-exit run for real: every attempt's execve result is reported,
// with and without a late FLUSH answer, and the verdict follows from them.
import t from 'tap';
import { checkCommon, runCase } from './run-case.js';

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
  const hits = runs.reduce((n, r) => n + r.etxtbsy, 0);
  if (result.outcome !== 'inconclusive')
    t.equal(result.outcome === 'etxtbsy', hits > 0, 'verdict matches the counts');
});
