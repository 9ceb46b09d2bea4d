// The registry: unique ids in run order, every check able to say it could
// not decide, and `--only` selection keeping run order.
import t from 'tap';
import { CHECK_IDS, CHECKS, isCheckId, selectChecks } from '../../../harness/check/registry.js';

t.test('ids are unique, kebab-case, and every check can be inconclusive', async (t) => {
  t.equal(new Set(CHECK_IDS).size, CHECK_IDS.length);
  for (const c of CHECKS) {
    t.match(c.id, /^[a-z]+(-[a-z]+)*$/);
    t.ok(c.outcomes.includes('inconclusive'), `${c.id} can say inconclusive`);
    t.ok(c.timeoutMs > 0);
  }
});

t.test('selection keeps run order; nothing selected is everything', async (t) => {
  t.same(
    selectChecks([]).map((c) => c.id),
    CHECK_IDS,
  );
  t.same(
    selectChecks([...CHECK_IDS].reverse()).map((c) => c.id),
    CHECK_IDS,
  );
  t.ok(isCheckId('own-mount-fds'));
  t.notOk(isCheckId('nope'));
});
