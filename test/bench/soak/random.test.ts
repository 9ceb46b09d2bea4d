import t from 'tap';
import { itemRng, Rng } from '../../../bench/soak/random.js';

t.test('the same seed draws the same numbers', async (t) => {
  const a = new Rng(7);
  const b = new Rng(7);
  const xs = Array.from({ length: 20 }, () => a.int(0, 1000));
  t.same(
    Array.from({ length: 20 }, () => b.int(0, 1000)),
    xs,
  );
  t.notSame(
    Array.from({ length: 20 }, () => new Rng(8).int(0, 1000)),
    xs,
    'another seed, other numbers',
  );
});

t.test('draws stay in range', async (t) => {
  const r = new Rng(1);
  for (let i = 0; i < 1000; i++) {
    const n = r.int(-2, 3);
    if (n < -2 || n > 3 || !Number.isInteger(n)) t.fail(`int out of range: ${n}`);
  }
  t.match(r.chars('ab', 50), /^[ab]{50}$/);
  t.throws(() => r.pick([]));
});

t.test('items of a stream are made one by one, independently', async (t) => {
  t.equal(itemRng(1, 'spec', 5).float(), itemRng(1, 'spec', 5).float());
  t.not(itemRng(1, 'spec', 5).float(), itemRng(1, 'spec', 6).float());
  t.not(itemRng(1, 'spec', 5).float(), itemRng(1, 'argv', 5).float());
  t.not(itemRng(1, 'spec', 5).float(), itemRng(2, 'spec', 5).float());
});
