// What became of one step of an mmap client: its call returned, the client
// exited, or the thread that entered the call sits asleep in the kernel (D or
// S) for stableMs. The thread is the one the step's enter report names
// (mmap-hold runs each step in a thread of its own), else the main thread.
import { readTask, type TaskSnapshot } from '../proc/task.js';
import { waitStable } from '../wait-stable.js';
import type { MmapClient } from './mmap-spawn.js';
import type { ClientReport } from './report.js';

/** A thread as the case's evidence shows it. */
export interface StepTask {
  tid: number;
  comm: string;
  state: string;
  /** innermost frame first; null when unreadable */
  stack: string[] | null;
  wchan: string | null;
}

/** A snapshot trimmed for the JSON result. */
export function stepTask(t: TaskSnapshot): StepTask {
  const { tid, comm, state, wchan } = t;
  return { tid, comm, state, stack: t.stack?.slice(0, 14) ?? null, wchan };
}

/** One step as observed. */
export interface StepSeen {
  /** 'returned' | 'exited' | 'blocked-D' | 'blocked-S' | 'undecided' */
  kind: string;
  ms: number;
  /** the call's result line, when it returned */
  report?: ClientReport;
  /** the thread while blocked */
  task?: StepTask;
}

/** Waits for STEP of CLIENT to be entered, then to return, exit or stay blocked. */
export async function settleStep(
  client: MmapClient,
  step: string,
  {
    stableMs = 1000,
    timeoutMs = 8000,
    signal,
  }: { stableMs?: number; timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<StepSeen> {
  const start = Date.now();
  let exited = false;
  void client.done.then(() => (exited = true));
  let task: StepTask | undefined;
  const of = (enter: boolean) =>
    client.reports().find((r) => r.step === step && !!r.enter === enter);
  const seen = await waitStable<Omit<StepSeen, 'ms'>>(
    async () => {
      const report = of(false);
      if (report) return { final: { kind: 'returned', report } };
      if (exited) return { final: { kind: 'exited' } };
      const entered = of(true);
      if (!entered) return undefined;
      const t = await readTask(client.pid, Number(entered.detail?.tid ?? client.pid));
      task = t ? stepTask(t) : undefined;
      if (!t || !['D', 'S'].includes(t.state)) return undefined;
      const kind = `blocked-${t.state}`;
      return { held: kind, value: { kind, task } };
    },
    {
      stableMs,
      timeoutMs,
      signal,
      what: `${client.name} ${client.pid} ${step} to return or block`,
    },
  );
  // undecided: with the thread as last seen
  return { ...(seen ?? { kind: 'undecided', task }), ms: Date.now() - start };
}

// What a blocked thread waits on, from its innermost frame. On 6.18 the
// rwsem frames (rwsem_down_read_slowpath, down_read_killable: __sched
// functions) are not listed in /proc/PID/stack, so the lock's caller is on
// top: __access_remote_vm for mmap_read_lock_killable, vm_mmap_pgoff for
// mmap_write_lock_killable; kernels that list them match the first patterns.
const WAITS: [RegExp, string][] = [
  [
    /^(rwsem_down_read|down_read|__access_remote_vm$|access_remote_vm$|lock_mm_and_find_vma)/,
    'mmap_lock read',
  ],
  [/^(rwsem_down_write|down_write|vm_mmap_pgoff$|__vm_munmap$|vm_munmap$)/, 'mmap_lock write'],
  [/^(request_wait_answer|fuse_)/, 'fuse request'],
  [/^(folio_wait|__folio_lock|filemap_fault$|wait_on_page)/, 'page of the stalled READ'],
];

/** 'mmap_lock read', 'page of the stalled READ', ..., 'unknown (frame)'; undefined unless blocked. */
export function waitsOn(s?: StepSeen): string | undefined {
  if (!s?.kind.startsWith('blocked')) return undefined;
  const top = s.task?.stack?.[0] ?? s.task?.wchan ?? '';
  return WAITS.find(([re]) => re.test(top))?.[1] ?? `unknown (${top})`;
}

/** "returned 122", "exited 1", "D in [__access_remote_vm, proc_pid_cmdline_read]" */
export function describeStep(s: StepSeen, frames = 3): string {
  if (s.kind === 'returned') return `returned ${s.report?.errno ?? s.report?.result}`;
  if (s.kind.startsWith('blocked'))
    return `${s.kind.slice(-1)} in [${s.task?.stack?.slice(0, frames).join(', ') ?? '?'}]`;
  return s.kind;
}
