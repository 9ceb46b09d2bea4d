import t from 'tap';
import { farmSafe } from '../../../harness/runner/farm-safe.js';
import { lkftParse } from '../../kselftest/lkft-parse.js';

// lines a case or the runner may print, each of which LKFT would take for a result
const TRAPS = [
  '# c: summary: release took 12 ms',
  '[c] mountAfter: ok 0, ECONNABORTED',
  '  summary: "not ok 3 in the guest"',
  '# c: summary: ran # selftests: other: x.sh first',
];

t.test('LKFT finds no result in farm-safe text, and the words stay', async (t) => {
  t.ok(lkftParse(TRAPS).length > 0, 'the traps are real: unescaped they read as results');
  t.same(lkftParse([...TRAPS.map(farmSafe), 'ok 1 c']), ['_c pass'], 'only the real one');
  t.equal(farmSafe(TRAPS[0]!), '# c: summary: release took  12 ms');
  t.equal(farmSafe('ok go 1'), 'ok go 1', 'only "ok" right before a number');
});
