// The contract between cases, the runner and the kernel matrix. A case is a
// file under cases/ whose default export is a CaseDef; its id is its file name
// without the extension. The runner gives it isolation, a deadline, evidence
// on timeout, recovery and TAP; the VM matrix reads RunResult as JSON.
import type { TimelineHooks } from '../timeline/recorder.js';
import type { Timeline } from '../timeline/types.js';
import type { StepEvent, StepHooks } from './steps.js';

export interface Requirements {
  root?: boolean;
  /** needs /dev/fuse and a working mount */
  fuse?: boolean;
  /** may only run inside a VM (cannot be recovered on a real machine): a
   * kernel-matrix guest, marked by `fusefault.vm` on the kernel command line
   * or FUSEFAULT_VM=1; elsewhere the case is skipped */
  vmOnly?: boolean;
}

/** An outcome word: a case's own ('deadlock', 'no-deadlock', 'not-applicable', ...)
 * or the runner's ('error', 'timeout', 'interrupted', 'skipped'). */
export type Outcome = string;

/** The word any case may report when what it measured concludes nothing,
 * whether or not its `outcomes` list it. */
export const INCONCLUSIVE_OUTCOME = 'inconclusive';

/** What a case attaches to its outcome; a number under `fuseProtocolMinor` or
 * `kernelMinor` (at any depth) becomes KernelFacts.fuseProtocolMinor. */
export type Evidence = Record<string, unknown>;

/** What a case's outcomes say about the kernel, for `run --regress` and
 * farms (regress.ts). An outcome in neither list must be 'not-applicable'
 * (the kernel lacks what the case measures: skip) or one of the words for
 * "not measured" ('inconclusive', 'undecided': fail, a farm must see it);
 * the runner refuses a case whose lists break that (regressProblem). */
export interface Regress<W extends Outcome = Outcome> {
  /** the kernel shows the bug the case reproduces: `not ok` */
  affected: readonly W[];
  /** the kernel does not, or ends it by itself (mitigated): `ok` */
  fixed: readonly W[];
}

/** A result as a regression farm counts it. */
export type Verdict = 'pass' | 'fail' | 'skip';

/** A case, typed by its outcome words WORDS (a const tuple) and its evidence E:
 * `run` cannot return a word its `outcomes` lack (other than 'inconclusive'),
 * and `regress` cannot name one. Untyped (the defaults), any string compiles;
 * the runner refuses an undeclared word at run time either way. */
export interface CaseDef<
  Words extends readonly Outcome[] = readonly Outcome[],
  E extends Evidence = Evidence,
> {
  /** one line, for `fusefault list` */
  title: string;
  requires: Requirements;
  /** the runner kills the case and recovers after this long */
  timeoutMs: number;
  /** every outcome word this case can report ('inconclusive' goes without saying) */
  outcomes: Words;
  /** which outcomes mean the kernel is affected and which fixed */
  regress: Regress<Words[number]>;
  run(ctx: CaseContext): Promise<CaseOutcome<Words[number] | typeof INCONCLUSIVE_OUTCOME, E>>;
}

/** A CaseDef with its outcome words and evidence inferred: `outcomes: [...]`
 * is read as a const tuple, so a stray word in `run` or `regress` does not
 * compile; the evidence is the union of what `run` returns. */
export function defineCase<
  const Words extends readonly Outcome[],
  R extends CaseOutcome<Words[number] | typeof INCONCLUSIVE_OUTCOME>,
>(
  def: Omit<CaseDef<Words>, 'run'> & { run(ctx: CaseContext): Promise<R> },
): CaseDef<Words, R['evidence']> {
  return def as CaseDef<Words, R['evidence']>;
}

/** Whether DEF may report OUTCOME: one of its words, or 'inconclusive'. */
export function declaresOutcome(def: Pick<CaseDef, 'outcomes'>, outcome: Outcome): boolean {
  return outcome === INCONCLUSIVE_OUTCOME || def.outcomes.includes(outcome);
}

export interface CaseOutcome<W extends Outcome = Outcome, E extends Evidence = Evidence> {
  /** the kernel's behaviour as measured: 'deadlock', 'no-deadlock', 'not-applicable', ...
   * The runner itself reports 'error' (the case threw or its process died),
   * 'timeout' (past timeoutMs, with evidence of every task), 'interrupted'
   * (SIGINT/SIGTERM) and 'skipped' (requirements not met here). */
  outcome: W;
  /** one line for the TAP output and the matrix table */
  summary: string;
  /** what was read from /proc and the trace that backs the outcome */
  evidence: E;
}

export interface CaseContext {
  id: string;
  /** a private temporary directory, removed by recovery */
  workdir: string;
  /** aborted when the case runs past its timeout or the run is interrupted */
  signal: AbortSignal;
  log(message: string): void;
  /** everything below is undone by recovery, whatever happens to the case.
   * The case runs in its own session: whatever it starts is killed with it;
   * track a process that leaves the session (setsid, detached) with trackPid,
   * which also covers that process's own session and process group */
  trackPid(pid: number): void;
  trackMount(mountpoint: string): void;
  trackConnection(conn: number): void;
  /** writes value and restores the old one afterwards */
  setSysctl(path: string, value: string): Promise<void>;
  /** where harness helpers report signals, traces and syscalls for the run's
   * timeline (absent outside the runner) */
  timeline?: TimelineHooks;
  /** where a case announces and ends its steps (absent outside the runner) */
  steps?: StepHooks;
}

export interface RecoveryReport {
  clean: boolean;
  /** what recovery had to do: 'aborted conn 42', 'lazy-unmounted /tmp/x', ... */
  actions: string[];
  /** what was still wrong after it: tasks in D, mounts left */
  leftovers: string[];
}

export interface CaseResult {
  id: string;
  outcome: Outcome;
  summary: string;
  evidence: Record<string, unknown>;
  durationMs: number;
  recovery: RecoveryReport;
  /** set when --expect was given for this case */
  expected?: string;
  /** set under --regress: regressVerdict of this result */
  verdict?: Verdict;
  /** false when the case failed to run, recovery was not clean, expected
   * differs, or (under --regress) the verdict is fail */
  ok: boolean;
  error?: string;
  /** why the case did not run here (outcome 'skipped'): 'needs root', 'vm-only: ...' */
  skip?: string;
  /** what its processes and servers did over time, for `fusefault report` */
  timeline?: Timeline;
  /** the steps it announced and how each ended, in the order they came
   * (absent when it announced none) */
  steps?: StepEvent[];
}

export interface KernelFacts {
  release: string;
  version: string;
  /** 'none' | 'voluntary' | 'full' | 'dynamic(...)' | 'unknown' */
  preempt: string;
  /** minor of the FUSE protocol the kernel offered in FUSE_INIT, when measured */
  fuseProtocolMinor?: number;
  requestTimeoutSysctls: boolean;
}

export interface RunResult {
  kernel: KernelFacts;
  startedAt: string;
  cases: CaseResult[];
}
