import t from 'tap';
import { FaultSet, type RuleChange } from '../../src/faults/rules.js';
import type { Decision, RequestInfo } from '../../src/faults/types.js';

let unique = 0n;
function req(op: string, path?: string): RequestInfo {
  unique += 2n;
  return { op, path, pid: 1234, unique, nodeid: 1n };
}

t.test('ids count up; list copies; remove and clear', async (t) => {
  const f = new FaultSet();
  t.equal(f.add('flush:stall').id, 1);
  t.equal(f.add('getattr:delay=200ms').id, 2);
  t.equal(f.add('write:errno=EIO').id, 3);
  t.same(
    f.list().map((r) => [r.id, r.spec, r.hits]),
    [
      [1, 'flush:stall', 0],
      [2, 'getattr:delay=200ms', 0],
      [3, 'write:errno=EIO', 0],
    ],
  );
  f.list()[0]!.hits = 99;
  t.equal(f.list()[0]!.hits, 0, 'list() hands out copies');
  t.throws(() => f.list()[0]!.ops.push('read'), TypeError, "a rule's ops cannot be changed");
  t.throws(() => {
    (f.list()[0]!.action as { kind: string }).kind = 'stop';
  }, TypeError);
  t.same(f.decide(req('read')), { kind: 'pass' });
  t.equal(f.remove(2), true);
  t.equal(f.remove(2), false, 'removing twice');
  t.equal(f.add('read:stall').id, 4, 'ids are not reused');
  t.equal(f.clear(), 3);
  t.same(f.list(), []);
  t.same(f.decide(req('flush')), { kind: 'pass' });
});

t.test('decisions for each action', async (t) => {
  const f = new FaultSet();
  f.add('flush:stall');
  f.add('getattr:delay=200ms');
  f.add('write:errno=EIO');
  f.add('read@/data/*:stall');
  t.same(f.decide(req('flush')), { kind: 'stall', ruleId: 1 });
  t.same(f.decide(req('getattr', '/x')), { kind: 'delay', ms: 200, ruleId: 2 });
  t.same(f.decide(req('write', '/x')), { kind: 'errno', errno: 5, name: 'EIO', ruleId: 3 });
  t.same(f.decide(req('read', '/data/a')), { kind: 'stall', ruleId: 4 });
  t.same(f.decide(req('read', '/data/a/b')), { kind: 'pass' }, '* stays in one component');
  t.same(f.decide(req('read')), { kind: 'pass' }, 'a glob never matches an unknown path');
  t.same(f.decide(req('lookup', '/data/a')), { kind: 'pass' });
  f.add('all:stop');
  t.same(f.decide(req('lookup')), { kind: 'stop', ruleId: 5 });
  t.same(f.decide(req('flush')), { kind: 'stall', ruleId: 1 }, 'earlier rules decide first');
  t.same(
    f.list().map((r) => r.hits),
    [2, 1, 1, 1, 1],
  );
});

t.test('several ops in one rule; all rules interleave by id', async (t) => {
  const f = new FaultSet();
  f.add('read+write:errno=ENOSPC');
  f.add('all:delay=5ms');
  f.add('flush:stall');
  t.equal(f.decide(req('read')).kind, 'errno');
  t.equal(f.decide(req('write')).kind, 'errno');
  t.same(
    f.decide(req('flush')),
    { kind: 'delay', ms: 5, ruleId: 2 },
    'the all rule has the lower id',
  );
  t.same(f.decide(req('mkdir')), { kind: 'delay', ms: 5, ruleId: 2 });
  f.remove(2);
  t.same(f.decide(req('flush')), { kind: 'stall', ruleId: 3 });
  t.same(f.decide(req('mkdir')), { kind: 'pass' });
});

function kinds(f: FaultSet, op: string, n: number): string[] {
  return Array.from({ length: n }, () => f.decide(req(op)).kind);
}

t.test('first=N admits the first N matches, then passes', async (t) => {
  const f = new FaultSet();
  f.add('flush:stall,first=2');
  t.same(kinds(f, 'flush', 4), ['stall', 'stall', 'pass', 'pass']);
  t.equal(f.list()[0]!.hits, 2);
});

t.test('every=N fires on the Nth, 2Nth, ... match', async (t) => {
  const f = new FaultSet();
  f.add('write:errno=EIO,every=3');
  t.same(kinds(f, 'write', 7), ['pass', 'pass', 'errno', 'pass', 'pass', 'errno', 'pass']);
  t.same(kinds(f, 'read', 3), ['pass', 'pass', 'pass'], 'other ops do not count');
});

t.test('a rule that matched but was not admitted lets the next one decide', async (t) => {
  const f = new FaultSet();
  f.add('write:errno=EIO,every=2');
  f.add('write:delay=1ms');
  const d = Array.from({ length: 4 }, () => f.decide(req('write')));
  t.same(
    d.map((x: Decision) => x.kind),
    ['delay', 'errno', 'delay', 'errno'],
  );
  t.same(
    f.list().map((r) => r.hits),
    [2, 2],
  );
});

