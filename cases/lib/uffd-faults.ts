// Watching the faults of the uffd-fault client: each fault kind runs in a
// thread of its own that reports its tid when it starts; while nobody answers,
// the thread sleeps in handle_userfault, interruptibly (S) or killable (D)
// depending on the fault flags its path passed (userfaultfd_get_blocking_state).
// And the uffd's fdinfo (userfaultfd_show_fdinfo): `pending` counts the faults
// still queued on fault_pending_wqh (not read by any server), `total` those
// plus the faults read but not yet woken (fault_wqh). And ending faults that
// nobody will answer: SIGKILL, or a new server that adopts the uffd.
import { startClient, type ClientHandle, type ClientReport } from '../../harness/clients/index.js';
import { readText } from '../../harness/proc/read.js';
import { parseStatusFields } from '../../harness/proc/status.js';
import { readTask } from '../../harness/proc/task.js';
import type { CaseContext } from '../../harness/runner/types.js';
import { taskMatches, waitFor, WaitTimeout } from '../../harness/wait.js';
import { taskEvidence, type TaskEvidence } from '../../harness/evidence.js';
import { waitAllExited } from '../../harness/process/free.js';

/** The frame every unanswered userfault sleeps in. */
export const UFFD_FRAME = 'handle_userfault';

/** One fault as observed. */
export interface FaultSeen {
  kind: string;
  /** 'returned' | 'exited' (the client died) | 'blocked-D' | 'blocked-S' | 'undecided' */
  status: string;
  tid?: number;
  /** bytes the faulting call returned, or its errno */
  result?: number | string;
  /** first byte of the page as the call saw it: the server's 0x5a, the zero page's 0, ... */
  value?: number;
  /** CLOCK_MONOTONIC seconds of the return */
  ts?: number;
  task?: TaskEvidence;
  /** the thread's context switches so far (voluntary + involuntary): unchanged
   * between two looks, it was never woken, not even to fault again */
  switches?: number;
}

/** The uffd's fdinfo: pending and total faults, the API line. */
export interface UffdFdinfo {
  pending: number;
  total: number;
  api: string | null;
}

/** Parses /proc/PID/fdinfo/FD of a userfaultfd; null when it is not one. */
export function parseUffdFdinfo(text: string): UffdFdinfo | null {
  const get = (k: string) => new RegExp(`^${k}:\\s*(\\S+)`, 'm').exec(text)?.[1];
  const pending = get('pending');
  const total = get('total');
  if (pending === undefined || total === undefined) return null;
  return { pending: Number(pending), total: Number(total), api: get('API') ?? null };
}

/** The fdinfo of fd FD of PID as a uffd, or null when gone or not a uffd. */
export async function readUffdFdinfo(pid: number, fd: number): Promise<UffdFdinfo | null> {
  const text = await readText(`/proc/${pid}/fdinfo/${fd}`);
  return text === null ? null : parseUffdFdinfo(text);
}

/** Context switches of task TID of PID from its status file, or undefined when gone. */
export async function readSwitches(pid: number, tid: number): Promise<number | undefined> {
  const text = await readText(`/proc/${pid}/task/${tid}/status`);
  if (text === null) return undefined;
  const f = parseStatusFields(text);
  const [v, nv] = ['voluntary_ctxt_switches', 'nonvoluntary_ctxt_switches'].map((k) => f.get(k));
  return v === undefined || nv === undefined ? undefined : Number(v) + Number(nv);
}

const ofKind = (c: ClientHandle, kind: string, enter: boolean): ClientReport | undefined =>
  c.reports.find((r) => r.step === kind && r.syscall === 'page-fault' && !!r.enter === enter);

/** Whether a fault is still asleep in the kernel. */
export const isBlocked = (f: FaultSeen): boolean => f.status.startsWith('blocked');

/**
 * Waits until every fault of KINDS has returned, or the client has exited, or
 * its thread has slept in handle_userfault (S or D) for stableMs; a fault that
 * is neither by timeoutMs is 'undecided'.
 */
