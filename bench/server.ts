// One `fusefault serve` under measurement: the compiled CLI started with a CPU
// profiler, its ready line parsed, its CPU time read from /proc, and its
// per-opcode request counts read over the control socket.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ctlRequest } from '../src/control/client.js';
import { cpuSeconds } from './cpu.js';
import { reapOnLeave } from './leftovers.js';

/** dist/cli/main.js, from dist/bench/server.js */
const CLI = fileURLToPath(new URL('../cli/main.js', import.meta.url));

/** A running server of any kind, as the benchmark measures it. */
export interface MeasuredServer {
  mountpoint: string;
  pid: number;
  /** CPU seconds (user+system, all threads) of the server process so far */
  cpu(): number;
  /** requests per opcode the server has seen */
  counts(): Promise<Record<string, number>>;
  /** SIGTERM, and wait for a clean exit (which writes the CPU profile) */
  stop(): Promise<void>;
  /** what the server wrote on stderr so far, for the message when a phase fails */
  stderr(): string;
  /** whether the server process has ended */
  exited(): boolean;
}

/** A running `fusefault serve`. */
export interface Server extends MeasuredServer {
  control: string;
}

/** Starts serve on DIR/mnt with BACKEND and FAULTS; the CPU profile goes to DIR/prof. */
export async function startServer({
  dir,
  backend,
  faults,
  profile,
}: {
  dir: string;
  backend: 'raw' | 'fuse-native';
  faults: string[];
  /** run under V8's CPU profiler (its cost skews throughput: never measure with it) */
  profile: boolean;
}): Promise<Server> {
  const mountpoint = join(dir, 'mnt');
  const control = join(dir, 'ctl.sock');
  mkdirSync(mountpoint, { recursive: true });
  const prof = profile ? ['--cpu-prof', '--cpu-prof-dir', join(dir, 'prof')] : [];
  const args = [...prof, CLI, 'serve', mountpoint];
  args.push('--backend', backend, '--control', control);
  for (const f of faults) args.push('--fault', f);
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const watch = watchChild(child, mountpoint);
  const pid = Number((await readyLine(child, READY))[1]);
  return {
    mountpoint,
    pid,
    control,
    cpu: () => cpuSeconds(pid),
    async counts() {
      const r = await ctlRequest(control, { cmd: 'status' });
      return r.ok && r.status ? r.status.counts : {};
    },
    ...watch,
  };
}

/**
 * stop, stderr and exited of a MeasuredServer, for CHILD serving MOUNTPOINT;
 * a benchmark that is interrupted kills it and unmounts.
 */
export function watchChild(
  child: ChildProcess,
  mountpoint: string,
): Pick<MeasuredServer, 'stop' | 'stderr' | 'exited'> {
  reapOnLeave(child, mountpoint);
  let err = '';
  let ended = false;
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const closed = new Promise<void>((res) =>
    child.on('close', () => {
      ended = true;
      res();
    }),
  );
  return {
    async stop() {
      child.kill('SIGTERM');
      await closed;
    },
    stderr: () => err,
    exited: () => ended,
  };
}

const READY = /^ready conn=\d+ mountpoint=\S+ control=\S+ pid=(\d+)$/m;

/**
 * The match of RE on CHILD's stdout, once it is there; rejects if the child
 * ends first, and SIGKILLs it (its mount goes with it) when it prints a ready
 * line RE does not match.
 */
export function readyLine(child: ChildProcess, re: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = re.exec(out);
      if (m) return resolve(m);
      const other = /^ready .*$/m.exec(out);
      if (other && out.includes('\n', other.index)) {
        child.kill('SIGKILL');
        reject(new Error(`a ready line of another form: ${other[0]}`));
      }
    });
    child.on('close', () => reject(new Error(`serve exited before ready: ${err.trim()}`)));
  });
}