t.test('p= draws from a seeded generator: the same runs repeat', async (t) => {
  const run = (spec: string, seed?: number) => {
    const f = new FaultSet(seed === undefined ? {} : { seed });
    f.add(spec);
    return kinds(f, 'read', 200);
  };
  const a = run('read:errno=EIO,p=0.3');
  t.same(run('read:errno=EIO,p=0.3'), a, 'same set seed, same firings');
  const fired = a.filter((k) => k === 'errno').length;
  t.ok(fired > 30 && fired < 90, `about 30% fire (${fired}/200)`);
  t.notSame(run('read:errno=EIO,p=0.3', 2), a, 'another set seed, other firings');
  const s = run('read:errno=EIO,p=0.3,seed=9');
  t.same(run('read:errno=EIO,p=0.3,seed=9', 5), s, 'a rule seed wins over the set seed');
  t.same(run('read:errno=EIO,p=0'), Array(200).fill('pass'));
  t.same(run('read:errno=EIO,p=1'), Array(200).fill('errno'));
});

t.test('p= combined with first=: only the first N matches may fire', async (t) => {
  const f = new FaultSet();
  f.add('read:errno=EIO,p=1,first=3');
  t.same(kinds(f, 'read', 5), ['errno', 'errno', 'errno', 'pass', 'pass']);
});

t.test('interrupt policy: the last matching interrupts rule, default ignore', async (t) => {
  const f = new FaultSet();
  t.same(f.interruptPolicy(req('read')), { kind: 'ignore' });
  f.add('interrupts:honour');
  t.same(f.interruptPolicy(req('read')), { kind: 'honour', delayMs: 0 });
  f.add('interrupts@/slow/**:honour=2s');
  f.add('interrupts@/keep/*:ignore');
  t.same(f.interruptPolicy(req('flush', '/slow/a/b')), { kind: 'honour', delayMs: 2000 });
  t.same(f.interruptPolicy(req('flush', '/keep/x')), { kind: 'ignore' });
  t.same(
    f.interruptPolicy(req('flush')),
    { kind: 'honour', delayMs: 0 },
    'no path: only glob-less rules',
  );
  t.same(
    f.decide(req('flush', '/keep/x')),
    { kind: 'pass' },
    'interrupts rules never decide a request',
  );
  f.add('flush:stall');
  t.same(f.decide(req('flush', '/keep/x')), { kind: 'stall', ruleId: 4 });
});

t.test('release events: release, remove of a stall rule, clear', async (t) => {
  const f = new FaultSet();
  const released: (number | undefined)[] = [];
  const changes: RuleChange[] = [];
  f.on('release', (id?: number) => released.push(id));
  f.on('change', (c: RuleChange) => changes.push(c));
  f.add('flush:stall');
  f.add('write:errno=EIO');
  t.equal(f.release(1), true);
  t.equal(f.release(7), false, 'no such rule');
  t.equal(f.release(), true);
  t.same(f.decide(req('flush')), { kind: 'stall', ruleId: 1 }, 'release leaves the rule in place');
  f.remove(2);
  f.remove(1);
  f.add('read:stall');
  f.clear();
  t.same(released, [1, undefined, 1, undefined]);
  t.same(changes, [
    { change: 'add', rule: 1 },
    { change: 'add', rule: 2 },
    { change: 'release', rule: 1 },
    { change: 'release', rule: undefined },
    { change: 'remove', rule: 2 },
    { change: 'remove', rule: 1 },
    { change: 'add', rule: 3 },
    { change: 'clear' },
  ]);
});

t.test('validators veto rules with their own message', async (t) => {
  const f = new FaultSet();
  f.add('flush:stall');
  const noStop = (r: { action: { kind: string } }) =>
    r.action.kind === 'stop' ? 'the fuse-native backend cannot stop reading /dev/fuse' : undefined;
  f.addValidator(noStop);
  t.throws(() => f.add('all:stop'), {
    name: 'UsageError',
    message: 'the fuse-native backend cannot stop reading /dev/fuse',
  });
  t.equal(f.add('read:stall').id, 2, 'a vetoed rule takes no id');
  t.equal(f.list().length, 2);

  const g = new FaultSet();
  g.add('interrupts:honour');
  t.throws(
    () =>
      g.addValidator((r) => (r.ops[0] === 'interrupts' ? 'no interrupt rules here' : undefined)),
    { name: 'UsageError', message: 'no interrupt rules here' },
    'rules already present are checked too',
  );
  t.equal(g.add('all:stop').id, 2, 'the refused validator was not registered');
});

t.test('malformed specs throw and change nothing', async (t) => {
  const f = new FaultSet();
  let changed = 0;
  f.on('change', () => changed++);
  t.throws(() => f.add('flsh:stall'), { name: 'UsageError' });
  t.equal(changed, 0);
  t.equal(f.add('flush:stall').id, 1);
});

t.test('100 non-matching rules leave other requests passing', async (t) => {
  const f = new FaultSet();
  for (let i = 0; i < 50; i++) f.add(`getattr@/nomatch${i}/*:stall`);
  for (let i = 0; i < 50; i++) f.add(`write:errno=EIO,every=1000000`);
  t.same(f.decide(req('getattr', '/file')), { kind: 'pass' });
  t.same(f.decide(req('getattr')), { kind: 'pass' });
  t.same(f.decide(req('lookup', '/x')), { kind: 'pass' });
  t.same(f.decide(req('getattr', '/nomatch7/f')), { kind: 'stall', ruleId: 8 });
});
