// requestsSince: a request belongs to a step when the step saw it read,
// answered or interrupted; one finished before the step began does not.
import t from 'tap';
import { requestsSince } from '../../../harness/case-api/requests.js';
import type { TraceEvent } from '../../../src/trace/types.js';

const req = (ts: number, unique: string, op: string): TraceEvent => ({
  ev: 'request',
  ts,
  unique,
  op,
  nodeid: '1',
  pid: 100,
});
const reply = (ts: number, unique: string, op: string): TraceEvent => ({
  ev: 'reply',
  ts,
  unique,
  op,
  error: 0,
  outcome: 'ok',
  ms: 1,
});

// before the step (at 10 s): a LOOKUP read and answered, a FLUSH read and held
const EVENTS: TraceEvent[] = [
  req(9.0, '2', 'lookup'),
  reply(9.1, '2', 'lookup'),
  req(9.5, '4', 'flush'),
  // during it: an INTERRUPT of the FLUSH, a GETATTR read, never answered
  { ev: 'interrupt', ts: 10.2, unique: '6', target: '4', known: true, policy: 'ignore' },
  req(10.3, '8', 'getattr'),
];

t.test('what the step touched, with what became of it', async (t) => {
  const got = requestsSince(EVENTS, 10);
  t.same(
    got.map((r) => [r.unique, r.op, r.answered, r.interrupts]),
    [
      ['4', 'flush', null, ['ignore']],
      ['8', 'getattr', null, []],
    ],
  );
  t.same(
    requestsSince([...EVENTS, reply(10.5, '4', 'flush')], 10).map((r) => [r.unique, r.answered]),
    [
      ['4', 'ok'],
      ['8', null],
    ],
    'the FLUSH answered in the step',
  );
  t.same(requestsSince(EVENTS, 11), [], 'nothing after the last event');
  t.equal(requestsSince(EVENTS, 0).length, 3, 'from the start: every request');
});
