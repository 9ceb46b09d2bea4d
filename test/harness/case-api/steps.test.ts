// The step runner against a recording StepHooks: every step is announced
// before it runs and ended after with its line, the watched processes read
// from /proc; without hooks it still runs and counts its steps.
import { spawnSync } from 'node:child_process';
import t from 'tap';
import { stepsOf } from '../../../harness/case-api/steps.js';
import type { StepHooks } from '../../../harness/runner/steps.js';
import { monotonic, type TraceEvent } from '../../../src/trace/types.js';

// Records what a case tells its hooks, in order; begin numbers from FIRST and
// lets the step start only when `open` resolves (a paced viewer's Enter).
function recorder(first = 0) {
  const log: string[] = [];
  const ends: { index: number; result: string; data: unknown }[] = [];
  let next = first;
  const hooks: StepHooks = {
    async begin(s) {
      log.push(`begin ${s.title} say=${s.say ?? '-'} watch=${(s.watch ?? []).join(',')}`);
      await Promise.resolve();
      log.push('open');
      return next++;
    },
    end(index, result, data) {
      log.push(`end ${index} ${result}`);
      ends.push({ index, result, data });
    },
  };
  return { hooks, log, ends };
}

t.test('announced, run, ended, in that order, with the hooks numbering', async (t) => {
  const { hooks, log, ends } = recorder(7);
  const step = stepsOf({ steps: hooks });
  const v = await step(
    'start the thing',
    { say: 'watch it start', result: (n: number) => `got ${n}`, data: (n) => ({ n }) },
    async () => {
      log.push('run');
      return 41;
    },
  );
  t.equal(v, 41, 'the step gives its value');
  await step('second', {}, async () => undefined);
  t.same(log, [
    'begin start the thing say=watch it start watch=',
    'open',
    'run',
    'end 7 got 41',
    'begin second say=- watch=',
    'open',
    'end 8 done',
  ]);
  t.same(ends[0]!.data, { data: { n: 41 }, watched: [], failed: undefined });
  t.same(
    step.records.map((r) => [r.index, r.title, r.result]),
    [
      [7, 'start the thing', 'got 41'],
      [8, 'second', 'done'],
    ],
  );
  t.ok(step.records[0]!.endedAt >= step.records[0]!.begunAt, 'on one clock, end after begin');
});

t.test('without hooks: the steps run and are counted from 0', async (t) => {
  const step = stepsOf({});
  await step('a', {}, async () => 1);
  await step('b', { result: () => 'b done' }, async () => 2);
  t.same(
    step.records.map((r) => [r.index, r.result]),
    [
      [0, 'done'],
      [1, 'b done'],
    ],
  );
});

t.test('a step that throws is ended as failed, and the error goes on', async (t) => {
  const { hooks, ends } = recorder();
  const step = stepsOf({ steps: hooks });
  await t.rejects(
    step('break', {}, async () => {
      throw new Error('no mount');
    }),
    /no mount/,
  );
  t.equal(ends[0]!.result, 'failed: no mount');
  t.equal(step.records[0]!.failed, 'no mount');
});

t.test('the watched processes are read from /proc when the step ends', async (t) => {
  const { hooks, log, ends } = recorder();
  const step = stepsOf({ steps: hooks });
  // a pid that has exited and been reaped: gone
  const dead = spawnSync('true').pid;
  await step('look', { watch: [process.pid, dead] }, async () => undefined);
  t.match(log[0], new RegExp(`watch=${process.pid},${dead}$`), 'announced with the pids');
  const [self, gone] = step.records[0]!.watched;
  t.equal(self!.pid, process.pid);
  t.notOk(self!.gone, 'this process is there');
  t.ok(
    self!.tasks.some((k) => k.tid === process.pid && k.stack !== undefined),
    'its main thread, with what /proc gave of its stack',
  );
  t.ok(gone!.gone, 'the exited one is gone');
  t.same((ends[0]!.data as { watched: unknown }).watched, step.records[0]!.watched);
});

t.test('watch as a function: asked when the step ends, not announced', async (t) => {
  const { hooks, log } = recorder();
  const step = stepsOf({ steps: hooks });
  let started: number | undefined;
  await step('start it', { watch: () => [started!] }, async () => {
    started = process.pid;
  });
  t.equal(log[0], 'begin start it say=- watch=', 'no pid known at the announcement');
  t.same(step.records[0]!.watch, [process.pid], 'the pid known at the end');
  t.equal(step.records[0]!.watched[0]!.pid, process.pid);
  const never: { pid?: number } = {};
  await t.rejects(
    step('fails first', { watch: () => [never.pid!] }, async () => {
      throw new Error('spawn failed');
    }),
  );
  t.same(step.records[1]!.watched, [], 'nothing started: nothing read');
});

t.test("a step's server: the requests its trace shows touched during the step", async (t) => {
  const { hooks, ends } = recorder();
  const step = stepsOf({ steps: hooks });
  const events: TraceEvent[] = [];
  const at = (dt: number) => monotonic() + dt;
  // read long before the step: not the step's
  events.push({ ev: 'request', ts: at(-60), unique: '2', op: 'lookup', nodeid: '1', pid: 1 });
  await step('send FLUSH', { server: { events: () => events } }, async () => {
    events.push({ ev: 'request', ts: at(0), unique: '4', op: 'flush', nodeid: '5', pid: 7 });
  });
  t.same(
    step.records[0]!.requests!.map((r) => [r.unique, r.op, r.answered]),
    [['4', 'flush', null]],
  );
  t.same((ends[0]!.data as { requests: unknown }).requests, step.records[0]!.requests);
  await step('no server', {}, async () => undefined);
  t.equal(step.records[1]!.requests, undefined, 'no server named: none read');
});
