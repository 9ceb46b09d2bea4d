// What became of an errno injected under the filesystem under test, from the
// client's syscalls (pure: the table test covers every word). The client
// runs its steps in order (open, read/write/fsync, close); `step` is the one
// that makes the backing-store operation the fault is on.
import type { ClientReport } from '../clients/index.js';
import { INCONCLUSIVE } from './types.js';

/** One op of the error-propagation check, as measured. */
export interface OpObservation {
  /** 'open', 'read', 'read-direct', 'write:ENOSPC', ... */
  op: string;
  /** the errno name the backing store answered with */
  injected: string;
  /** the client step whose syscall makes the operation */
  step: string;
  /** fault decisions of the rule in the backing store's trace */
  hits: number;
  /** the client's report lines; undefined when it never ran */
  reports: readonly ClientReport[] | undefined;
  /** O_DIRECT: the open is refused with this errno when the filesystem does not allow it */
  refusedBy?: string;
}

/** The result lines of the client's steps (the `enter` lines dropped), in order. */
function results(reports: readonly ClientReport[]): ClientReport[] {
  return reports.filter((r) => !r.enter && r.step !== 'exit' && r.step !== 'signal');
}

/**
 * `propagated` (the step's own syscall returned the errno), `deferred:<STEP>`
 * (it succeeded, a later call failed; `as` names the errno when it is
 * another), `changed:<ERRNO>` (another errno),
 * `early:<STEP>` (an earlier call failed with it), `lost` (every call
 * succeeded), `unsupported` (O_DIRECT refused), or `inconclusive` when the
 * fault was never hit or the client did not get through its steps.
 */
export function opOutcome(o: OpObservation): { outcome: string; why: string; as?: string } {
  if (!o.reports) return { outcome: INCONCLUSIVE, why: 'the client never ran' };
  const done = results(o.reports);
  const at = done.findIndex((r) => r.step === o.step);
  const earlier = (at < 0 ? done : done.slice(0, at)).find((r) => r.errno);
  if (earlier) {
    if (o.hits === 0 && o.refusedBy && earlier.step === 'open' && earlier.errno === o.refusedBy)
      return { outcome: 'unsupported', why: `open refused with ${earlier.errno}` };
    if (o.hits === 0)
      return {
        outcome: INCONCLUSIVE,
        why: `${earlier.step} failed (${earlier.errno}) before the fault`,
      };
    const word = earlier.errno === o.injected ? 'early' : 'changed';
    const tail = word === 'early' ? earlier.step.toUpperCase() : earlier.errno!;
    return { outcome: `${word}:${tail}`, why: `${earlier.step} returned ${earlier.errno}` };
  }
  if (o.hits === 0)
    return {
      outcome: INCONCLUSIVE,
      why: 'the fault was never hit: no matching request reached the backing store',
    };
  if (at < 0) return { outcome: INCONCLUSIVE, why: `the client never finished ${o.step}` };
  const own = done[at]!;
  if (own.errno === o.injected)
    return { outcome: 'propagated', why: `${o.step} returned ${own.errno}` };
  if (own.errno) return { outcome: `changed:${own.errno}`, why: `${o.step} returned ${own.errno}` };
  const later = done.slice(at + 1);
  const failed = later.find((r) => r.errno);
  if (failed)
    return {
      outcome: `deferred:${failed.step.toUpperCase()}`,
      why: `${o.step} succeeded, ${failed.step} returned ${failed.errno}`,
      ...(failed.errno === o.injected ? {} : { as: failed.errno! }),
    };
  if (o.step !== 'close' && !later.some((r) => r.step === 'close'))
    return { outcome: INCONCLUSIVE, why: 'the client never finished close' };
  return { outcome: 'lost', why: 'every call succeeded' };
}

// How bad each per-op word is for the check's own outcome: the worst wins.
const RANK = ['unsupported', 'propagated', 'early', 'deferred', 'changed', 'lost', INCONCLUSIVE];
const category = (word: string) => word.split(':')[0]!;

/** The check's outcome: the worst per-op category (inconclusive if any op is). */
export function worstOf(words: readonly string[]): string {
  if (words.length === 0) return INCONCLUSIVE;
  const ranked = words.map(category).sort((a, b) => RANK.indexOf(b) - RANK.indexOf(a));
  const worst = ranked[0]!;
  // nothing but refused O_DIRECT opens: nothing was measured
  return worst === 'unsupported' ? INCONCLUSIVE : worst;
}