export async function watchFaults(
  c: ClientHandle,
  kinds: readonly string[],
  {
    stableMs,
    timeoutMs = 8000,
    signal,
  }: { stableMs: number; timeoutMs?: number; signal?: AbortSignal },
): Promise<FaultSeen[]> {
  let exited = false;
  void c.done.then(() => (exited = true));
  const since = new Map<string, [string, number]>();
  const look = async (kind: string): Promise<FaultSeen & { decided: boolean }> => {
    const ret = ofKind(c, kind, false);
    if (ret) {
      const value = ret.detail?.value;
      return {
        kind,
        status: 'returned',
        result: ret.errno ?? ret.result,
        value: typeof value === 'number' ? value : undefined,
        ts: ret.ts,
        decided: true,
      };
    }
    if (exited) return { kind, status: 'exited', decided: true };
    const tid = Number(ofKind(c, kind, true)?.detail?.tid);
    const [t, switches] = tid
      ? await Promise.all([readTask(c.pid, tid), readSwitches(c.pid, tid)])
      : [null, undefined];
    const status = t && taskMatches(t, ['D', 'S'], [UFFD_FRAME]) ? `blocked-${t.state}` : '';
    const [was, at] = since.get(kind) ?? ['', 0];
    if (status !== was) since.set(kind, [status, Date.now()]);
    const held = status !== '' && status === was && Date.now() - at >= stableMs;
    return {
      kind,
      status: status || 'undecided',
      tid,
      task: t ? taskEvidence(t) : undefined,
      switches,
      decided: held,
    };
  };
  let last: (FaultSeen & { decided: boolean })[] = [];
  try {
    await waitFor(
      async () => {
        last = await Promise.all(kinds.map(look));
        return last.every((f) => f.decided);
      },
      { timeoutMs, signal, what: `faults of ${c.pid} to return or sleep in ${UFFD_FRAME}` },
    );
  } catch (err) {
    if (!(err instanceof WaitTimeout)) throw err;
  }
  return last.map(({ decided, ...f }) => (decided ? f : { ...f, status: 'undecided' }));
}

/** "user S", "gup D", "copy returned 4096 (0x70)", "user exited" */
export function describeFault(f: FaultSeen): string {
  if (isBlocked(f)) return `${f.kind} ${f.status.slice(-1)}`;
  if (f.status === 'returned') {
    const v = f.value === undefined ? '' : ` (0x${f.value.toString(16).padStart(2, '0')})`;
    return `${f.kind} returned ${f.result}${v}`;
  }
  return `${f.kind} ${f.status}`;
}

/** What ended the stuck faults, and how long until the faulting process was gone. */
export interface Freed {
  how: string;
  freed: boolean;
  ms: number;
}

/** SIGKILL to C and how long until it was gone. */
export async function killAndWait(c: ClientHandle, signal: AbortSignal): Promise<Freed> {
  c.kill('SIGKILL');
  const gone = await waitAllExited([c.pid], 5000, signal);
  return { how: 'SIGKILL to the faulting process', freed: gone.ok, ms: gone.ms };
}

/** A new server adopts fd FD of C and answers COUNT queued faults. */
export async function adopt(
  ctx: CaseContext,
  c: ClientHandle,
  fd: number,
  count: number,
): Promise<Freed> {
  const args = ['--adopt', String(c.pid), '--fd', String(fd), '--count', String(count)];
  const start = Date.now();
  const a = startClient('uffd-fault', args, { track: ctx });
  let over = false;
  void a.done.then(() => (over = true));
  // the adopter ends after its answers, or fails first (no pidfd_getfd: before 5.6)
  const gone = await Promise.race([
    waitAllExited([c.pid], 5000, ctx.signal),
    a.done.then(async (end) => (end.exitCode ? null : waitAllExited([c.pid], 5000, ctx.signal))),
  ]);
  const ms = Date.now() - start;
  if (!over) a.kill('SIGKILL'); // still waiting for a fault message: nothing more will come
  const failed = (await a.done).reports.find((r) => r.errno);
  const served = a.reports.filter((r) => r.step === 'uffdio-copy' && !r.enter).length;
  const how = `pidfd_getfd + UFFDIO_COPY (${served} served${failed ? `; ${failed.syscall} ${failed.errno}` : ''})`;
  return { how, freed: !!gone?.ok, ms: gone?.ok ? ms : 0 };
}
