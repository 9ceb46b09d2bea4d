import t from 'tap';
import { parseExpect } from '../../../harness/runner/expect.js';
import type { LoadedCase } from '../../../harness/runner/discover.js';
import { UsageError } from '../../../src/errors.js';

const c = (id: string): LoadedCase => ({
  id,
  path: `/x/${id}.js`,
  def: {
    title: id,
    requires: {},
    timeoutMs: 1,
    outcomes: ['deadlock', 'no-deadlock'],
    regress: { affected: ['deadlock'], fixed: ['no-deadlock'] },
    run: async () => ({ outcome: '', summary: '', evidence: {} }),
  },
});

t.test('CASE=OUTCOME, and OUTCOME alone with one case', async (t) => {
  t.same(
    [...parseExpect(['a=deadlock', 'b=skipped'], [c('a'), c('b')])],
    [
      ['a', 'deadlock'],
      ['b', 'skipped'],
    ],
  );
  t.same([...parseExpect(['no-deadlock'], [c('a')])], [['a', 'no-deadlock']]);
});

t.test('usage errors: bare outcome with two cases, unknown case, unknown outcome', async (t) => {
  t.throws(() => parseExpect(['deadlock'], [c('a'), c('b')]), UsageError);
  t.throws(() => parseExpect(['z=deadlock'], [c('a')]), UsageError);
  t.throws(() => parseExpect(['a=timeout'], [c('a')]), UsageError, 'a timeout is never ok');
  t.throws(
    () => parseExpect(['a=sideways'], [c('a')]),
    /has outcomes deadlock no-deadlock skipped/,
  );
});

t.test('two --expect for one case are refused, not one silently kept', async (t) => {
  t.throws(() => parseExpect(['a=deadlock', 'a=no-deadlock'], [c('a')]), {
    name: 'UsageError',
    message: `--expect 'a=no-deadlock': a is already expected deadlock`,
  });
  t.throws(() => parseExpect(['deadlock', 'a=deadlock'], [c('a')]), UsageError, 'same outcome too');
});

t.test('an echoed value stays on one line', async (t) => {
  t.throws(() => parseExpect(['a=dead\nlock'], [c('a')]), {
    message: `--expect 'a=dead\\nlock': a has outcomes deadlock no-deadlock skipped`,
  });
});
