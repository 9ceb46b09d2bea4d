// `npm run bench`: stat calls per second and sequential 1 GiB write/read MB/s,
// for the raw engine and the fuse-native backend, each with no rules and with
// 100 rules that never match, all through the compiled `fusefault serve`.
// Prints the numbers, the raw/fuse-native ratios, the server's CPU time per
// request, and the hottest functions of each server's CPU profile.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { findMount } from '../src/mount/mountinfo.js';
import { ddRead, ddWrite, statRate } from './clients.js';
import { hotFunctions, type Hot } from './profile.js';
import { startServer, type Server } from './server.js';
import { fmt, formatTable } from './table.js';

const MIB = Number(process.env.BENCH_MIB ?? 1024);
const STAT_SECS = Number(process.env.BENCH_STAT_SECS ?? 5);
// the machine is shared: every configuration runs ROUNDS times, interleaved,
// and the best round counts (the least disturbed by others' load)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const RULE_OPS = ['getattr', 'lookup', 'write', 'read', 'open', 'flush', 'release', 'setattr'];
// rules on the very ops measured, so each request is tried against them (op
// index, then the glob), but on paths nothing uses
const NON_MATCHING = Array.from(
  { length: 100 },
  (_, i) => `${RULE_OPS[i % RULE_OPS.length]}@/nomatch/${i}/*:errno=EIO`,
);

const NOTES = `How: each client is its own process (python3 os.stat loop; dd bs=1M). Writes are
write-through (neither backend enables FUSE's writeback cache; dd conv=fsync besides).
Reads miss the page cache because FUSE drops a file's pages at open unless the server
sets FOPEN_KEEP_CACHE, which neither does; the read request counts above prove it.
Both backends let the kernel cache names for 1 s and attributes not at all, so each
stat costs one GETATTR. CPU per request is utime+stime of the serve process (for
fuse-native this includes libfuse's threads; for raw, the reader process is listed
apart) over the phase's requests. The throughput and CPU figures come from runs without a profiler; the layer
and function tables from one more run under V8's CPU profiler, whose cost (in
one test, a third of raw's write throughput with the rules loaded) would skew
them. fuse-native's unique ids are its own counter:
libfuse's high-level API does not show the kernel's. Best of ${ROUNDS} interleaved rounds.
`;

interface Phase {
  value: number;
  requests: number;
  /** server (+ reader) CPU µs per request */
  cpuUsPerReq: number;
  readerUsPerReq: number;
  detail: string;
}

interface Result {
  label: string;
  stat: Phase;
  write: Phase;
  read: Phase;
  hot: Hot[];
  layers: Map<string, number>;
}

const sum = (c: Record<string, number>, ops?: string[]) =>
  Object.entries(c).reduce((s, [op, n]) => s + (ops && !ops.includes(op) ? 0 : n), 0);

async function measure(srv: Server, ops: string[], run: () => Promise<number>, unit: string) {
  const c0 = await srv.counts();
  const cpu0 = srv.cpu();
  const value = await run();
  const cpu1 = srv.cpu();
  const c1 = await srv.counts();
  const requests = sum(c1) - sum(c0);
  const mine = sum(c1, ops) - sum(c0, ops);
  const per = (s: number) => (requests ? (s * 1e6) / requests : NaN);
  return {
    value,
    requests,
    cpuUsPerReq: per(cpu1.server - cpu0.server),
    readerUsPerReq: per(cpu1.reader - cpu0.reader),
    detail: `${fmt(value)} ${unit}, ${requests} requests (${ops.join('+')}: ${mine})`,
  } satisfies Phase;
}

async function benchOne(
  backend: 'raw' | 'fuse-native',
  faults: string[],
  dir: string,
  profile: boolean,
): Promise<Result> {
  const label = `${backend}${faults.length ? ` +${faults.length} rules` : ''}`;
  const srv = await startServer({ dir, backend, faults, profile });
  try {
    const small = join(srv.mountpoint, 'small');
    writeFileSync(small, 'x');
    const big = join(srv.mountpoint, 'big');
    const stat = await measure(
      srv,
      ['getattr', 'lookup'],
      async () => (await statRate(small, STAT_SECS)).rate,
      'stat/s',
    );
    const write = await measure(srv, ['write'], () => ddWrite(big, MIB), 'MB/s');
    const read = await measure(srv, ['read'], () => ddRead(big), 'MB/s');
    read.detail += `, ${fmt((MIB * 1024) / Math.max(1, read.requests))} KiB a request`;
    const how = profile ? ' (profiled, not counted)' : '';
    for (const p of [stat, write, read])
      process.stderr.write(`bench: ${label}${how}: ${p.detail}\n`);
    await srv.stop();
    return { label, stat, write, read, hot: [], layers: new Map() };
  } finally {
    await srv.stop();
    if (findMount(srv.mountpoint)) await execa('umount', ['-l', srv.mountpoint], { reject: false });
  }
}

