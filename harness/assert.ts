// Assertions for cases. Each returns { ok, message, evidence } and never throws
// on a mismatch: a failed assertion says what it expected and what it saw, and
// carries the /proc snapshot it judged. `not: true` negates any of them.
import { execa } from 'execa';
import { readNs } from './proc/ns.js';
import { signalName, signalNumber } from './proc/signals.js';
import { readProcess, type ProcessSnapshot, type TaskSnapshot } from './proc/task.js';
import { taskMatches, waitForExit, WaitTimeout } from './wait.js';

// The verdict of one assertion.
export interface AssertResult {
  ok: boolean;
  message: string;
  evidence: unknown;
}

// Every assertion takes `not` to assert the opposite.
export interface Negatable {
  not?: boolean;
}

function verdict(
  matched: boolean,
  not: boolean,
  claim: string,
  saw: string,
  evidence: unknown,
): AssertResult {
  const ok = not ? !matched : matched;
  const want = `${not ? 'not ' : ''}${claim}`;
  return { ok, message: ok ? want : `expected ${want}; saw ${saw}`, evidence };
}

// "4242/4243 D [request_wait_answer, fuse_flush, ...]" for messages.
function describeTask(t: TaskSnapshot): string {
  const frames =
    t.stack === null
      ? 'stack unreadable'
      : `[${t.stack.slice(0, 3).join(', ')}${t.stack.length > 3 ? ', ...' : ''}]`;
  return `${t.pid}/${t.tid} ${t.state} ${frames}`;
}

function describeProcess(p: ProcessSnapshot | null, pid: number): string {
  return p ? p.tasks.map(describeTask).join('; ') : `process ${pid} gone`;
}

function selectTasks(p: ProcessSnapshot | null, tid: number | 'any'): TaskSnapshot[] {
  return p?.tasks.filter((t) => tid === 'any' || t.tid === tid) ?? [];
}

// Task TID (or any task) of PID is in `state` (one letter or several), with `frames`.
export async function assertTaskState(
  pid: number,
  tid: number | 'any',
  state: string | readonly string[],
  { frames = [], not = false }: { frames?: readonly string[] } & Negatable = {},
): Promise<AssertResult> {
  const states = typeof state === 'string' ? [state] : state;
  const proc = await readProcess(pid);
  const matched = selectTasks(proc, tid).some((t) => taskMatches(t, states, frames));
  const who = tid === 'any' ? `a task of ${pid}` : `task ${pid}/${tid}`;
  const claim = `${who} in ${states.join('/')}${frames.length ? ` with [${frames.join(', ')}]` : ''}`;
  return verdict(matched, not, claim, describeProcess(proc, pid), proc);
}

// PID's thread-group leader is a zombie while another of its threads still lives
// (release_task of the leader waits for the whole group: the Netflix shape).
export async function assertLeaderZombieWithLiveThread(
  pid: number,
  { not = false }: Negatable = {},
): Promise<AssertResult> {
  const proc = await readProcess(pid);
  const leader = proc?.tasks.find((t) => t.tid === pid);
  const live = proc?.tasks.filter((t) => t.tid !== pid && t.state !== 'Z' && t.state !== 'X') ?? [];
  const matched = leader?.state === 'Z' && live.length > 0;
  return verdict(
    matched,
    not,
    `leader ${pid} a zombie with a live thread`,
    describeProcess(proc, pid),
    proc,
  );
}

// `sig` is pending for task TID (or any task) of PID, in its own set (SigPnd) or
// the shared one (ShdPnd), while the task still lives: sent but not delivered.
export async function assertSignalPendingUndelivered(
  pid: number,
  tid: number | 'any',
  sig: string | number,
  { not = false }: Negatable = {},
): Promise<AssertResult> {
  const name = signalName(signalNumber(sig));
  const proc = await readProcess(pid);
  const tasks = selectTasks(proc, tid);
  const alive = tasks.filter((t) => t.state !== 'Z' && t.state !== 'X');
  const matched = alive.some(
    (t) => t.signals.pending.includes(name) || t.signals.shared.includes(name),
  );
  const saw = tasks.length
    ? tasks
        .map(
          (t) =>
            `${t.pid}/${t.tid} ${t.state} SigPnd=[${t.signals.pending.join(',')}] ShdPnd=[${t.signals.shared.join(',')}]`,
        )
        .join('; ')
    : `no such task of ${pid}`;
  return verdict(
    matched,
    not,
    `${name} pending and undelivered in ${tid === 'any' ? pid : `${pid}/${tid}`}`,
    saw,
    proc,
  );
}

// PID's pid namespace can no longer be entered: `nsenter --target PID --pid -- true`
// joins it (setns) and forks, and the fork fails once the namespace's init is in
// zap_pid_ns_processes (disable_pid_allocation: alloc_pid returns -ENOMEM).
export async function assertPidNsNotEnterable(
  pid: number,
  { not = false }: Negatable = {},
): Promise<AssertResult> {
  const ns = await readNs(pid, 'pid');
  const r = await execa('nsenter', ['--target', String(pid), '--pid', '--', 'true'], {
    reject: false,
    timeout: 10_000,
  });
  const error = r.stderr.trim() || (r.failed ? r.shortMessage : '');
  const evidence = { ns: ns?.text ?? null, exitCode: r.exitCode ?? null, error };
  if (ns === null) {
    // the process is gone: nothing was measured, so neither claim holds
    return { ok: false, message: `cannot tell: process ${pid} is gone (${error})`, evidence };
  }
  const saw = r.failed ? `nsenter failed: ${error}` : 'nsenter entered it and ran true';
  return verdict(r.failed, not, `pid namespace ${ns.text} of ${pid} not enterable`, saw, evidence);
}

// Process PID exits (every task dead, or gone) within `ms`.
export async function assertExitsWithin(
  pid: number,
  ms: number,
  { not = false }: Negatable = {},
): Promise<AssertResult> {
  const start = performance.now();
  try {
    await waitForExit(pid, { timeoutMs: ms });
    const took = Math.round(performance.now() - start);
    return verdict(
      true,
      not,
      `process ${pid} exits within ${ms} ms`,
      `it exited after ${took} ms`,
      { exitedAfterMs: took },
    );
  } catch (err) {
    if (!(err instanceof WaitTimeout)) throw err;
    const proc = err.evidence as ProcessSnapshot | null;
    return verdict(
      false,
      not,
      `process ${pid} exits within ${ms} ms`,
      `still there after ${err.elapsedMs} ms: ${describeProcess(proc, pid)}`,
      proc,
    );
  }
}
