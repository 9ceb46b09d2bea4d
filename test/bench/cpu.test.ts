import { Worker } from 'node:worker_threads';
import t from 'tap';
import { cpuSeconds } from '../../bench/cpu.js';
import { parseStat } from '../../harness/proc/stat.js';

// utime+stime of our own process in seconds, from /proc/self/stat's ticks
import { readdirSync, readFileSync } from 'node:fs';
const ticksSeconds = () => parseStat(readFileSync('/proc/self/stat', 'utf8')).cpuTicks / 100;

t.test('agrees with the tick counters, threads that have exited included', async (t) => {
  // a worker thread burns CPU and exits: its time is only in the process's counters
  await new Promise<void>((resolve, reject) => {
    const w = new Worker('let x = 0; for (let i = 0; i < 3e8; i++) x += i;', { eval: true });
    w.once('error', reject);
    w.once('exit', () => resolve());
  });
  const ticks = ticksSeconds();
  const precise = cpuSeconds(process.pid);
  t.ok(ticks > 0.05, `the worker's loop took CPU (${ticks} s)`);
  // each thread's ticks are rounded down on their own, so the ticks may fall
  // short by up to a tick per thread; never the other way by more than one
  const threads = readdirSync('/proc/self/task').length;
  t.ok(precise > ticks - 0.02, `${precise} s, not less than ${ticks} s in ticks`);
  t.ok(
    precise < ticks + 0.01 * (threads + 2),
    `${precise} s, within a tick per thread (${threads})`,
  );
});

t.test('a process that is gone, or none, has taken 0 s', async (t) => {
  t.equal(cpuSeconds(undefined), 0);
  t.equal(cpuSeconds(2 ** 22 + 12345), 0);
});
