// One configuration measured once: a server started, the stat, write and read
// phases run against one file on it, the server's CPU time and request counts
// read around each phase, the server stopped with nothing left mounted.
import { truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { findMount } from '../src/mount/mountinfo.js';
import { ddRead, ddWrite, statRate } from './clients.js';
import { perfWhile, type CpuSplit } from './perf-profile.js';
import { shareText, statWithPlacement } from './placement.js';
import type { Hot } from './profile.js';
import type { RefPrograms } from './ref-build.js';
import { startRefServer } from './ref-server.js';
import { startServer, type MeasuredServer } from './server.js';
import { fmt } from './table.js';

/** 'c' is the C reference server (bench/ref/ref-server.c). */
export type Backend = 'c' | 'raw' | 'fuse-native';

/** One phase's figures. */
export interface Phase {
  value: number;
  /** the client's calls: stat(2) calls, or 1 MiB dd blocks */
  calls: number;
  /** requests the server saw */
  requests: number;
  /** CPU µs (user+system, all threads) of the server process per client call */
  cpuUsPerCall: number;
  /**
   * the noise: how far apart the rounds of this configuration were in CPU per
   * call, (highest - lowest) / lowest; 0 for a single round
   */
  cpuSpread: number;
  /**
   * stat only: the share of samples in which the client ran on the CPU where
   * the server's serving thread last ran (placement.ts)
   */
  together?: number;
}

/** A configuration's figures (the profile's, when it ran under the profiler). */
export interface Result {
  label: string;
  stat: Phase;
  write: Phase;
  overwrite: Phase;
  read: Phase;
  hot: Hot[];
  layers: Map<string, number>;
}

const sum = (c: Record<string, number>) => Object.values(c).reduce((s, n) => s + n, 0);

async function measure(
  srv: MeasuredServer,
  run: () => Promise<{ value: number; calls: number }>,
): Promise<Phase> {
  const c0 = sum(await srv.counts());
  const cpu0 = srv.cpu();
  const { value, calls } = await run();
  const cpu1 = srv.cpu();
  const requests = sum(await srv.counts()) - c0;
  return {
    value,
    calls,
    requests,
    cpuUsPerCall: calls ? ((cpu1 - cpu0) * 1e6) / calls : NaN,
    cpuSpread: 0,
  };
}

/** The label of a configuration in the tables. */
export function labelOf(backend: Backend, rules: number): string {
  return `${backend === 'c' ? 'C libfuse3' : backend}${rules ? ` +${rules} rules` : ''}`;
}

function startAny({
  backend,
  faults,
  dir,
  profile,
  programs,
}: {
  backend: Backend;
  faults: string[];
  dir: string;
  profile: boolean;
  programs: RefPrograms;
}): Promise<MeasuredServer> {
  return backend === 'c'
    ? startRefServer({ dir, binary: programs.server })
    : startServer({ dir, backend, faults, profile });
}

/** Where BACKEND's CPU goes during STATSECS of the stat loop, by perf (perf-profile.ts). */
export async function perfStat({
  backend,
  dir,
  programs,
  statSecs,
}: {
  backend: Backend;
  dir: string;
  programs: RefPrograms;
  statSecs: number;
}): Promise<CpuSplit> {
  const srv = await startAny({ backend, faults: [], dir, profile: false, programs });
  try {
    const file = join(srv.mountpoint, 'big');
    writeFileSync(file, '');
    return await perfWhile(srv.pid, join(dir, 'perf.data'), () =>
      statRate(programs.statLoop, file, statSecs),
    );
  } finally {
    await srv.stop();
    if (findMount(srv.mountpoint)) await execa('umount', ['-l', srv.mountpoint], { reject: false });
  }
}

/**
 * Every phase on a small scale before anything is measured, so that the Node
 * servers' JIT has compiled the paths a phase takes before it is timed and the
 * figures are the steady state a long-running server sees. What counts for V8
 * is how often a function ran, not how many bytes went through it: one pass
 * of 16 MiB in 1 MiB blocks (16 writes, 128 reads) left the read path to be
 * compiled during the measured read (`--trace-opt`: 13 functions marked for
 * optimization inside it, 5 inside the overwrite). So the writes go in 4 KiB
 * blocks (WARM_REQUESTS of them per pass; the same code as a 1 MiB write, which
 * one more pass runs), and the file is read until the server has answered
 * WARM_REQUESTS reads (readahead decides their size). The file is then emptied,
 * as the measured write does anyway; that write still goes to fresh memory.
 * Returns the write and read requests the server counted.
 */
export async function warmUp(
  srv: MeasuredServer,
  statLoop: string,
  file: string,
): Promise<{ writes: number; reads: number }> {
  const counted = async (op: string) => (await srv.counts())[op] ?? 0;
  await statRate(statLoop, file, 0.5);
  const w0 = await counted('write');
  const blockKiB = (WARM_MIB * 1024) / WARM_REQUESTS;
  await ddWrite(file, WARM_MIB, { blockKiB });
  await ddWrite(file, WARM_MIB, { blockKiB, overwrite: true });
  await ddWrite(file, WARM_MIB, { overwrite: true });
  const writes = (await counted('write')) - w0;
  const r0 = await counted('read');
  let reads = 0;
  for (let pass = 0; reads < WARM_REQUESTS && pass < WARM_MAX_READS; pass++) {
    await ddRead(file);
    reads = (await counted('read')) - r0;
  }
  truncateSync(file, 0);
  return { writes, reads };
}
/**
 * What to say when the warm-up fell short of WARM_REQUESTS reads (a server
 * whose reads are far bigger than readahead's, or that counts none): the
 * measured read may then include V8 compiling its path. Undefined otherwise.
 */
export function warmShortfall(label: string, reads: number): string | undefined {
  if (reads >= WARM_REQUESTS) return undefined;
  return `bench: ${label}: the warm-up got ${reads} reads answered, not ${WARM_REQUESTS}: its measured read may include the JIT compiling the read path`;
}
/** MiB of the warm-up's file (warmUp) */
export const WARM_MIB = 16;
/** write requests per warm-up pass, and read requests the warm-up waits for */
export const WARM_REQUESTS = 4096;
// a cap for a server whose reads are far bigger than readahead's 128 KiB
const WARM_MAX_READS = 64;

/** Measures BACKEND with FAULTS once (under V8's profiler when PROFILE: not counted). */
export async function benchOne({
  backend,
  faults,
  dir,
  profile,
  programs,
  mib,
  statSecs,
}: {
  backend: Backend;
  faults: string[];
  dir: string;
  profile: boolean;
  programs: RefPrograms;
  mib: number;
  statSecs: number;
}): Promise<Result> {
  const label = labelOf(backend, faults.length);
  const srv = await startAny({ backend, faults, dir, profile, programs });
  try {
    // one file for all phases: the C server has only this one
    const file = join(srv.mountpoint, 'big');
    writeFileSync(file, '');
    const short = warmShortfall(label, (await warmUp(srv, programs.statLoop, file)).reads);
    if (short) process.stderr.write(`${short}\n`);
    let together = NaN;
    const stat = await measure(srv, async () => {
      const r = await statWithPlacement(programs.statLoop, file, statSecs, srv.pid);
      together = r.together;
      return { value: r.rate, calls: r.calls };
    });
    stat.together = together;
    const write = await measure(srv, async () => ({ value: await ddWrite(file, mib), calls: mib }));
    const overwrite = await measure(srv, async () => ({
      value: await ddWrite(file, mib, { overwrite: true }),
      calls: mib,
    }));
    const read = await measure(srv, async () => ({ value: await ddRead(file), calls: mib }));
    const how = profile ? ' (profiled, not counted)' : '';
    const say = (p: Phase, unit: string) =>
      `${fmt(p.value)} ${unit}, ${p.requests} requests for ${p.calls} calls`;
    process.stderr.write(
      `bench: ${label}${how}: ${say(stat, 'stat/s')} (client on the serving thread's CPU in ${shareText(together)} of samples); ${say(write, 'MB/s write')}; ${say(overwrite, 'MB/s overwrite')}; ${say(read, 'MB/s read')}\n`,
    );
    await srv.stop();
    return { label, stat, write, overwrite, read, hot: [], layers: new Map() };
  } catch (err) {
    // say whether the server died or the connection went away under it
    const last = srv.stderr().trim().split('\n').slice(-3).join(' | ');
    const state = srv.exited() ? 'the server had exited' : 'the server was running';
    throw new Error(`${label}: ${(err as Error).message.trim()} (${state}; its stderr: ${last})`);
  } finally {
    await srv.stop();
    if (findMount(srv.mountpoint)) await execa('umount', ['-l', srv.mountpoint], { reject: false });
  }
}
