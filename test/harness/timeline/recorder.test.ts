// The recorder: caps that keep the telling items, and what the hooks hand it
// (a server's trace file, a client's reports, signals) in the finished timeline.
import t from 'tap';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { capped, TimelineRecorder } from '../../../harness/timeline/recorder.js';

t.test('capped: the first LIMIT, telling ones first, the rest counted', async (t) => {
  const rows: [string, number[], number, (x: number) => boolean, number[], number | undefined][] = [
    ['under the cap', [1, 2, 3], 5, () => false, [1, 2, 3], undefined],
    ['over: the first', [1, 2, 3, 4], 2, () => false, [1, 2], 2],
    ['over: the telling ones kept, in order', [1, 2, 3, 4], 2, (x) => x === 4, [1, 4], 2],
    ['more telling ones than room', [5, 6, 7], 1, () => true, [5], 2],
  ];
  for (const [name, list, limit, keep, want, dropped] of rows) {
    const counts: Record<string, number> = {};
    t.same(capped(list, limit, 'xs', counts, keep), want, name);
    t.equal(counts.xs, dropped, `${name}: dropped`);
  }
});

t.test('finish: traces, reports and signals on the recorder clock', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'fusefault-tl-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const rec = new TimelineRecorder(() => []);
  const o = rec.origin;
  const trace = join(dir, 'trace.jsonl');
  const ev = [
    { ev: 'request', ts: o + 0.41, unique: '18', op: 'flush', nodeid: '5', path: '/f', pid: 42 },
    { ev: 'interrupt', ts: o + 1.2, unique: '19', target: '18', known: true, policy: 'ignore' },
  ];
  writeFileSync(trace, ev.map((e) => JSON.stringify(e)).join('\n') + '\n');
  rec.trace(trace, 'serve flush:stall');
  rec.trace(join(dir, 'never-written.jsonl'), 'serve flush:stall');
  rec.client(42, () => [{ step: 'close', syscall: 'close', enter: true, ts: o + 0.4 }]);
  rec.signal(42, 'SIGINT');
  rec.signal(40, 'SIGSTOP', { group: true });
  const tl = await rec.finish();
  t.equal(tl.version, 1);
  t.equal(tl.origin, o);
  t.same(
    tl.requests.map((r) => [r.server, r.op, r.t, r.end, r.interrupts.length]),
    [['serve flush:stall', 'flush', 0.41, undefined, 1]],
    'a missing trace gives no requests, not an error',
  );
  t.same(tl.syscalls, [{ pid: 42, syscall: 'close', step: 'close', t: 0.4 }]);
  t.same(
    tl.signals.map((s) => [s.pid, s.signal, s.group]),
    [
      [42, 'SIGINT', undefined],
      [40, 'SIGSTOP', true],
    ],
  );
  t.ok(tl.signals[0]!.t >= 0 && tl.signals[0]!.t <= tl.end, 'signal times within the run');
  t.equal(tl.dropped, undefined, 'nothing capped');
});

t.test('servers alike are numbered', async (t) => {
  const rec = new TimelineRecorder(() => []);
  const dir = mkdtempSync(join(tmpdir(), 'fusefault-tl-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  for (const n of [1, 2, 3]) {
    const f = join(dir, `t${n}`);
    const line = {
      ev: 'request',
      ts: rec.origin + n,
      unique: '2',
      op: 'init',
      nodeid: '0',
      pid: 0,
    };
    writeFileSync(f, JSON.stringify(line) + '\n');
    rec.trace(f, n === 3 ? 'serve' : 'serve flush:stall');
  }
  const tl = await rec.finish();
  t.same(
    tl.requests.map((r) => r.server),
    ['serve flush:stall', 'serve flush:stall #2', 'serve'],
  );
});
