// netflix-flush-on-exit run for real: whatever this kernel does, each run
// reports how it settled, with the /proc evidence the verdict rests on, and
// a hang is freed (and timed) by aborting or answering.
import t from 'tap';
import { checkCommon, runCase } from './run-case.js';

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
