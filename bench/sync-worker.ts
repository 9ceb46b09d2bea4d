// `npm run bench:sync-worker`: what the raw engine would gain by serving from a
// worker thread blocked in read(2) on /dev/fuse (as libfuse's threads are)
// instead of on the event loop (epoll, then a libuv read callback into
// JavaScript). The same Engine, MemFs and (empty) rule set answer either way;
// only the way requests are read differs. A probe for choosing a design, not
// a backend: nothing here has stop, held requests or a control socket.
// Rounds of the C stat loop against each, both in every round; the median of
// the rounds' ratios is printed, and in how many rounds the worker was ahead.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMainThread, Worker, workerData } from 'node:worker_threads';
import { execa } from 'execa';
import { DeviceReader, READ_BUFFER_SIZE } from '../src/engine/device-reader.js';
import { Engine, type ReaderControl } from '../src/engine/engine.js';
import { FaultSet } from '../src/faults/rules.js';
import { MemFs } from '../src/fs/memfs.js';
import { openFuseDevice } from '../src/mount/device.js';
import { mountFuse } from '../src/mount/mount.js';
import { Trace } from '../src/trace/trace.js';
import { statRate } from './clients.js';
import { cpuSeconds } from './cpu.js';
import { startLoad } from './load.js';
import { compare, median, type Run } from './paired.js';
import { buildRefPrograms } from './ref-build.js';
import { readyLine } from './server.js';
import { fmt, formatTable } from './table.js';

type Mode = 'event-loop' | 'worker';
const MODES: Mode[] = ['event-loop', 'worker'];
const SELF = fileURLToPath(import.meta.url);

const engineOn = (devFd: number, reader: ReaderControl) =>
  new Engine({ fs: new MemFs(), faults: new FaultSet(), trace: new Trace(), devFd, reader });

// the server: `node sync-worker.js serve MODE MOUNTPOINT`
async function serve(mode: Mode, mountpoint: string): Promise<void> {
  const dev = openFuseDevice();
  await mountFuse({ mountpoint, devFd: dev.fd });
  if (mode === 'worker') {
    new Worker(SELF, { workerData: { devFd: dev.fd } }).on('error', (e) => {
      process.stderr.write(`worker: ${e.message}\n`);
    });
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

async function once(mode: Mode, statLoop: string, secs: number) {
  const dir = mkdtempSync(join(tmpdir(), 'fusefault-sync-worker-'));
  const mnt = join(dir, 'mnt');
  mkdirSync(mnt);
  const child = spawn(process.execPath, [SELF, 'serve', mode, mnt], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    const pid = Number((await readyLine(child, /^ready pid=(\d+)$/m))[1]);
    const file = join(mnt, 'big');
    writeFileSync(file, '');
    const cpu0 = cpuSeconds(pid);
    const r = await statRate(statLoop, file, secs);
    return { rate: r.rate, usPerCall: ((cpuSeconds(pid) - cpu0) * 1e6) / r.calls };
  } finally {
    await execa('umount', ['-l', mnt], { reject: false });
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
  const secs = Number(process.env.BENCH_STAT_SECS ?? 5);
  const load = Number(process.env.BENCH_LOAD ?? 0);
  const { statLoop } = await buildRefPrograms();
  const stopLoad = startLoad(load);
  const done: { ev: Run; wk: Run }[] = [];
  try {
    for (let i = 0; i < rounds; i++) {
      const r: Partial<Record<Mode, Run>> = {};
      for (const mode of MODES) {
        r[mode] = await once(mode, statLoop, secs);
        process.stderr.write(
          `sync-worker: ${mode}: ${fmt(r[mode].rate)} stat/s, ${fmt(r[mode].usPerCall)} us\n`,
        );
      }
      done.push({ ev: r['event-loop']!, wk: r.worker! });
    }
  } finally {
    stopLoad();
  }
  const c = compare(done);
  const row = (name: string, runs: Run[]) => [
    name,
    fmt(median(runs.map((x) => x.rate))),
    fmt(median(runs.map((x) => x.usPerCall))),
  ];
  process.stdout.write(
    formatTable(
      ['raw engine read from (median of rounds)', 'stat calls/s', 'server CPU us per call'],
      [
        row(
          'the event loop (epoll)',
          done.map((d) => d.ev),
        ),
        row(
          'a worker blocked in read(2)',
          done.map((d) => d.wk),
        ),
        [
          "worker / event loop (median of each round's ratio)",
          `${c.rate.toFixed(2)}x`,
          `${c.cpu.toFixed(2)}x`,
        ],
        [
          'rounds the worker was ahead in',
          `${c.fasterIn} of ${done.length}`,
          `${c.leanerIn} of ${done.length}`,
        ],
      ],
    ) + `\n${rounds} rounds of ${secs} s, both modes in each, ${load} busy loop(s) beside\n`,
  );
}

if (!isMainThread) workerLoop((workerData as { devFd: number }).devFd);
else if (process.argv[2] === 'serve') void serve(process.argv[3] as Mode, process.argv[4]!);
else
  main().catch((err: unknown) => {
    process.stderr.write(`sync-worker: ${(err as Error).message}\n`);
    process.exitCode = 1;
  });
