// Waiting for Enter: a line lets one wait go; a line typed while nothing waits
// does not skip a later step; the end of input or an abort ends a wait.
import { PassThrough } from 'node:stream';
import t from 'tap';
import { EnterKey, pause } from '../../../harness/demo/pace.js';

const never = new AbortController().signal;

t.test('Enter lets the waiting step go, and only that one', async (t) => {
  const input = new PassThrough();
  const key = new EnterKey(input);
  t.teardown(() => key.close());
  input.write('\n'); // early: nobody waits
  await new Promise((r) => setImmediate(r));
  let second = false;
  const first = key.wait(never);
  input.write('\n');
  await first;
  const next = key.wait(never).then(() => (second = true));
  await new Promise((r) => setImmediate(r));
  t.equal(second, false, 'the next wait needs its own Enter');
  input.write('go\n');
  await next;
  t.equal(second, true);
});

t.test('the end of input and an abort end a wait', async (t) => {
  const input = new PassThrough();
  const key = new EnterKey(input);
  const abort = new AbortController();
  const waiting = key.wait(abort.signal);
  abort.abort();
  await waiting;
  const open = key.wait(never);
  input.end();
  await open;
  await key.wait(never); // after the end: at once
  t.pass('no wait left hanging');
});

t.test('pause: ends by itself, or at once on abort', async (t) => {
  await pause(1, never);
  const abort = new AbortController();
  const p = pause(600_000, abort.signal);
  abort.abort();
  await p;
  t.pass('an aborted pause does not hold the process');
});
