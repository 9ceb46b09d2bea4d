// What a blocked client did after a signal: its syscall returned (with what),
// the process exited (by which signal), or it stayed blocked in the FUSE wait,
// interruptibly (S: request_wait_answer's first, interruptible wait) or not
// (D: killable or uninterruptible wait), stable long enough to call it.
import type { ClientHandle, ClientReport } from '../../harness/clients/index.js';
import { readProcess, type TaskSnapshot } from '../../harness/proc/task.js';
import { taskMatches, waitFor, WaitTimeout } from '../../harness/wait.js';
import { taskEvidence, type TaskEvidence } from './evidence.js';

/** One observation of a client after a step. */
export interface Observed {
  /** 'returned' | 'exited' | 'blocked-D' | 'blocked-S' | 'undecided' */
  kind: string;
  ms: number;
  /** the syscall's report line, when it returned */
  report?: ClientReport;
  /** the task while blocked */
  task?: TaskEvidence;
}

/** Waits until STEP's syscall returned, the client is gone, or it sits in FRAMES for stableMs. */
export async function observe(
  client: ClientHandle,
  step: string,
  frames: string[],
  {
    stableMs = 1000,
    timeoutMs = 8000,
    signal,
  }: { stableMs?: number; timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<Observed> {
  const start = Date.now();
  let exited = false;
  void client.done.then(() => (exited = true));
  let key = '';
  let since = start;
  let task: TaskSnapshot | undefined;
  const returned = () => client.reports.find((r) => r.step === step && !r.enter);
  try {
    const kind = await waitFor(
      async () => {
        if (returned()) return 'returned';
        if (exited) return 'exited';
        const p = await readProcess(client.pid);
        task = p?.tasks.find((t) => taskMatches(t, ['D', 'S'], frames));
        const now = task ? `blocked-${task.state}` : '';
        if (now !== key) [key, since] = [now, Date.now()];
        return now && Date.now() - since >= stableMs ? now : undefined;
      },
      { timeoutMs, signal, what: `${client.name} ${client.pid} to return, exit or block` },
    );
    const out: Observed = { kind, ms: Date.now() - start };
    if (kind === 'returned') out.report = returned();
    if (kind.startsWith('blocked') && task) out.task = taskEvidence(task);
    return out;
  } catch (err) {
    if (!(err instanceof WaitTimeout)) throw err;
    return { kind: 'undecided', ms: Date.now() - start };
  }
}

/** "returned EINTR", "exited by SIGKILL", "blocked in D" */
export async function describeObserved(o: Observed, client: ClientHandle): Promise<string> {
  if (o.kind === 'returned') return `returned ${o.report?.errno ?? o.report?.result}`;
  if (o.kind === 'exited') {
    const end = await client.done;
    return `exited${end.signal ? ` by ${end.signal}` : ` ${end.exitCode}`}`;
  }
  if (o.kind.startsWith('blocked')) return `blocked in ${o.kind.slice(-1)}`;
  return o.kind;
}

/** Whether an observation found the task asleep in the FUSE wait. */
export const isBlocked = (o: { kind: string }): boolean => o.kind.startsWith('blocked');

/**
 * Which step ended a blocked syscall, from the observation after each step in
 * order (the syscall itself first): the first step after which it was seen
 * returned or gone. 'not-blocked' when it never blocked (nothing was
 * measured), 'never' when it was still blocked after the last step, and
 * `undecided after STEP` when an observation settled on nothing: the step
 * before it cannot be credited with an end nobody saw.
 */
export function endedByOf(steps: readonly (readonly [string, string])[]): string {
  for (const [i, [name, kind]] of steps.entries()) {
    if (kind === 'undecided') return `undecided after ${name}`;
    if (kind.startsWith('blocked')) continue;
    return i === 0 ? 'not-blocked' : name;
  }
  return steps.length ? 'never' : 'not-blocked';
}
