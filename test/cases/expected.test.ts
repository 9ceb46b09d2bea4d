// The expected-outcome table against the cases and the README: every word
// must be one its case declares (or the runner's skip), and the README's
// "outcome on 6.18" column must say what the table says.
import { readFileSync } from 'node:fs';
import t from 'tap';
import { caseIds, loadCases } from '../../harness/runner/discover.js';
import { declaresOutcome } from '../../harness/runner/types.js';
import { EXPECTED, expectedOutcome, kernelKey } from './expected.js';

const README = new URL('../../../README.md', import.meta.url);

t.test('kernelKey', async (t) => {
  t.equal(kernelKey('6.18.44-fc-v1272'), '6.18');
  t.equal(kernelKey('6.1.0-37-amd64'), '6.1');
  t.equal(kernelKey('weird'), 'weird');
});

t.test('every expected word is one its case can give', async (t) => {
  const cases = await loadCases();
  for (const [key, table] of Object.entries(EXPECTED)) {
    for (const [id, want] of Object.entries(table)) {
      const c = cases.find((x) => x.id === id);
      t.ok(c, `${key}: ${id} is a case`);
      if (c) t.ok(want === 'skipped' || declaresOutcome(c.def, want), `${key}: ${id} ${want}`);
    }
  }
  t.same(Object.keys(EXPECTED['6.18']!).sort(), caseIds(), 'every case has a 6.18 outcome');
  t.equal(expectedOutcome('netflix-flush-on-exit', '5.4'), undefined, 'no column, no word');
});

t.test("the README's table says the same for 6.18", async (t) => {
  // the cases' table only: the one whose header says "outcome on 6.18", to its
  // first line that is not a table row (other tables name checks, not cases)
  const lines = readFileSync(README, 'utf8').split('\n');
  const start = lines.findIndex((l) => l.startsWith('|') && l.includes('outcome on 6.18'));
  t.ok(start >= 0, "the README has the cases' table");
  const end = lines.findIndex((l, i) => i > start && !l.startsWith('|'));
  const table = lines.slice(start, end < 0 ? undefined : end).join('\n');
  // | `case-id` | what it does | `outcome`: why ...
  const rows = [...table.matchAll(/^\| `([a-z0-9-]+)` +\|[^|]*\| `([a-z-]+)`/gm)];
  const readme = Object.fromEntries(rows.map((m) => [m[1], m[2]]));
  t.same(readme, EXPECTED['6.18'], 'case by case');
});
