// The verdict of one flush-on-exit run, from what /proc and the trace showed,
// as netflix-flush-on-exit defines the deadlock: a task asleep in fuse_flush
// with SIGKILL pending and undelivered (complete_signal skips a PF_EXITING
// task); in a pid namespace also init held in zap_pid_ns_processes and the
// namespace closed to newcomers, which nsenter sees as its fork failing with
// ENOMEM (alloc_pid once disable_pid_allocation cleared PIDNS_ADDING): any
// other nsenter failure says nothing about the namespace.
import type { NsEnterable } from './ns-enterable.js';

/** A check's answer as the runs record it. */
export interface Check {
  ok: boolean;
  message: string;
}

/** What one run saw, as the verdict reads it. */
export interface FlushRunSeen {
  variant: string;
  /** how the killed task settled: 'stuck' | 'exited' | 'undecided' */
  settled: string;
  /** inFuseFlush, sigkillPending; in a namespace initInZap too */
  checks: Record<string, Check | undefined>;
  /** nsenter into the namespace while it was stuck (pid-namespace runs) */
  enterable?: NsEnterable;
  /** the FLUSH in the live server's trace while it was stuck (pidns-client) */
  flush?: 'unanswered' | 'answered' | 'absent';
  /** the request timeout ended it, with nobody's help */
  freedByTimeout?: boolean;
}

/** A run's verdict: 'deadlock', 'mitigated', 'exited', or 'undecided' with what was missing. */
export interface FlushRunVerdict {
  verdict: 'deadlock' | 'mitigated' | 'exited' | 'undecided';
  missing: string[];
}

/** Whether nsenter failed as a closed pid namespace makes it fail: fork() with ENOMEM. */
export function forkFailedEnomem(e: NsEnterable | undefined): boolean {
  return (
    !!e && !e.enterable && !e.gone && /fork failed: Cannot allocate memory/.test(e.error ?? '')
  );
}

/** The verdict of one run: the deadlock needs every part of its shape seen while stuck. */
export function flushRunVerdict(r: FlushRunSeen): FlushRunVerdict {
  if (r.settled === 'exited') return { verdict: 'exited', missing: [] };
  if (r.settled !== 'stuck')
    return { verdict: 'undecided', missing: ['neither exited nor stuck in fuse_flush'] };
  const missing: string[] = [];
  if (!r.checks.inFuseFlush?.ok) missing.push('no task in D in fuse_flush');
  if (!r.checks.sigkillPending?.ok) missing.push('no SIGKILL pending');
  if (r.enterable !== undefined) {
    if (!r.checks.initInZap?.ok) missing.push('init not in zap_pid_ns_processes');
    if (r.enterable.enterable) missing.push('the namespace could be entered');
    else if (!forkFailedEnomem(r.enterable))
      missing.push(`nsenter failed otherwise (${r.enterable.error ?? 'no message'})`);
  }
  // the server is alive and stalls the FLUSH: an answered one would mean the
  // client waits on something else
  if (r.flush === 'answered') missing.push('the FLUSH in the trace was answered');
  if (missing.length) return { verdict: 'undecided', missing };
  return { verdict: r.freedByTimeout ? 'mitigated' : 'deadlock', missing };
}
