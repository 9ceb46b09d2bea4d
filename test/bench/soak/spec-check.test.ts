import t from 'tap';
import { checkSpec, specInput } from '../../../bench/soak/spec-check.js';

t.test('the stream is the same for a seed, another for another seed', async (t) => {
  const a = Array.from({ length: 50 }, (_, i) => specInput(3, i));
  t.same(
    Array.from({ length: 50 }, (_, i) => specInput(3, i)),
    a,
  );
  t.notSame(
    Array.from({ length: 50 }, (_, i) => specInput(4, i)),
    a,
  );
});

t.test('the stream holds specs the parser accepts and specs it rejects', async (t) => {
  const kinds = new Set(
    Array.from({ length: 300 }, (_, i) => {
      const { spec, paths } = specInput(1, i);
      return checkSpec(spec, paths).kind;
    }),
  );
  t.ok(kinds.has('accepted'));
  t.ok(kinds.has('rejected'));
});

t.test('verdicts on known specs', async (t) => {
  const paths = ['/a', '/data/x.txt'];
  t.equal(checkSpec('flush:stall', paths).kind, 'accepted');
  t.equal(checkSpec('read@/data/*:errno=EIO,every=2', paths).kind, 'accepted');
  t.equal(checkSpec('interrupts:honour=1s', paths).kind, 'accepted');
  t.equal(checkSpec('flush:nap', paths).kind, 'rejected');
  t.equal(checkSpec('', paths).kind, 'rejected');
  t.equal(
    checkSpec('flu\nsh:nap', paths).kind,
    'rejected',
    'a spec holding a newline: still one line',
  );
});
