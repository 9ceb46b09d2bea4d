// The requests the demo shows, from a trace file written as a server writes
// it: one unanswered for a while (or faulted, or interrupted) is news, then
// each INTERRUPT for it and its reply; one answered at once never is.
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { dir } from 'tmp-promise';
import { RequestWatch, SHOWN_AFTER_S } from '../../../harness/demo/requests.js';
import type { TraceEvent } from '../../../src/trace/types.js';

async function traceFile(t: Test) {
  const d = await dir({ unsafeCleanup: true });
  t.teardown(() => d.cleanup());
  const file = join(d.path, 'trace.jsonl');
  writeFileSync(file, '');
  const add = (...events: TraceEvent[]) =>
    appendFileSync(file, events.map((e) => `${JSON.stringify(e)}\n`).join(''));
  return { file, add };
}

const request = (unique: string, op: string, ts: number): TraceEvent => ({
  ev: 'request',
  ts,
  unique,
  op,
  nodeid: '2',
  path: '/f',
  pid: 812,
});

t.test('a held FLUSH: shown, interrupted, answered; a quick LOOKUP never', async (t) => {
  const { file, add } = await traceFile(t);
  const w = new RequestWatch();
  w.add(file, 'serve flush:stall');
  w.add(file, 'serve flush:stall'); // a file once, however often it is told
  add(request('4', 'lookup', 100));
  t.same(w.poll(100.01), [], 'just read: not news yet');
  add({ ev: 'reply', ts: 100.02, unique: '4', op: 'lookup', error: 0, outcome: 'ok', ms: 20 });
  t.same(w.poll(101), [], 'answered before it was worth showing');
  add(request('6', 'flush', 101));
  add({ ev: 'fault', ts: 101, unique: '6', op: 'flush', rule: 0, action: 'stall' });
  const held = w.poll(101.1);
  t.match(held, [{ kind: 'held', r: { op: 'flush', unique: '6', fault: 'stall', pid: 812 } }]);
  t.equal(held.length, 1, 'the lookup is not in it');
  t.same(w.poll(101.2), [], 'said once');
  t.match(w.inFlight(103), [{ r: { unique: '6' }, age: 2 }]);
  add({ ev: 'interrupt', ts: 102, unique: '7', target: '6', known: true, policy: 'ignore' });
  t.match(w.poll(102.1), [{ kind: 'interrupt', policy: 'ignore', known: true, age: 1 }]);
  add({ ev: 'reply', ts: 106, unique: '6', op: 'flush', error: 0, outcome: 'released', ms: 5000 });
  t.match(w.poll(106.1), [{ kind: 'answered', age: 5, r: { outcome: 'released' } }]);
  t.same(w.inFlight(107), [], 'nothing in flight');
});

t.test('without a fault: news once unanswered for SHOWN_AFTER_S', async (t) => {
  const { file, add } = await traceFile(t);
  const w = new RequestWatch();
  w.add(file, 'serve');
  add(request('8', 'getattr', 10));
  t.same(w.poll(10 + SHOWN_AFTER_S / 2), []);
  t.match(w.poll(10 + SHOWN_AFTER_S), [{ kind: 'held', r: { op: 'getattr' } }]);
});

t.test('a trace not written yet, or cut mid-line, gives nothing yet', async (t) => {
  const { file } = await traceFile(t);
  const w = new RequestWatch();
  w.add(join(file, '..', 'missing.jsonl'), 'serve');
  appendFileSync(file, '{"ev":"request","ts":1,');
  w.add(file, 'serve');
  t.same(w.poll(50), []);
});
