// The outcome each case gives, per kernel (major.minor, and a condition the
// test set up, as the matrix spells it: `6.18+fs.fuse.default_request_timeout=10`),
// as measured and as the README's table says for this project's 6.18
// machines. The case tests fail when a run differs on a kernel listed here
// and only report it on one that is not: a new kernel's answers are news, not
// failures, until someone has read them and added its column.
import { release } from 'node:os';
import type { Test } from 'tap';
import type { CaseResult } from '../../harness/runner/types.js';

/** Expected outcome per kernel key, then per case id. */
export const EXPECTED: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  '6.18': {
    'etxtbsy-after-exit': 'no-etxtbsy',
    // vm-only: outside a matrix guest the runner skips it
    'iouring-init-softlockup': 'skipped',
    'juicefs-close-interrupt': 'only-honoured-interrupt-frees',
    'juicefs-stat-stopped-server': 'killable-only-while-unread',
    'mmap-lock-cascade': 'remote-only-cascade',
    'netflix-flush-on-exit': 'deadlock',
    'request-timeout-breaks-deadlock': 'breaks',
    'userfaultfd-unserved': 'stuck-while-referenced',
  },
  // fuse_check_timeout aborts the connection of each hang by itself
  '6.18+fs.fuse.default_request_timeout=10': {
    'netflix-flush-on-exit': 'mitigated',
  },
};

/** "6.18" from "6.18.44-fc-v1272". */
export function kernelKey(rel = release()): string {
  return /^(\d+\.\d+)/.exec(rel)?.[1] ?? rel;
}

/** What ID should give on KEY, or undefined when the table does not say. */
export function expectedOutcome(id: string, key: string): string | undefined {
  return EXPECTED[key]?.[id];
}

/**
 * Asserts RESULT's outcome is the one the table gives for this kernel (plus
 * CONDITION, when the test set one up); a comment instead when it gives none.
 */
export function checkExpected(t: Test, id: string, result: CaseResult, condition?: string): void {
  const key = kernelKey() + (condition ? `+${condition}` : '');
  const want = expectedOutcome(id, key);
  if (want === undefined) {
    t.comment(`no expected outcome of ${id} on ${key}: it gave ${result.outcome}`);
    return;
  }
  t.equal(result.outcome, want, `the outcome on ${key} (${result.summary})`);
}
