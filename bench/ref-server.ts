// The C reference server under measurement, with the same face as `fusefault
// serve` in server.ts: mountpoint, CPU time from /proc, request counts (from
// the counters file it keeps), stop.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_WRITE, MAX_BACKGROUND, CONGESTION_THRESHOLD } from '../src/engine/init.js';
import { cpuSeconds } from './cpu.js';
import { readyLine, watchChild, type MeasuredServer } from './server.js';

// the order of the counters in ref-server.c's COUNTS_FILE
const COUNTED = ['lookup', 'getattr', 'setattr', 'open', 'read', 'write', 'flush', 'release'];

/** Starts the C server (built by buildRefPrograms) on DIR/mnt, with the raw engine's INIT knobs. */
export async function startRefServer({
  dir,
  binary,
}: {
  dir: string;
  binary: string;
}): Promise<MeasuredServer> {
  const mountpoint = join(dir, 'mnt');
  const countsFile = join(dir, 'ref-counts');
  mkdirSync(mountpoint, { recursive: true });
  const args = [mountpoint, countsFile, MAX_WRITE, MAX_BACKGROUND, CONGESTION_THRESHOLD];
  const child = spawn(binary, args.map(String), { stdio: ['ignore', 'pipe', 'pipe'] });
  const watch = watchChild(child, mountpoint);
  const pid = Number((await readyLine(child, /^ready pid=(\d+)$/m))[1]);
  return {
    mountpoint,
    pid,
    cpu: () => cpuSeconds(pid),
    counts() {
      const buf = readFileSync(countsFile);
      const out: Record<string, number> = {};
      COUNTED.forEach((op, i) => (out[op] = Number(buf.readBigUInt64LE(i * 8))));
      return Promise.resolve(out);
    },
    ...watch,
  };
}
