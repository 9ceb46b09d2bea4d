// waitStable: a final look ends the wait at once; a held state must keep its
// name for stableMs (a change starts the window again); nothing by the
// deadline is undefined, and an abort is the caller's.
import t from 'tap';
import { waitStable, type Look } from '../../harness/wait-stable.js';

/** A look that gives LOOKS in turn, then the last one forever; counts the looks. */
function scripted<T>(looks: Look<T>[]) {
  let n = 0;
  const look = () => Promise.resolve(looks[Math.min(n++, looks.length - 1)]);
  return { look, count: () => n };
}

t.test('a final answer at once', async (t) => {
  const s = scripted<string>([{ final: 'returned' }]);
  t.equal(await waitStable(s.look, { stableMs: 60_000, timeoutMs: 60_000, what: 'x' }), 'returned');
  t.equal(s.count(), 1, 'after one look');
});

t.test('a held state, once it kept its name', async (t) => {
  // S twice, then D for good: the answer is D's, though S came first
  const s = scripted<string>([
    { held: 'blocked-S', value: 'S' },
    { held: 'blocked-S', value: 'S' },
    { held: 'blocked-D', value: 'D' },
  ]);
  t.equal(await waitStable(s.look, { stableMs: 30, timeoutMs: 60_000, what: 'x' }), 'D');
  t.ok(s.count() > 3, 'D was looked at again before it counted');
});

t.test('nothing to say, or no state that holds: undefined at the deadline', async (t) => {
  const none = scripted<string>([undefined]);
  t.equal(await waitStable(none.look, { stableMs: 0, timeoutMs: 30, what: 'x' }), undefined);
  let n = 0;
  const flicker = () => Promise.resolve({ held: n++ % 2 ? 'S' : 'D', value: n });
  // a name that changes at every look never holds, though looks come further apart
  t.equal(await waitStable(flicker, { stableMs: 50, timeoutMs: 400, what: 'x' }), undefined);
});

t.test('an abort throws', async (t) => {
  const ac = new AbortController();
  ac.abort(new Error('case timed out'));
  const none = scripted<string>([undefined]);
  await t.rejects(
    waitStable(none.look, { stableMs: 0, timeoutMs: 60_000, signal: ac.signal, what: 'x' }),
    /case timed out/,
  );
});
