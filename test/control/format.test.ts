import t from 'tap';
import { formatRule, formatRules, formatStatus } from '../../src/control/format.js';
import { FaultSet } from '../../src/faults/rules.js';

t.test('rules as a table, limits spelled out', async (t) => {
  const f = new FaultSet();
  f.add('flush:stall');
  f.add('write:errno=EIO,every=3');
  f.add('read:delay=1s,p=0.5,seed=4');
  f.decide({ op: 'flush', pid: 1, unique: 2n, nodeid: 1n });
  t.equal(formatRules([]), 'no rules');
  t.equal(
    formatRules(f.list()),
    [
      'ID  HITS  SPEC',
      ' 1     1  flush:stall',
      ' 2     0  write:errno=EIO,every=3',
      ' 3     0  read:delay=1s,p=0.5,seed=4',
    ].join('\n'),
  );
  const [a, b, c] = f.list();
  t.equal(formatRule(a!), 'rule 1: flush:stall');
  t.equal(formatRule(b!), 'rule 2: write:errno=EIO,every=3 (every 3)');
  t.equal(formatRule(c!), 'rule 3: read:delay=1s,p=0.5,seed=4 (p 0.5 seed 4)');
});

t.test('status names the mount, the state and what is in flight', async (t) => {
  const text = formatStatus({
    backend: 'raw',
    mountpoint: '/m',
    conn: 51,
    pid: 100,
    stopped: true,
    inflight: [{ unique: '20', op: 'flush', path: '/f', pid: 300, held: 'stall', ageMs: 3000 }],
    counts: { lookup: 2, flush: 1 },
  });
  t.match(text, /^mountpoint {2}\/m$/m);
  t.match(text, /^connection {2}51$/m);
  t.match(text, /^pid {9}100$/m);
  t.match(text, /^state {7}stopped/m);
  t.match(text, /^in flight {3}1$/m);
  t.match(text, /^ +20 {2}flush +stall +3s {2}pid 300 {2}\/f$/m);
  t.match(text, /^requests {4}flush=1 lookup=2$/m);
});
