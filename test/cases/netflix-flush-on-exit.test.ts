// netflix-flush-on-exit run for real: whatever this kernel does, each run
// reports how it settled, with the /proc evidence the verdict rests on, and
// a hang is freed (and timed) by aborting or answering.
import t from 'tap';
import netflixCase, { outcomeOf } from '../../cases/netflix-flush-on-exit.js';
import type { FlushRunVerdict } from '../../cases/lib/flush-verdict.js';
import { checkOutcomeTable, type Row } from './outcome-table.js';
import { checkCommon, runCase } from './run-case.js';

type V = FlushRunVerdict['verdict'];
const runs = (plain: V, pidns: V, client: V, missing: string[] = []) => ({
  plain: { verdict: plain, missing: plain === 'undecided' ? missing : [] },
  pidns: { verdict: pidns, missing: [] },
  'pidns-client': { verdict: client, missing: [] },
});

t.test('the outcome from the runs', async (t) => {
  const table: Row<Record<string, FlushRunVerdict>>[] = [
    ['as on 6.18', runs('deadlock', 'deadlock', 'deadlock'), 'deadlock'],
    ['nothing hangs', runs('exited', 'exited', 'exited'), 'no-deadlock'],
    ['the timeout ends each', runs('mitigated', 'mitigated', 'mitigated'), 'mitigated'],
    ['the timeout ends one, two exit', runs('exited', 'mitigated', 'exited'), 'mitigated'],
    ['one deadlock', runs('exited', 'deadlock', 'exited'), 'partial-deadlock'],
    ['one deadlock, one mitigated', runs('deadlock', 'mitigated', 'mitigated'), 'partial-deadlock'],
    // a run that settled on nothing, or on half the shape, is not a deadlock
    [
      'plain undecided',
      runs('undecided', 'deadlock', 'deadlock', ['no SIGKILL pending']),
      'inconclusive',
      /plain: no SIGKILL pending/,
    ],
    ['no run', {}, 'inconclusive', /no run/],
  ];
  checkOutcomeTable(t, netflixCase, outcomeOf, table);
});

t.test('netflix-flush-on-exit', async (t) => {
  const { result } = await runCase('netflix-flush-on-exit', 200_000);
  await checkCommon(t, 'netflix-flush-on-exit', result);
  const runs = result.evidence.runs as Record<string, any>[]; // eslint-disable-line @typescript-eslint/no-explicit-any
  t.same(
    runs.map((r) => r.variant),
    ['plain', 'pidns', 'pidns-client'],
  );
  for (const r of runs) {
    t.ok(
      ['stuck', 'exited', 'undecided'].includes(r.settled),
      `${r.variant}: settled ${r.settled}`,
    );
    t.equal(
      r.deadlock,
      result.evidence.verdicts &&
        (result.evidence.verdicts as Record<string, string>)[r.variant] === 'deadlock',
    );
    if (r.settled === 'stuck') {
      t.match(
        r.stuckTask.stack,
        ['request_wait_answer'],
        `${r.variant}: the stuck task's kernel stack`,
      );
      t.ok(r.stuckTask.stack.includes('fuse_flush'));
      t.type(r.connection.waiting, 'number', `${r.variant}: fusectl waiting count`);
      t.ok(r.freedBy, `${r.variant}: the hang was ended`);
      t.ok(r.freedBy.freed, `${r.variant}: freed by ${r.freedBy.how}`);
    }
    if (r.variant !== 'plain') {
      const init = r.init;
      t.type(init.enterable.enterable, 'boolean', `${r.variant}: namespace entry measured`);
      t.type(r.checks.initInZap.ok, 'boolean');
    }
  }
  const client = runs[2]!;
  if (client.settled === 'stuck')
    t.match(client.flushInTrace[0], /^flush .* never answered/, 'the trace shows the FLUSH held');
});
