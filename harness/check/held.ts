// What the blocking checks share, pure: whether their precondition happened
// (the daemon was there, the client sat in a FUSE wait, the stall on the
// backing store was hit according to its trace), a settled client in words,
// and a check's word from its per-operation words: the worst one measured.
import type { Observed } from '../clients/observe.js';
import { INCONCLUSIVE, type CheckResult } from './types.js';

/** How a client came to be held by a stall: the precondition of every blocking check. */
export interface Held {
  /** the client operation: 'read-direct', 'write-close', 'stat', 'open' */
  op: string;
  /** no daemon pid was alive when the client started */
  daemonGone: boolean;
  /** fault decisions of the stall rule in the backing store's trace */
  hits: number;
  /** the step the client sat in, in a FUSE wait, stable; undefined: it never blocked */
  blocked?: { step: string; state: string };
  /** why the client could not even be started */
  setup?: string;
}

/** What was missing for a verdict, or undefined when the client was held by the stall. */
export function missing(h: Omit<Held, 'op'>): string | undefined {
  if (h.daemonGone) return 'the daemon was already gone';
  if (h.setup) return h.setup;
  if (!h.blocked)
    return h.hits === 0
      ? 'the client never blocked and the stall was never hit (lower trace)'
      : 'the client never blocked';
  if (h.hits === 0) return 'the client blocked but the stall was never hit (lower trace)';
  return undefined;
}

// " (request_wait_answer < fuse_flush, exiting)": the wait, the FUSE operation
// behind it (a SIGKILLed client's exit_files flushes its files: fuse_flush)
function where(o: Observed): string {
  const stack = o.task?.stack ?? [];
  const wait = stack[0] ?? o.task?.wchan;
  if (!wait) return '';
  const op = stack.find((f) => f.startsWith('fuse_') && f !== wait);
  return ` (${[wait, op].filter(Boolean).join(' < ')}${o.task?.exiting ? ', exiting' : ''})`;
}

/** A settled client in words: "returned EINTR", "exited by SIGKILL", "blocked in D". */
export function said(o: Observed | undefined): string {
  if (!o) return 'not observed';
  if (o.kind === 'returned') return `returned ${o.report?.errno ?? o.report?.result ?? '?'}`;
  if (o.kind === 'exited')
    return o.exit?.signal ? `exited by ${o.exit.signal}` : `exited ${o.exit?.exitCode ?? '?'}`;
  if (o.kind.startsWith('blocked')) return `blocked in ${o.kind.slice(-1)}${where(o)}`;
  return 'undecided (no stable state)';
}

/** True when the observation is a client still sitting in the wait. */
export const stillBlocked = (o: Observed | undefined) => o?.kind.startsWith('blocked') === true;

/** One operation's word and why. */
export interface OpWord {
  op: string;
  outcome: string;
  why: string;
}

/** An operation without a verdict. */
export const undecided = (op: string, why: string): OpWord => ({ op, outcome: INCONCLUSIVE, why });

const category = (word: string) => word.split(':')[0]!;

/**
 * The check's result from its operations: the worst word measured by
 * `rank` (categories before ':', an unranked word counts worst), so one
 * operation the filesystem did not let us hold (never blocked) does not hide
 * what the others showed; inconclusive only when no operation was measured.
 */
export function worstMeasured(words: readonly OpWord[], rank: readonly string[]): CheckResult {
  const summary = words.map((w) => `${w.op}: ${w.outcome} (${w.why})`).join('; ');
  const measured = words.filter((w) => w.outcome !== INCONCLUSIVE);
  const pos = (w: OpWord) => {
    const i = rank.indexOf(category(w.outcome));
    return i < 0 ? rank.length : i;
  };
  const worst = [...measured].sort((a, b) => pos(b) - pos(a))[0];
  const outcome = worst ? worst.outcome : INCONCLUSIVE;
  return { outcome, summary: summary || 'no operation ran', evidence: { ops: words } };
}

/** A held client that got a signal, then (when it outlived it) the stall released. */
export interface Signalled extends Held {
  /** the client after the signal, the stall still on (ms: from the signal) */
  afterSignal?: Observed;
  /** the client after the release (ms: from the release) */
  afterRelease?: Observed;
}
