// `npm run bench:sync-worker`: what the raw engine would gain by serving from
// worker threads blocked in read(2) on /dev/fuse (as libfuse's threads are)
// instead of on the event loop (epoll, then a libuv read callback into
// JavaScript). The same Engine, MemFs and (empty) rule set answer either way;
// only the way requests are read differs; the C libfuse3 server runs beside
// them as the reference. A probe for choosing a design, not a backend: nothing
// here has stop, held requests or a control socket, and with several workers
// each has a MemFs of its own, so the client stats the mount's root (one
// GETATTR per call), which every one of them answers alike.
// Rounds of the C stat loop against each server, all in every round; the
// medians of the rounds are printed, and the median of each round's ratio to
// the C server's and to the event loop's, with where the client ran.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMainThread, Worker, workerData } from 'node:worker_threads';
import { DeviceReader, READ_BUFFER_SIZE } from '../src/engine/device-reader.js';
import { Engine, type ReaderControl } from '../src/engine/engine.js';
import { FaultSet } from '../src/faults/rules.js';
import { MemFs } from '../src/fs/memfs.js';
import { openFuseDevice } from '../src/mount/device.js';
import { mountFuse } from '../src/mount/mount.js';
import { Trace } from '../src/trace/trace.js';
import { cpuSeconds } from './cpu.js';
import { reapOnLeave, removeTree } from './leftovers.js';
import { checkCounts } from './options.js';
import { startLoad } from './load.js';
import { compare, median, medianOf, type Run } from './paired.js';
import { shareText, statWithPlacement } from './placement.js';
import { buildRefPrograms, type RefPrograms } from './ref-build.js';
import { startRefServer } from './ref-server.js';
import { readyLine } from './server.js';
import { fmt, formatTable } from './table.js';

type Mode = 'event-loop' | 'worker';
const SELF = fileURLToPath(import.meta.url);

const engineOn = (devFd: number, reader: ReaderControl) =>
  new Engine({ fs: new MemFs(), faults: new FaultSet(), trace: new Trace(), devFd, reader });

// the server: `node sync-worker.js serve MODE MOUNTPOINT [WORKERS]`
async function serve(mode: Mode, mountpoint: string, workers: number): Promise<void> {
  const dev = openFuseDevice();
  await mountFuse({ mountpoint, devFd: dev.fd });
  if (mode === 'worker') {
    for (let i = 0; i < workers; i++) {
      new Worker(SELF, { workerData: { devFd: dev.fd } }).on('error', (e) => {
        process.stderr.write(`worker: ${e.message}\n`);
      });
    }
  } else {
    const reader = new DeviceReader({ devFd: dev.fd });
    const engine = engineOn(dev.fd, reader);
    reader.on('request', (buf) => engine.onRequest(buf));
    reader.on('exit', () => process.exit(0));
  }
  process.stdout.write(`ready pid=${process.pid}\n`);
}

// the worker thread: read, serve, answer, until the device is gone (ENODEV)
function workerLoop(devFd: number): void {
  const engine = engineOn(devFd, { stop() {}, resume() {} });
  const buf = Buffer.allocUnsafe(READ_BUFFER_SIZE);
  for (;;) {
    let n: number;
    try {
      n = readSync(devFd, buf, 0, buf.length, null);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EINTR' || code === 'EAGAIN') continue;
      process.exit(0);
    }
    engine.onRequest(buf.subarray(0, n));
  }
}

// one server of the probe: the C reference, the event loop, or N workers
interface Server {
  name: string;
  start(
    dir: string,
    ref: string,
  ): Promise<{ pid: number; mnt: string; kill(): Promise<void> | void }>;
}

const C_REF: Server = {
  name: 'C libfuse3 (reference)',
  async start(dir, ref) {
    const s = await startRefServer({ dir, binary: ref });
    return { pid: s.pid, mnt: s.mountpoint, kill: () => s.stop() };
  },
};

