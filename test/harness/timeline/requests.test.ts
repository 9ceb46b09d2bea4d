// Trace events as request spans, client reports as syscall spans: the story
// of a held FLUSH (read, stalled, an INTERRUPT ignored, released) on one clock.
import t from 'tap';
import type { ClientReport } from '../../../harness/clients/report.js';
import { requestsOf, syscallsOf } from '../../../harness/timeline/requests.js';
import type { TraceEvent } from '../../../src/trace/types.js';

const O = 1000; // the origin: CLOCK_MONOTONIC seconds at t = 0

t.test('requestsOf: read, fault, interrupt and answer of each request', async (t) => {
  const events: TraceEvent[] = [
    { ev: 'request', ts: O + 0.1, unique: '2', op: 'init', nodeid: '0', pid: 0 },
    { ev: 'init', ts: O + 0.11, kernelMajor: 7, kernelMinor: 41, minor: 41, flags: [] },
    { ev: 'request', ts: O + 0.4, unique: '8', op: 'lookup', nodeid: '1', path: '/f', pid: 42 },
    {
      ev: 'reply',
      ts: O + 0.401,
      unique: '8',
      op: 'lookup',
      error: -2,
      errname: 'ENOENT',
      outcome: 'errno',
      ms: 1,
    },
    { ev: 'request', ts: O + 0.41, unique: '18', op: 'flush', nodeid: '5', path: '/f', pid: 42 },
    { ev: 'fault', ts: O + 0.41, unique: '18', op: 'flush', rule: 0, action: 'stall' },
    {
      ev: 'interrupt',
      ts: O + 1.2,
      unique: '19',
      target: '18',
      op: 'flush',
      known: true,
      policy: 'ignore',
    },
    { ev: 'interrupt', ts: O + 1.3, unique: '21', target: '99', known: false, policy: 'eagain' },
    { ev: 'request', ts: O + 1.5, unique: '22', op: 'getattr', nodeid: '1', pid: 43 },
  ];
  t.same(requestsOf(events, 'serve flush:stall', O), [
    {
      server: 'serve flush:stall',
      unique: '2',
      op: 'init',
      pid: 0,
      t: 0.1,
      interrupts: [],
      end: 0.11,
      outcome: 'ok',
    },
    {
      server: 'serve flush:stall',
      unique: '8',
      op: 'lookup',
      path: '/f',
      pid: 42,
      t: 0.4,
      interrupts: [],
      end: 0.401,
      outcome: 'errno ENOENT',
    },
    {
      server: 'serve flush:stall',
      unique: '18',
      op: 'flush',
      path: '/f',
      pid: 42,
      t: 0.41,
      fault: 'stall',
      interrupts: [{ t: 1.2, policy: 'ignore', known: true }],
    },
    { server: 'serve flush:stall', unique: '22', op: 'getattr', pid: 43, t: 1.5, interrupts: [] },
  ]);
});

t.test('requestsOf: a unique reused after its answer belongs to the new request', async (t) => {
  const events: TraceEvent[] = [
    { ev: 'request', ts: O + 1, unique: '4', op: 'getattr', nodeid: '1', pid: 1 },
    { ev: 'reply', ts: O + 1.1, unique: '4', op: 'getattr', error: 0, outcome: 'ok', ms: 100 },
    { ev: 'request', ts: O + 2, unique: '4', op: 'flush', nodeid: '2', pid: 1 },
    { ev: 'reply', ts: O + 3, unique: '4', op: 'flush', error: 0, outcome: 'released', ms: 1000 },
  ];
  const rs = requestsOf(events, 's', O);
  t.same(
    rs.map((r) => [r.op, r.t, r.end, r.outcome]),
    [
      ['getattr', 1, 1.1, 'ok'],
      ['flush', 2, 3, 'released'],
    ],
  );
});

t.test('syscallsOf: enter opens, the next line of the step closes', async (t) => {
  const reports: ClientReport[] = [
    { step: 'open', syscall: 'openat', enter: true, ts: O + 0.3 },
    { step: 'open', syscall: 'openat', result: 3, ts: O + 0.35 },
    { step: 'close', syscall: 'close', enter: true, ts: O + 0.41 },
    { step: 'close', syscall: 'close', errno: 'EINTR', ts: O + 1.2 },
    { step: 'signal', syscall: 'sigaction', result: 'SIGINT', ts: O + 1.21 },
    { step: 'close2', syscall: 'close', enter: true, ts: O + 1.3 },
  ];
  t.same(syscallsOf(7, reports, O), [
    { pid: 7, syscall: 'openat', step: 'open', t: 0.3, end: 0.35, result: 3 },
    { pid: 7, syscall: 'close', step: 'close', t: 0.41, end: 1.2, errno: 'EINTR' },
    { pid: 7, syscall: 'sigaction', step: 'signal', t: 1.21, end: 1.21, result: 'SIGINT' },
    { pid: 7, syscall: 'close', step: 'close2', t: 1.3 },
  ]);
});
