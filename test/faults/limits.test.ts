import t from 'tap';
import { admits } from '../../src/faults/limits.js';

const fires = (limit: Parameters<typeof admits>[0], draws: (number | undefined)[]) =>
  draws.map((d, i) => admits(limit, i + 1, d));

t.test('no limit admits every match', async (t) => {
  t.same(fires({}, [undefined, undefined]), [true, true]);
});

t.test('first, every and p each filter, and all must admit', async (t) => {
  const none = Array<undefined>(6).fill(undefined);
  t.same(fires({ first: 2 }, none), [true, true, false, false, false, false]);
  t.same(fires({ every: 2 }, none), [false, true, false, true, false, true]);
  t.same(fires({ p: 0.5 }, [0.1, 0.5, 0.9, 0.49]), [true, false, false, true]);
  t.same(fires({ first: 4, every: 2 }, none), [false, true, false, true, false, false]);
  t.same(fires({ every: 2, p: 0.5 }, [0.1, 0.1, 0.9, 0.9]), [false, true, false, false]);
});