function nodeServer(mode: Mode, workers = 1): Server {
  return {
    name: mode === 'worker' ? `${workers} worker(s) blocked in read(2)` : 'the event loop (epoll)',
    async start(dir) {
      const mnt = join(dir, 'mnt');
      mkdirSync(mnt);
      const child = spawn(process.execPath, [SELF, 'serve', mode, mnt, String(workers)], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      reapOnLeave(child, mnt);
      const pid = Number((await readyLine(child, /^ready pid=(\d+)$/m))[1]);
      return {
        pid,
        mnt,
        kill: () => {
          child.kill('SIGKILL');
        },
      };
    },
  };
}

interface Round extends Run {
  /** the share of samples with the client on the serving thread's CPU */
  together: number;
}

async function once(server: Server, programs: RefPrograms, secs: number): Promise<Round> {
  const dir = mkdtempSync(join(tmpdir(), 'fusefault-sync-worker-'));
  const s = await server.start(dir, programs.server);
  try {
    const cpu0 = cpuSeconds(s.pid);
    const r = await statWithPlacement(programs.statLoop, s.mnt, secs, s.pid);
    const usPerCall = ((cpuSeconds(s.pid) - cpu0) * 1e6) / r.calls;
    return { rate: r.rate, usPerCall, together: r.together };
  } finally {
    await s.kill();
    const why = removeTree(dir);
    if (why) process.stderr.write(`sync-worker: ${why}\n`);
  }
}

async function main(): Promise<void> {
  const rounds = Number(process.env.BENCH_ROUNDS ?? 6);
  const secs = Number(process.env.BENCH_STAT_SECS ?? 5);
  const load = Number(process.env.BENCH_LOAD ?? 0);
  const workers = (process.env.BENCH_WORKERS ?? '1,2').split(',').map(Number);
  checkCounts('sync-worker', { rounds, secs, load, workers: Math.min(...workers) });
  const servers = [C_REF, nodeServer('event-loop'), ...workers.map((n) => nodeServer('worker', n))];
  const programs = await buildRefPrograms();
  const stopLoad = startLoad(load);
  const runs = servers.map(() => [] as Round[]);
  try {
    for (let i = 0; i < rounds; i++) {
      for (const [j, server] of servers.entries()) {
        const r = await once(server, programs, secs);
        runs[j]!.push(r);
        process.stderr.write(
          `sync-worker: round ${i + 1}: ${server.name}: ${fmt(r.rate)} stat/s, ${fmt(r.usPerCall)} us, client beside it ${shareText(r.together)}\n`,
        );
      }
    }
  } finally {
    stopLoad();
  }
  const [cRuns, evRuns] = [runs[0]!, runs[1]!];
  const x = (r: number) => `${r.toFixed(2)}x`;
  const rows = servers.map((server, j) => {
    const own = runs[j]!;
    const toC = compare(own, cRuns);
    const toEv = compare(own, evRuns);
    return [
      server.name,
      fmt(median(own.map((r) => r.rate))),
      fmt(median(own.map((r) => r.usPerCall))),
      shareText(medianOf(own.map((r) => r.together))),
      x(toC.rate),
      j < 2 ? '' : `${x(toEv.rate)} (ahead in ${toEv.fasterIn} of ${rounds})`,
      j < 2 ? '' : `${x(toEv.cpu)} (leaner in ${toEv.leanerIn} of ${rounds})`,
    ];
  });
  process.stdout.write(
    formatTable(
      [
        'stat of the mount root served by (medians of rounds)',
        'calls/s',
        'server CPU us per call',
        "client on the serving thread's CPU",
        'calls/s / C',
        'calls/s / event loop',
        'CPU per call / event loop',
      ],
      rows,
    ) +
      `\n${rounds} rounds of ${secs} s, every server in each, ${load} busy loop(s) beside; a ratio is the median of the rounds' ratios\n`,
  );
}

if (!isMainThread) workerLoop((workerData as { devFd: number }).devFd);
else if (process.argv[2] === 'serve')
  void serve(process.argv[3] as Mode, process.argv[4]!, Number(process.argv[5] ?? 1));
else
  main().catch((err: unknown) => {
    process.stderr.write(`sync-worker: ${(err as Error).message}\n`);
    process.exitCode = 1;
  });
