// duration.ts, errno.ts and prng.ts: the small pieces specs are made of.
import t from 'tap';
import { formatDuration, parseDuration } from '../../src/faults/duration.js';
import { errnoName, errnoNumber } from '../../src/faults/errno.js';
import { mixSeed, seededRandom } from '../../src/faults/prng.js';

t.test('durations', async (t) => {
  t.same(parseDuration('200ms'), { ms: 200 });
  t.same(parseDuration('1.5s'), { ms: 1500 });
  t.same(parseDuration('2m'), { ms: 120_000 });
  t.same(parseDuration('1h'), { ms: 3_600_000 });
  t.same(parseDuration('40'), { ms: 40 });
  t.same(parseDuration('.5s'), { ms: 500 });
  t.same(parseDuration('0'), { ms: 0 });
  t.match(parseDuration('5 ms'), { error: /bad duration/ });
  t.match(parseDuration('s'), { error: /bad duration/ });
  t.match(parseDuration('1e3'), { error: /bad duration/ });
  t.equal(formatDuration(120_000), '2m');
  t.equal(formatDuration(3000), '3s');
  t.equal(formatDuration(1500), '1500ms');
  for (const ms of [0, 7, 1000, 61_000, 120_000]) t.same(parseDuration(formatDuration(ms)), { ms });
});

t.test('errno names and numbers', async (t) => {
  t.equal(errnoNumber('EIO'), 5);
  t.equal(errnoNumber('enospc'), 28);
  t.equal(errnoNumber('EWOULDBLOCK'), 11);
  t.equal(errnoNumber('4'), 4);
  t.equal(errnoNumber('EBOGUS'), undefined);
  t.equal(errnoNumber('0'), undefined);
  t.equal(errnoNumber('-5'), undefined);
  t.equal(errnoName(5), 'EIO');
  t.equal(errnoName(-4), 'EINTR');
  t.equal(errnoName(11), 'EAGAIN', 'the first of several names for one number');
  t.equal(errnoName(499), '499');
});

t.test('the generator repeats per seed and differs across seeds', async (t) => {
  const a = seededRandom(42);
  const b = seededRandom(42);
  const c = seededRandom(43);
  const sa = Array.from({ length: 20 }, a);
  t.same(Array.from({ length: 20 }, b), sa);
  t.notSame(Array.from({ length: 20 }, c), sa);
  t.ok(sa.every((x) => x >= 0 && x < 1));
  // Not a quality test: just that it is not stuck on one half of the range.
  const many = Array.from({ length: 2000 }, seededRandom(7));
  const low = many.filter((x) => x < 0.5).length;
  t.ok(low > 800 && low < 1200, `about half below 0.5 (${low}/2000)`);
  t.not(mixSeed(1, 1), mixSeed(1, 2));
  t.not(mixSeed(1, 1), mixSeed(2, 1));
});
