import t from 'tap';
import type { RunResult } from '../../../harness/runner/types.js';
import { kernelRecords, lastLines, unavailableRecords } from '../../../harness/vm/records.js';
import { markdownTable, textTable } from '../../../harness/vm/report.js';
import type { VmRun } from '../../../harness/vm/vmrun.js';

const RESULT: RunResult = {
  kernel: {
    release: '6.1.0-50-cloud-amd64',
    version: '#1 SMP',
    preempt: 'voluntary',
    fuseProtocolMinor: 37,
    requestTimeoutSysctls: false,
  },
  startedAt: '2026-11-21T06:00:00Z',
  cases: [
    {
      id: 'netflix-flush-on-exit',
      outcome: 'deadlock',
      summary: 'deadlock: D in fuse_flush, SIGKILL pending',
      evidence: { frames: ['request_wait_answer', 'fuse_flush'] },
      durationMs: 9000,
      recovery: { clean: true, actions: [], leftovers: [] },
      ok: true,
    },
  ],
};

const okRun: VmRun = {
  status: 'ok',
  reason: 'exit 0',
  release: '6.1.0-50-cloud-amd64',
  result: RESULT,
  attempts: [{ status: 'ok', reason: 'exit 0', wallMs: 20_000 }],
  tail: [],
  wallMs: 21_000,
  finished: [],
};

t.test('a case result becomes a record with the guest facts', async (t) => {
  const [r, missing] = kernelRecords('debian:bookworm', okRun, ['netflix-flush-on-exit', 'other']);
  t.same(r, {
    kernel: 'debian:bookworm',
    release: '6.1.0-50-cloud-amd64',
    case: 'netflix-flush-on-exit',
    outcome: 'deadlock',
    evidence: 'deadlock: D in fuse_flush, SIGKILL pending',
    details: { frames: ['request_wait_answer', 'fuse_flush'] },
    ok: true,
    durationMs: 9000,
    facts: { preempt: 'voluntary', fuseProtocolMinor: 37, requestTimeoutSysctls: false },
    boots: 1,
  });
  t.match(missing, { case: 'other', outcome: 'NO-RESULT', ok: false });
});

t.test('a dead guest gives every case its verdict, with the last output', async (t) => {
  const dead: VmRun = {
    status: 'timeout',
    reason: 'guest still running after 300 s, killed',
    release: '7.2.13+deb14-cloud-amd64',
    attempts: [
      { status: 'panic', reason: 'at boot: double fault', wallMs: 3000 },
      { status: 'timeout', reason: 'x', wallMs: 300_000 },
    ],
    tail: [
      '@@FUSEFAULT-INIT 7.2.13',
      'ok 1 - a',
      '',
      'INFO: task node:99 blocked for more than 120 seconds.',
    ],
    wallMs: 303_000,
    finished: [],
  };
  const rs = kernelRecords('debian:sid', dead, ['a', 'b']);
  t.equal(rs.length, 2);
  t.match(rs[1], {
    kernel: 'debian:sid',
    case: 'b',
    outcome: 'TIMEOUT',
    release: '7.2.13+deb14-cloud-amd64',
    boots: 2,
  });
  t.match(
    rs[1]!.evidence,
    /killed \(after 2 boots\); last output: ok 1 - a \| INFO: task node:99 blocked/,
  );
  t.equal(lastLines(['@@FUSEFAULT-X', 'a', ' ', 'b']), 'a | b');
  t.match(unavailableRecords('build:6.1', 'no such recipe', [])[0], {
    case: '*',
    outcome: 'KERNEL-UNAVAILABLE',
    release: null,
  });
});

t.test('cases that finished before the guest died keep their outcome', async (t) => {
  const dead: VmRun = {
    status: 'panic',
    reason: 'while running: Kernel panic - not syncing: softlockup: hung tasks',
    release: '7.2.13',
    attempts: [{ status: 'panic', reason: 'x', wallMs: 60_000 }],
    tail: [],
    wallMs: 60_000,
    finished: [{ id: 'a', outcome: 'deadlock', summary: 'D in fuse_flush', ok: true }],
  };
  const [a, b] = kernelRecords('debian:sid', dead, ['a', 'b']);
  t.match(a, { case: 'a', outcome: 'deadlock', ok: true });
  t.match(a!.evidence, /^D in fuse_flush \(read from the console; then PANIC\)$/);
  t.match(b, { case: 'b', outcome: 'PANIC', ok: false });
  const all = kernelRecords('debian:sid', dead, []);
  t.same(
    all.map((r) => [r.case, r.outcome]),
    [
      ['a', 'deadlock'],
      ['*', 'PANIC'],
    ],
    'with no case list: what finished, then the verdict for the rest',
  );
});

t.test('tables', async (t) => {
  const records = kernelRecords('debian:bookworm', okRun, []);
  const kernels = [
    { kernel: 'debian:bookworm', release: 'x', boots: 1, wallMs: 21_400, status: 'ok' },
  ];
  const text = textTable(records, kernels);
  const [head, row] = text.trimEnd().split('\n');
  t.match(head, /^kernel\s+release\s+case\s+outcome\s+evidence\s+facts\s+wall$/);
  t.match(
    row,
    /^debian:bookworm\s+6\.1\.0-50-cloud-amd64\s+netflix-flush-on-exit\s+deadlock\s+deadlock: D in fuse_flush, SIGKILL pending\s+voluntary 7\.37\s+21 s$/,
  );
  const md = markdownTable(records, kernels).split('\n');
  t.equal(md[1], '| --- | --- | --- | --- | --- | --- | --- |');
  t.match(md[2], /^\| debian:bookworm \| .* \| deadlock \| .* \| 21 s \|$/);
  const piped = kernelRecords(
    'k',
    { ...okRun, result: { ...RESULT, cases: [{ ...RESULT.cases[0]!, summary: 'a|b' }] } },
    [],
  );
  t.match(markdownTable(piped, []), /a\\\|b/, 'pipes escaped');
});
