// within: the value of what settled in time, null for what did not (which
// goes on); a rejection is the caller's to see.
import t from 'tap';
import { within } from '../../harness/within.js';

t.test('within', async (t) => {
  t.equal(await within(Promise.resolve(7), 1000), 7, 'settled: its value');
  t.equal(await within(new Promise(() => undefined), 5), null, 'never settles: null');
  await t.rejects(within(Promise.reject(new Error('gone')), 1000), /gone/, 'a rejection');
  let late = false;
  const p = new Promise((r) => setTimeout(r, 20)).then(() => (late = true));
  t.equal(await within(p, 1), null, 'not yet');
  await p;
  t.ok(late, 'and it went on');
});