// The best value of each metric over the rounds, with that round's CPU figures.
function best(rounds: Result[], dir: string): Result {
  const pick = (get: (r: Result) => Phase) =>
    rounds.map(get).reduce((a, b) => (b.value > a.value ? b : a));
  return {
    label: rounds[0]!.label,
    stat: pick((r) => r.stat),
    write: pick((r) => r.write),
    read: pick((r) => r.read),
    ...(({ hot, layers }) => ({ hot, layers }))(hotFunctions(join(dir, 'prof'))),
  };
}

function report(results: Result[]): string {
  const [raw, raw100, fn, fn100] = results as [Result, Result, Result, Result];
  const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}x`;
  const row = (name: string, get: (r: Result) => number) => [
    name,
    ...results.map((r) => fmt(get(r))),
    ratio(get(raw), get(fn)),
    ratio(get(raw100), get(fn100)),
  ];
  const head = ['', ...results.map((r) => r.label), 'raw/fn', 'raw/fn +100'];
  const main = formatTable(head, [
    row('stat calls/s', (r) => r.stat.value),
    row(`write MB/s (${MIB} MiB)`, (r) => r.write.value),
    row(`read MB/s (${MIB} MiB)`, (r) => r.read.value),
  ]);
  const cpu = formatTable(
    ['server CPU us/request', ...results.map((r) => r.label)],
    [
      ['stat phase', ...results.map((r) => fmt(r.stat.cpuUsPerReq))],
      ['write phase', ...results.map((r) => fmt(r.write.cpuUsPerReq))],
      ['read phase', ...results.map((r) => fmt(r.read.cpuUsPerReq))],
      ['raw reader process, stat', ...results.map((r) => fmt(r.stat.readerUsPerReq))],
      [
        'requests per stat call',
        ...results.map((r) => fmt(r.stat.requests / (r.stat.value * STAT_SECS))),
      ],
    ],
  );
  const names = [...new Set(results.flatMap((r) => [...r.layers.keys()]))];
  names.sort((a, b) => (results[0]?.layers.get(b) ?? 0) - (results[0]?.layers.get(a) ?? 0));
  const layers = formatTable(
    ['server busy time by layer (%)', ...results.map((r) => r.label)],
    names.map((n) => [n, ...results.map((r) => fmt(r.layers.get(n) ?? 0))]),
  );
  const hot = results
    .map(
      (r) =>
        `${r.label}:\n${r.hot.map((h) => `  ${h.pct.toFixed(1).padStart(5)}%  ${h.name}`).join('\n')}`,
    )
    .join('\n');
  return `${main}\n\n${cpu}\n\n${layers}\n\nhottest functions (self time, share of the server's busy samples):\n${hot}\n\n${NOTES}`;
}

async function main(): Promise<void> {
  const configs = (['raw', 'fuse-native'] as const).flatMap((backend) =>
    [[], NON_MATCHING].map((faults) => ({
      backend,
      faults,
      dir: mkdtempSync(join(tmpdir(), 'fusefault-bench-')),
      rounds: [] as Result[],
    })),
  );
  try {
    for (let round = 0; round < ROUNDS; round++) {
      for (const c of configs) c.rounds.push(await benchOne(c.backend, c.faults, c.dir, false));
    }
    // one more round under the CPU profiler, for where the time goes only: the
    // profiler's own cost (larger with the rules loaded) skews the throughput
    for (const c of configs) await benchOne(c.backend, c.faults, c.dir, true);
    process.stdout.write(report(configs.map((c) => best(c.rounds, c.dir))));
  } finally {
    for (const c of configs) rmSync(c.dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${(err as Error).message}\n`);
  process.exitCode = 1;
});
