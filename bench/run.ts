// `npm run bench`: stat calls per second and sequential write/read MB/s through
// a C libfuse3 lowlevel server (the reference), the raw engine and the
// fuse-native backend, the last two also with 100 rules that never match, all
// in one run with interleaved rounds. BENCH_LOAD=N runs N busy loops beside
// them. Prints the numbers, the ratios against the goals, the server CPU per
// client call, and where the Node servers' time goes (a CPU profile).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onLeave, removeTree } from './leftovers.js';
import { storeUsPerMiB } from './store.js';
import { checkCounts } from './options.js';
import { startLoad } from './load.js';
import { hotFunctions } from './profile.js';
import { buildRefPrograms, type RefPrograms } from './ref-build.js';
import { benchOne, labelOf, perfStat, type Backend, type Result } from './measure.js';
import { perfUsable, type CpuSplit } from './perf-profile.js';
import { report, summarize, type Options } from './report.js';

const opts: Options = {
  mib: Number(process.env.BENCH_MIB ?? 512),
  statSecs: Number(process.env.BENCH_STAT_SECS ?? 5),
  // the machine is shared: every configuration runs ROUNDS times, interleaved,
  // and each ratio is the median of the rounds' (report.ts, pairedRatios)
  rounds: Number(process.env.BENCH_ROUNDS ?? 5),
  load: Number(process.env.BENCH_LOAD ?? 0),
};
const RULE_OPS = ['getattr', 'lookup', 'write', 'read', 'open', 'flush', 'release', 'setattr'];
// rules on the very ops measured, so each request is tried against them (op
// index, then the glob), but on paths nothing uses
const NON_MATCHING = Array.from(
  { length: 100 },
  (_, i) => `${RULE_OPS[i % RULE_OPS.length]}@/nomatch/${i}/*:errno=EIO`,
);
const CONFIGS: { backend: Backend; faults: string[] }[] = [
  { backend: 'c', faults: [] },
  { backend: 'raw', faults: [] },
  { backend: 'raw', faults: NON_MATCHING },
  { backend: 'fuse-native', faults: [] },
  { backend: 'fuse-native', faults: NON_MATCHING },
];

async function main(): Promise<void> {
  checkCounts('bench', { ...opts });
  const programs: RefPrograms = await buildRefPrograms();
  const configs = CONFIGS.map((c) => ({
    ...c,
    dir: mkdtempSync(join(tmpdir(), 'fusefault-bench-')),
    rounds: [] as Result[],
  }));
  const removeDirs = () => {
    for (const c of configs) {
      const why = removeTree(c.dir);
      if (why) process.stderr.write(`bench: ${why}\n`);
    }
  };
  const off = onLeave(removeDirs);
  const stopLoad = startLoad(opts.load);
  const t0 = Date.now();
  try {
    // and, each round, what storing the new file costs with no FUSE at all (store.ts)
    const store: number[] = [];
    for (let round = 0; round < opts.rounds; round++) {
      for (const c of configs) {
        c.rounds.push(await benchOne({ ...c, ...opts, programs, profile: false }));
      }
      store.push(await storeUsPerMiB(opts.mib));
    }
    // one more round under V8's CPU profiler, for where the time goes only: the
    // profiler's own cost (larger with the rules loaded) skews the throughput
    for (const c of configs) {
      if (c.backend !== 'c') await benchOne({ ...c, ...opts, programs, profile: true });
    }
    // and where the CPU of a stat call goes, the kernel included, when perf works here
    const splits = new Map<string, CpuSplit>();
    if (await perfUsable()) {
      for (const c of configs) {
        if (c.faults.length === 0)
          splits.set(labelOf(c.backend, 0), await perfStat({ ...c, ...opts, programs }));
      }
    } else {
      process.stderr.write('bench: perf record does not work here: no kernel-side profile\n');
    }
    const secs = (Date.now() - t0) / 1000;
    const summaries = configs.map((c) => ({
      ...summarize(c.rounds),
      ...(({ hot, layers }) => ({ hot, layers }))(hotFunctions(join(c.dir, 'prof'))),
    }));
    const rounds = new Map(configs.map((c) => [labelOf(c.backend, c.faults.length), c.rounds]));
    process.stdout.write(report(summaries, rounds, opts, secs, splits, store));
  } finally {
    stopLoad();
    off();
    removeDirs();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${(err as Error).message}\n`);
  process.exitCode = 1;
});
