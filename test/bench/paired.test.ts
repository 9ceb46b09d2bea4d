import t from 'tap';
import { compare, median } from '../../bench/paired.js';

t.test('median', async (t) => {
  t.equal(median([3, 1, 2]), 2);
  t.equal(median([4, 1, 3, 2]), 2.5);
  t.equal(median([7]), 7);
});

t.test('compare: the median of the rounds, not of the best', async (t) => {
  const run = (rate: number, usPerCall: number) => ({ rate, usPerCall });
  // one lucky event-loop round must not decide: the worker is ahead in two of three
  const c = compare(
    [run(10000, 50), run(7500, 60), run(9000, 49)],
    [run(20000, 40), run(5000, 80), run(6000, 70)],
  );
  t.equal(c.rate, 1.5);
  t.equal(c.cpu, 0.75);
  t.equal(c.fasterIn, 2);
  t.equal(c.leanerIn, 2);
  const even = compare([run(100, 10)], [run(100, 10)]);
  t.same(even, { rate: 1, cpu: 1, fasterIn: 0, leanerIn: 0 }, 'a tie is ahead in nothing');
});
