// The case child's step hooks on their own: each event is sent as it happens,
// a begin waits for the runner's go, an abort rejects a waiting begin with its
// reason, and a case's mistakes (end of a step never begun, ended twice) throw.
import t from 'tap';
import { childSteps } from '../../../harness/runner/step-hooks.js';
import type { StepEvent } from '../../../harness/runner/steps.js';
import { monotonic } from '../../../src/trace/types.js';

function hooks() {
  const sent: StepEvent[] = [];
  const abort = new AbortController();
  const s = childSteps({ origin: monotonic(), send: (e) => sent.push(e), signal: abort.signal });
  return { ...s, sent, abort };
}

t.test('a begin is sent at once and resolves on the go with its index', async (t) => {
  const { hooks: h, go, sent } = hooks();
  let resolved: number | undefined;
  const first = h.begin({ title: 'start', say: 'watch', watch: [7] }).then((i) => (resolved = i));
  t.match(sent, [{ kind: 'begin', index: 0, title: 'start', say: 'watch', watch: [7] }]);
  t.ok(sent[0]!.at >= 0, 'timed since the origin');
  await Promise.resolve();
  t.equal(resolved, undefined, 'not before the go');
  go(0);
  t.equal(await first, 0);
  const second = h.begin({ title: 'next' });
  t.notOk('say' in sent[1]! || 'watch' in sent[1]!, 'absent fields stay absent');
  go(1);
  t.equal(await second, 1, 'indices count up');
});

t.test('end carries the result and its data as JSON can', async (t) => {
  const { hooks: h, go, sent } = hooks();
  const p = h.begin({ title: 'stat' });
  go(0);
  h.end(await p, 'in D', { nodeid: 1n, stack: ['fuse_flush'] });
  t.match(sent[1], { kind: 'end', index: 0, result: 'in D' });
  t.same((sent[1] as { data: unknown }).data, { nodeid: '1', stack: ['fuse_flush'] });
  t.throws(() => h.end(0, 'again'), /already ended/);
  t.throws(() => h.end(3, 'never'), /no step 3 was begun/);
});

t.test('an abort rejects a begin that waits, and any begin after it', async (t) => {
  const { hooks: h, abort } = hooks();
  const waiting = h.begin({ title: 'held' });
  abort.abort(new Error('timeout'));
  await t.rejects(waiting, /timeout/);
  await t.rejects(h.begin({ title: 'late' }), /timeout/);
});

t.test('a step needs a title', async (t) => {
  const { hooks: h, sent } = hooks();
  await t.rejects(h.begin({ title: '' }), /needs a title/);
  t.same(sent, []);
});
