// Test helpers for real mounts: run the compiled `fusefault serve` on a temp dir,
// talk to it, and always leave the machine clean (no mount, no process, no task
// in D). Other engineers' tests use these too.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import type { Test } from 'tap';
import { ctlEvents, ctlRequest } from '../src/control/client.js';
import type { CtlReply, CtlRequest } from '../src/control/protocol.js';
import { abortConnection } from '../src/mount/fusectl.js';
import { connectionOf, findMount } from '../src/mount/mountinfo.js';
import type { TraceEvent } from '../src/trace/types.js';
import { CLI } from './helpers.js';

export interface ServeOpts {
  /** --fault specs */
  faults?: string[];
  backend?: 'raw' | 'fuse-native';
  /** further serve arguments */
  args?: string[];
  /** false: no --control, serve picks its default socket (Served.control says which) */
  control?: false;
  /** serve's environment (default: ours) */
  env?: NodeJS.ProcessEnv;
}

export interface Served {
  mountpoint: string;
  conn: number;
  control: string;
  pid: number;
  /** the --trace file */
  tracePath: string;
  /** every trace event streamed from the control socket since ready */
  events: TraceEvent[];
  /** one control request (JSON line) and its reply */
  ctl(req: CtlRequest): Promise<CtlReply>;
  kill(sig?: NodeJS.Signals): void;
  /** what serve wrote to stderr so far */
  stderr(): string;
  /** settles when serve exits */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** waits until an event satisfying PRED was streamed; returns it */
  waitForEvent(pred: (ev: TraceEvent) => boolean, what?: string): Promise<TraceEvent>;
  /** the trace file's events (flushed by serve at least every 100 ms) */
  readTrace(): TraceEvent[];
}

/** Path of a file under test/fixtures in the source tree (fixtures are not compiled). */
export function fixture(rel: string): string {
  return fileURLToPath(new URL(`../../test/fixtures/${rel}`, import.meta.url));
}

/** Polls PROBE until truthy (at most timeoutMs); throws naming WHAT otherwise. */
export async function waitFor<T>(
  probe: () => T | Promise<T>,
  { timeoutMs = 15_000, what = 'condition' }: { timeoutMs?: number; what?: string } = {},
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (let delay = 2; ; delay = Math.min(delay * 2, 100)) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(delay);
  }
}

/** Runs `fusefault serve` on a fresh temp dir for FN; cleans up however FN ends. */
export async function withServe<T>(opts: ServeOpts, fn: (srv: Served) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'fusefault-test-'));
  const mountpoint = join(dir, 'mnt');
  const tracePath = join(dir, 'trace.jsonl');
  let control = join(dir, 'ctl.sock');
  await execa('mkdir', [mountpoint]);
  const args = [CLI, 'serve', mountpoint, '--trace', tracePath];
  if (opts.control !== false) args.push('--control', control);
  for (const f of opts.faults ?? []) args.push('--fault', f);
  if (opts.backend) args.push('--backend', opts.backend);
  args.push(...(opts.args ?? []));
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: opts.env ?? process.env,
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) =>
    child.on('close', (code, signal) => res({ code, signal })),
  );
  let stream: ReturnType<typeof ctlEvents> | undefined;
  try {
    const ready = await readyLine(child, exited, () => stderr);
    control = ready.control;
    const events: TraceEvent[] = [];
    stream = ctlEvents(control, (ev) => events.push(ev));
    await stream.ready;
    const srv: Served = {
      mountpoint,
      conn: ready.conn,
      control,
      pid: ready.pid,
      tracePath,
      events,
      ctl: (req) => ctlRequest(control, req),
      kill: (sig = 'SIGTERM') => void child.kill(sig),
      stderr: () => stderr,
      exited,
      waitForEvent: (pred, what = 'trace event') =>
        waitFor(() => events.find(pred), { what }) as Promise<TraceEvent>,
      readTrace: () => parseTrace(tracePath),
    };
    return await fn(srv);
  } finally {
    stream?.close();
    await cleanup(child, exited, mountpoint);
    if (!findMount(mountpoint)) rmSync(dir, { recursive: true, force: true });
  }
}

interface Ready {
  conn: number;
  control: string;
  pid: number;
}

// Reads serve's stdout up to the ready line; rejects with its stderr if it exits first.
function readyLine(
  child: ChildProcess,
  exited: Promise<unknown>,
  stderr: () => string,
): Promise<Ready> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`serve not ready: ${stderr()}`)), 30_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^ready conn=(\d+) mountpoint=\S+ control=(\S+) pid=(\d+)$/m.exec(out);
      if (!m) return;
      clearTimeout(timer);
      resolve({ conn: Number(m[1]), control: m[2]!, pid: Number(m[3]) });
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`serve exited before ready: ${stderr().trim()}`));
    });
  });
}

// SIGTERM and a clean unmount; if that does not end it: abort, lazy unmount, SIGKILL.
async function cleanup(
  child: ChildProcess,
  exited: Promise<unknown>,
  mountpoint: string,
): Promise<void> {
  const running = () => child.exitCode === null && child.signalCode === null;
  if (running()) {
    child.kill('SIGTERM');
    await Promise.race([exited, sleep(10_000)]);
  }
  const m = findMount(mountpoint);
  if (running() || m) {
    if (m) await abortConnection(connectionOf(m)).catch(() => false);
    await execa('umount', ['-l', mountpoint], { reject: false });
    if (running()) child.kill('SIGKILL');
    await exited;
  }
}

/** The events of a trace file (a torn last line is left out). */
export function parseTrace(path: string): TraceEvent[] {
  const out: TraceEvent[] = [];
  let text = '';
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return out;
  }
  for (const line of text.split('\n')) {
    try {
      if (line) out.push(JSON.parse(line) as TraceEvent);
    } catch {
      // a line still being written
    }
  }
  return out;
}

/** The kernel stacks of every thread of PID, concatenated ('' once it is gone). */
export function kernelStacks(pid: number): string {
  let s = '';
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      s += readFileSync(`/proc/${pid}/task/${tid}/stack`, 'utf8');
    }
  } catch {
    // exited meanwhile
  }
  return s;
}

/** Task state letters of every thread of PID ('' once it is gone). */
export function threadStates(pid: number): string {
  let s = '';
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      s += stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    }
  } catch {
    // exited meanwhile
  }
  return s;
}

/**
 * Asserts the machine is as clean as a test must leave it: nothing mounted at
 * MOUNTPOINT, and no task in D among PIDS or this process's descendants (other
 * engineers' tests may run at the same time: their mounts and tasks are theirs).
 */
export function assertMachineClean(
  t: Test,
  { mountpoint, pids = [] }: { mountpoint?: string; pids?: number[] } = {},
): void {
  if (mountpoint) t.same(findMount(mountpoint), undefined, `nothing mounted at ${mountpoint}`);
  const stuck: string[] = [];
  for (const pid of new Set([...pids, ...descendants(process.pid)])) {
    if (threadStates(pid).includes('D')) stuck.push(`${pid} ${comm(pid)}`);
  }
  t.same(stuck, [], 'no task of ours in D state');
}

function comm(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '?';
  }
}

// Every live process whose parent chain leads to ROOT.
function descendants(root: number): number[] {
  const parent = new Map<number, number>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      parent.set(Number(d), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone
    }
  }
  const out: number[] = [];
  for (const pid of parent.keys()) {
    for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p)) {
      if (p === root) {
        out.push(pid);
        break;
      }
    }
  }
  return out;
}
