// AtLeast never runs its function before the time asked for, where setTimeout
// sometimes does when the event loop's cached time is stale (a busy turn), and
// a cancelled one never runs.
import t from 'tap';
import { setTimeout as sleep } from 'node:timers/promises';
import { AtLeast } from '../../src/faults/at-least.js';

const spin = (ns: bigint) => {
  const s = process.hrtime.bigint();
  while (process.hrtime.bigint() - s < ns);
};

t.test('never early, after turns of every length', async (t) => {
  const ms = 3;
  const early: number[] = [];
  for (let i = 0; i < 100; i++) {
    await new Promise<void>((done) => {
      // a turn that has already run for 0-3 ms when the timer is set
      spin(BigInt(i * 30_000));
      const t0 = process.hrtime.bigint();
      new AtLeast(ms, () => {
        const took = Number(process.hrtime.bigint() - t0) / 1e6;
        if (took < ms) early.push(took);
        done();
      });
    });
  }
  t.same(early, [], `no run came before ${ms} ms`);
});

t.test('cancelled: never runs', async (t) => {
  let ran = false;
  const a = new AtLeast(5, () => (ran = true));
  a.cancel();
  await sleep(30);
  t.equal(ran, false);
});
