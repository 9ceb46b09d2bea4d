// Matrix records: one per kernel and case, from a guest's RunResult or, when
// the guest gave none, from why (TIMEOUT, PANIC, BOOT-FAILED, ...), so a dead
// kernel still has a row per case and is never mistaken for a case outcome.
import type { CaseResult, KernelFacts } from '../runner/types.js';
import type { Timeline } from '../timeline/types.js';
import type { GuestStatus } from './guest-run.js';
import type { VmRun } from './vmrun.js';

export interface MatrixFacts {
  preempt: string;
  fuseProtocolMinor?: number;
  requestTimeoutSysctls: boolean;
}

export interface MatrixRecord {
  /** the spec as given */
  kernel: string;
  /** the guest's uname -r (null when it never booted) */
  release: string | null;
  case: string;
  /** the case's outcome word, or a VM verdict in capitals */
  outcome: string;
  /** one line: the case's summary or the VM verdict's reason */
  evidence: string;
  details?: Record<string, unknown>;
  /** the case's timeline, for `fusefault report` (when the guest recorded one) */
  timeline?: Timeline;
  ok: boolean;
  durationMs?: number;
  facts: MatrixFacts | null;
  boots: number;
}

export const VM_OUTCOME: Record<Exclude<GuestStatus, 'ok'>, string> = {
  timeout: 'TIMEOUT',
  panic: 'PANIC',
  'boot-failed': 'BOOT-FAILED',
  'no-result': 'NO-RESULT',
};

// The config facts the guest measured.
export function factsOf(k: KernelFacts): MatrixFacts {
  return {
    preempt: k.preempt,
    ...(k.fuseProtocolMinor !== undefined ? { fuseProtocolMinor: k.fuseProtocolMinor } : {}),
    requestTimeoutSysctls: k.requestTimeoutSysctls,
  };
}

function fromCase(kernel: string, run: VmRun, c: CaseResult): MatrixRecord {
  return {
    kernel,
    release: run.result?.kernel.release ?? run.release ?? null,
    case: c.id,
    outcome: c.outcome,
    evidence: c.summary,
    details: c.evidence,
    ok: c.ok,
    durationMs: c.durationMs,
    facts: run.result ? factsOf(run.result.kernel) : null,
    boots: run.attempts.length,
    ...(c.timeline ? { timeline: c.timeline } : {}),
  };
}

// The last meaningful console lines, for a verdict's evidence.
export function lastLines(tail: string[], n = 3): string {
  return tail
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('@@FUSEFAULT'))
    .slice(-n)
    .join(' | ');
}

// Records of one kernel's run for the requested cases.
export function kernelRecords(kernel: string, run: VmRun, cases: string[]): MatrixRecord[] {
  if (run.status === 'ok' && run.result) {
    const byId = new Map(run.result.cases.map((c) => [c.id, c]));
    const ids = cases.length ? cases : [...byId.keys()];
    return ids.map((id) => {
      const c = byId.get(id);
      if (c) return fromCase(kernel, run, c);
      return verdict(
        kernel,
        run,
        id,
        'NO-RESULT',
        'the guest ran but reported nothing for this case',
      );
    });
  }
  const outcome = VM_OUTCOME[run.status as Exclude<GuestStatus, 'ok'>] ?? 'NO-RESULT';
  const tail = lastLines(run.tail);
  const retried = run.attempts.length > 1 ? ` (after ${run.attempts.length} boots)` : '';
  const reason = `${run.reason}${retried}${tail ? `; last output: ${tail}` : ''}`;
  const finished = new Map(run.finished.map((c) => [c.id, c]));
  const ids = cases.length ? cases : [...finished.keys(), '*'];
  return ids.map((id) => {
    const c = finished.get(id);
    if (!c) return verdict(kernel, run, id, outcome, reason);
    const evidence = `${c.summary} (read from the console; then ${outcome})`;
    return { ...verdict(kernel, run, id, c.outcome, evidence), ok: c.ok };
  });
}

function verdict(kernel: string, run: VmRun, id: string, outcome: string, evidence: string) {
  return {
    kernel,
    release: run.result?.kernel.release ?? run.release ?? null,
    case: id,
    outcome,
    evidence,
    ok: false,
    facts: run.result ? factsOf(run.result.kernel) : null,
    boots: run.attempts.length,
  } satisfies MatrixRecord;
}

// Records for a kernel that could not be fetched or built.
export function unavailableRecords(kernel: string, why: string, cases: string[]): MatrixRecord[] {
  return (cases.length ? cases : ['*']).map((id) => ({
    kernel,
    release: null,
    case: id,
    outcome: 'KERNEL-UNAVAILABLE',
    evidence: why,
    ok: false,
    facts: null,
    boots: 0,
  }));
}
