import t from 'tap';
import { parseSoakOptions } from '../../../bench/soak/options.js';

t.test('defaults, environment, command line', async (t) => {
  const d = parseSoakOptions([], {});
  t.equal(d.seed, 1);
  t.ok(d.runs > 0 && d.sigintRuns > 0 && d.inputs >= 1000 && d.budgetS <= 900);
  t.equal(d.json, undefined);
  const e = parseSoakOptions([], { SOAK_RUNS: '3', SOAK_BUDGET_S: '60', SOAK_JSON: 'x.json' });
  t.equal(e.runs, 3);
  t.equal(e.budgetS, 60);
  t.equal(e.json, 'x.json');
  const c = parseSoakOptions(['--runs', '5', '--seed=9', '--sigint-runs', '0'], { SOAK_RUNS: '3' });
  t.same([c.runs, c.seed, c.sigintRuns], [5, 9, 0], 'the command line wins');
});

t.test('bad options', async (t) => {
  t.throws(() => parseSoakOptions(['--runs', 'x'], {}), /--runs \(SOAK_RUNS\) must be/);
  t.throws(() => parseSoakOptions([], { SOAK_INPUTS: '-1' }), /SOAK_INPUTS/);
  t.throws(() => parseSoakOptions(['--frob', '1'], {}), /unknown option --frob/);
  t.throws(() => parseSoakOptions(['--runs'], {}), /needs a value/);
  t.throws(() => parseSoakOptions(['runs'], {}), /unexpected argument/);
});
