// Samples the case's processes from /proc at a modest interval: every
// descendant of the case child and of each tracked pid (clients, servers and
// their readers, pid-ns inits), every thread. A task's stack is read only when
// its state changed, it is in D (the stack says what it waits for), or it
// sleeps in another syscall than at the last sample; pending
// signals only for tasks in D, T or Z, since a signal pending on a task in S
// or R is delivered at once and never seen (signal_wake_up).
import { readFileSync } from 'node:fs';
import { readTextWithin } from '../proc/read.js';
import { readStackWithReason } from '../proc/stack.js';
import { parseStat } from '../proc/stat.js';
import { parseStatus } from '../proc/status.js';
import { descendantPids, nsPids, threadIds } from '../process/pids.js';
import { monotonic } from '../../src/trace/types.js';
import { foldSample, since } from './changes.js';
import { parseCmdline, processLabel } from './label.js';
import { TIMELINE_LIMITS, type StateChange, type TimelineProcess } from './types.js';

const HELD = new Set(['D', 'T', 't', 'Z']);
// a cmdline read takes the target's mmap_lock (get_mm_cmdline): never wait on it
const CMDLINE_MS = 200;
// how many first samples read the command line (see #young)
const YOUNG_SAMPLES = 10;

function readSync(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null; // gone
  }
}

/** What the sampler has seen so far, and what it left out. */
export class Sampler {
  /** by pid and start time ('812@40533'): a pid the kernel hands out again is another process */
  readonly processes = new Map<string, TimelineProcess>();
  // the command line is read again while a process is young (a child shows
  // its parent's until it calls exec: a case starting `fusefault serve` is
  // node to node, comm stays the same) and whenever its comm changes (a shim that
  // execs its interpreter, however late)
  readonly #young = new Map<string, number>();
  readonly #comms = new Map<string, string>();
  // the syscall each sleeping task was in at its last sample, by "pid/tid"
  readonly #calls = new Map<string, string>();
  dropped = 0;
  #tasks = 0;

  constructor(
    readonly origin: number,
    /** pids whose descendants (and themselves, unless `self`) are the case's */
    readonly roots: () => number[],
    readonly self: number = process.pid,
  ) {}

  /** One sample of every process of the case. */
  async tick(): Promise<void> {
    const now = since(this.origin, monotonic());
    const pids = new Set<number>();
    for (const r of this.roots()) {
      if (r !== this.self) pids.add(r);
      for (const d of descendantPids(r)) pids.add(d);
    }
    const live = await Promise.all([...pids].map((pid) => this.#sample(pid, now)));
    for (const [key, p] of this.processes) if (!live.includes(key)) this.#gone(p, now);
  }

  // Samples PID; returns its key, or undefined when it is gone (a tracked pid
  // stays a root after it is gone).
  async #sample(pid: number, now: number): Promise<string | undefined> {
    const stat = readSync(`/proc/${pid}/stat`);
    if (stat === null) return undefined;
    const { comm, startTime } = parseStat(stat);
    const key = `${pid}@${startTime}`;
    let p = this.processes.get(key);
    if (!p) {
      p = { pid, label: comm, t: now, tasks: [] };
      this.processes.set(key, p);
    }
    const young = this.#young.get(key) ?? YOUNG_SAMPLES;
    if (young > 0 || this.#comms.get(key) !== comm) {
      this.#young.set(key, young - 1);
      this.#comms.set(key, comm);
      const ns = nsPids(pid);
      if (ns.length > 1) p.nspid = ns.at(-1)!;
      const cmd = await readTextWithin(`/proc/${pid}/cmdline`, CMDLINE_MS);
      p.label = typeof cmd === 'string' ? processLabel(parseCmdline(cmd), comm, ns) : comm;
    }
    const tids = threadIds(pid);
    for (const t of p.tasks)
      if (!tids.includes(t.tid)) this.#fold(p, t.tid, '', { t: now, state: '-' });
    await Promise.all(tids.map((tid) => this.#sampleTask(p, tid, now)));
    return key;
  }

  async #sampleTask(p: TimelineProcess, tid: number, now: number): Promise<void> {
    const text = readSync(`/proc/${p.pid}/task/${tid}/stat`);
    if (text === null) return;
    const { state, comm } = parseStat(text);
    const sample: StateChange = { t: now, state };
    if (HELD.has(state)) {
      const status = readSync(`/proc/${p.pid}/task/${tid}/status`);
      const s = status === null ? undefined : parseStatus(status).signals;
      const pending = s ? [...new Set([...s.pending, ...s.shared])] : [];
      if (pending.length) sample.pending = pending;
    }
    const last = p.tasks.find((t) => t.tid === tid)?.changes.at(-1);
    // in the same state, a task may still wait in another call (a wrapper's
    // pipe read, then after exec a close() in fuse_flush): the number of the
    // syscall it sleeps in says so (/proc/PID/syscall; wchan reads 0 on
    // kernels that hide it)
    const wkey = `${p.pid}/${tid}`;
    const call =
      state === 'S'
        ? (readSync(`/proc/${p.pid}/task/${tid}/syscall`)?.split(' ')[0] ?? null)
        : null;
    const moved = call !== null && call !== this.#calls.get(wkey);
    if (call !== null) this.#calls.set(wkey, call);
    if (!last || last.state !== state || state === 'D' || moved) {
      const { frames } = await readStackWithReason(p.pid, tid);
      if (frames?.length) sample.stack = frames.slice(0, TIMELINE_LIMITS.frames);
    } else if (last.stack) {
      sample.stack = last.stack; // same state, not D: assume the same wait
    }
    this.#fold(p, tid, comm, sample);
  }

  #fold(p: TimelineProcess, tid: number, comm: string, sample: StateChange): void {
    let task = p.tasks.find((t) => t.tid === tid);
    if (!task) {
      if (sample.state === '-') return;
      if (this.#tasks >= TIMELINE_LIMITS.tasks) {
        this.dropped++;
        return;
      }
      this.#tasks++;
      task = { tid, comm, changes: [] };
      p.tasks.push(task);
    }
    if (task.changes.at(-1)?.state === '-') return;
    if (foldSample(task, sample) === 'dropped') this.dropped++;
  }

  #gone(p: TimelineProcess, now: number): void {
    for (const t of p.tasks) this.#fold(p, t.tid, t.comm, { t: now, state: '-' });
  }
}
