// The contract between `fusefault check` and its checks. A check is a file
// under harness/check/checks/ whose default export is a CheckDef; the
// registry (registry.ts) lists them. The session (session.ts) gives every
// check the same world: a fusefault mount as the backing store ({lower}),
// the filesystem under test mounted on top of it ({mnt}), and a CaseContext
// through which everything started is tracked for recovery.
import type { CaseContext } from '../runner/types.js';
import type { ServerHandle } from '../process/server.js';
import type { UpperMount } from './upper.js';

/** What one check found: the JSON record `check --json` writes. */
export interface CheckRecord {
  id: string;
  /** a word of the check's `outcomes`, or 'inconclusive' (never a guess) */
  outcome: string;
  /** one line for the table */
  summary: string;
  /** what was measured: task states and stacks, syscall results, lower trace lines */
  evidence: Record<string, unknown>;
}

/** A check's result before the session stamps its id on it. */
export type CheckResult = Omit<CheckRecord, 'id'>;

/** Everything a check runs against. */
export interface CheckEnv {
  /** tracking for recovery, a work directory, the abort signal */
  ctx: CaseContext;
  /** the backing store: a fusefault serve (raw engine, control socket, trace) */
  lower: ServerHandle;
  /** the filesystem under test, mounted over lower */
  upper: UpperMount;
  /** aborted at the check's deadline or when the session is stopped */
  signal: AbortSignal;
  log(message: string): void;
}

/** One check. */
export interface CheckDef {
  /** kebab-case, as `--only` names it */
  id: string;
  /** one line, for `check --help` and the README */
  title: string;
  /** every outcome word this check can report ('inconclusive' included) */
  outcomes: readonly string[];
  /** the session stops the check after this long and records it inconclusive */
  timeoutMs: number;
  run(env: CheckEnv): Promise<CheckResult>;
}

/** The outcome of a check whose precondition did not happen (fault never hit, client never ran). */
export const INCONCLUSIVE = 'inconclusive';
