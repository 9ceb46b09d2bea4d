// What storing a new file costs with no FUSE: a real child's figure, and the
// line that sets each backend's write beside it.
import t from 'tap';
import { storeLine, storeUsPerMiB } from '../../bench/store.js';

t.test('storeLine: medians of paired rounds, cut to the rounds all three have', async (t) => {
  const rows: [store: number[], raw: number[], fn: number[], want: string | undefined][] = [
    [[], [], [], undefined],
    // a backend with no round measured: nothing to set beside the storage
    [[3000], [3100], [], undefined],
    [
      [3000],
      [3000],
      [4500],
      "write (new file): storing it in MemFs alone, without FUSE, takes 3000 us of CPU per MiB; raw's whole write takes 1.00x that, fuse-native's 1.50x",
    ],
    // round by round: a round where everything was slow does not move the ratio
    [
      [3000, 6000, 3000],
      [3300, 6600, 3000],
      [4500, 9000, 6000],
      "write (new file): storing it in MemFs alone, without FUSE, takes 3000 us of CPU per MiB; raw's whole write takes 1.10x that, fuse-native's 1.50x",
    ],
    // a fourth storage round with no servers beside it is left out
    [
      [3000, 3000, 9000, 9000],
      [3000, 3000, 9000],
      [6000, 6000, 18000],
      "write (new file): storing it in MemFs alone, without FUSE, takes 3000 us of CPU per MiB; raw's whole write takes 1.00x that, fuse-native's 2.00x",
    ],
  ];
  for (const [store, raw, fn, want] of rows) t.equal(storeLine(store, raw, fn), want);
});

t.test('storeUsPerMiB: a figure from a real child process', async (t) => {
  const us = await storeUsPerMiB(16);
  // 16 MiB of fresh memory touched and copied into: never free
  t.ok(us > 0 && Number.isFinite(us), `${us.toFixed(0)} us per MiB`);
});
