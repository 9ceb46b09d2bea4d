// What a blocked client did after a signal: its syscall returned (with what),
// the process exited (by which signal), or it stayed blocked in the FUSE wait,
// interruptibly (S: request_wait_answer's first, interruptible wait) or not
// (D: killable or uninterruptible wait), stable long enough to call it.
import type { ClientHandle, ClientReport } from './index.js';
import { readProcess, type TaskSnapshot } from '../proc/task.js';
import { taskMatches } from '../wait.js';
import { waitStable } from '../wait-stable.js';
import { taskEvidence, type TaskEvidence } from '../evidence.js';

/** One observation of a client after a step. */
export interface Observed {
  /** 'returned' | 'exited' | 'blocked-D' | 'blocked-S' | 'undecided' */
  kind: string;
  ms: number;
  /** the syscall's report line, when it returned */
  report?: ClientReport;
  /** the task while blocked */
  task?: TaskEvidence;
  /** how the process ended, when it exited */
  exit?: { signal?: string; exitCode?: number };
}

/** Frames the blocked task's stack must hold, or a test of the whole stack. */
export type FrameMatch = readonly string[] | ((stack: readonly string[]) => boolean);

const blockedIn = (t: TaskSnapshot, frames: FrameMatch) =>
  typeof frames === 'function'
    ? taskMatches(t, ['D', 'S']) && t.stack !== null && frames(t.stack)
    : taskMatches(t, ['D', 'S'], frames);

/** Waits until STEP's syscall returned, the client is gone, or it sits in FRAMES for stableMs. */
export async function observe(
  client: ClientHandle,
  step: string,
  frames: FrameMatch,
  {
    stableMs = 1000,
    timeoutMs = 8000,
    signal,
  }: { stableMs?: number; timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<Observed> {
  const start = Date.now();
  let exit: Observed['exit'] | undefined;
  void client.done.then((e) => (exit = e.signal ? { signal: e.signal } : { exitCode: e.exitCode }));
  const seen = await waitStable<Omit<Observed, 'ms'>>(
    async () => {
      const report = client.reports.find((r) => r.step === step && !r.enter);
      if (report) return { final: { kind: 'returned', report } };
      if (exit) return { final: { kind: 'exited', exit } };
      const p = await readProcess(client.pid);
      const task = p?.tasks.find((t) => blockedIn(t, frames));
      if (!task) return undefined;
      const kind = `blocked-${task.state}`;
      return { held: kind, value: { kind, task: taskEvidence(task) } };
    },
    { stableMs, timeoutMs, signal, what: `${client.name} ${client.pid} to return, exit or block` },
  );
  return { ...(seen ?? { kind: 'undecided' }), ms: Date.now() - start };
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

/** One run of a syscall taken through signals, as the outcomes read it. */
export interface SignalRun {
  variant: string;
  /** 'caught' or 'default': SIGINT's disposition in the client */
  sigint: string;
  /** endedByOf its steps */
  endedBy: string;
}

/** What an endedByOf answer lacks for a verdict on killability, or undefined
 * when it names the step that ended SYSCALL. */
function unended(endedBy: string, syscall: string): string | undefined {
  if (endedBy === 'not-blocked') return `${syscall} never blocked`;
  if (endedBy === 'never') return `${syscall} still blocked after the last step`;
  if (endedBy.startsWith('undecided')) return endedBy;
  return undefined;
}

/** "variant/sigint: why" for each run no step was seen to end: it says
 * nothing about killability. */
export function unendedRuns(runs: readonly SignalRun[], syscall: string): string[] {
  return runs.flatMap((r) => {
    const why = unended(r.endedBy, syscall);
    return why ? [`${r.variant}/${r.sigint}: ${why}`] : [];
  });
}

/** Whether all, none or some of RUNS were ended by a signal (SIGINT or
 * SIGKILL, as endedByOf names it); all for no run at all. */
export function killableIn(runs: readonly { endedBy: string }[]): 'all' | 'none' | 'some' {
  const bySignal = runs.filter((r) => r.endedBy === 'SIGINT' || r.endedBy === 'SIGKILL');
  return bySignal.length === runs.length ? 'all' : bySignal.length === 0 ? 'none' : 'some';
}
