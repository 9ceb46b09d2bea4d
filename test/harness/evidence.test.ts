// tracedRequests pairs each request of a trace with its reply and interrupts;
// a request without a reply is "never answered", the claim cases make.
import t from 'tap';
import { describeRequest, tracedRequests } from '../../harness/evidence.js';
import type { TraceEvent } from '../../src/trace/types.js';

const trace: TraceEvent[] = [
  { ev: 'request', ts: 1, unique: '2', op: 'init', nodeid: '0', pid: 0 },
  { ev: 'reply', ts: 1.1, unique: '2', op: 'init', error: 0, outcome: 'ok', ms: 0.1 },
  { ev: 'request', ts: 2, unique: '8', op: 'flush', nodeid: '5', path: '/f', pid: 42 },
  {
    ev: 'interrupt',
    ts: 2.5,
    unique: '9',
    target: '8',
    op: 'flush',
    known: true,
    policy: 'ignore',
  },
  { ev: 'request', ts: 3, unique: '10', op: 'getattr', nodeid: '1', path: '/', pid: 43 },
  { ev: 'interrupt', ts: 3.5, unique: '11', target: '10', known: true, policy: 'honour' },
  {
    ev: 'reply',
    ts: 3.6,
    unique: '10',
    op: 'getattr',
    error: -4,
    errname: 'EINTR',
    outcome: 'interrupted',
    ms: 600,
  },
];

t.test('requests with their fate', async (t) => {
  const rs = tracedRequests(trace);
  t.same(
    rs.map((r) => [r.op, r.answered, r.interrupts]),
    [
      ['init', 'ok', []],
      ['flush', null, ['ignore']],
      ['getattr', 'interrupted EINTR', ['honour']],
    ],
  );
  t.same(
    tracedRequests(trace, ['flush']).map((r) => r.unique),
    ['8'],
    'filtered by op',
  );
});

t.test('one line per request', async (t) => {
  const [, flush, getattr] = tracedRequests(trace);
  t.equal(describeRequest(flush!), 'flush /f pid 42 unique 8: never answered, INTERRUPT ignore');
  t.equal(
    describeRequest(getattr!),
    'getattr / pid 43 unique 10: answered interrupted EINTR, INTERRUPT honour',
  );
});
