// The regression verdict LAVA records for a case: `fail` when the kernel
// shows the bug the case reproduces, `pass` when it shows the fix, `skip`
// when the case does not apply to this kernel. Interim table until CaseDef
// carries its own regression semantics; the runner's own outcomes ('error',
// 'timeout', 'interrupted') and an unclean recovery are failures whatever
// the case.
import type { CaseDef, CaseResult } from '../runner/types.js';

export type LavaResult = 'pass' | 'fail' | 'skip';

// Outcomes that mean "this kernel has the bug" and "this kernel has the fix".
const SEMANTICS: Record<string, { affected: string[]; fixed: string[] }> = {
  'netflix-flush-on-exit': {
    affected: ['deadlock', 'partial-deadlock'],
    fixed: ['no-deadlock', 'mitigated'],
  },
  'request-timeout-breaks-deadlock': {
    affected: ['does-not-break', 'partial'],
    fixed: ['breaks', 'no-deadlock'],
  },
  'etxtbsy-after-exit': { affected: ['etxtbsy'], fixed: ['no-etxtbsy'] },
  'iouring-init-softlockup': { affected: ['soft-lockup', 'spinning'], fixed: ['no-lockup'] },
};

const NOT_APPLICABLE = ['not-applicable', 'skipped'];

/** The LAVA result of one case's result (DEF is the case's definition). */
export function lavaVerdict(_def: CaseDef | undefined, r: CaseResult): LavaResult {
  if (NOT_APPLICABLE.includes(r.outcome)) return 'skip';
  if (!r.recovery.clean || r.error !== undefined) return 'fail';
  const s = SEMANTICS[r.id];
  if (!s) return r.ok ? 'pass' : 'fail';
  if (s.affected.includes(r.outcome)) return 'fail';
  return s.fixed.includes(r.outcome) ? 'pass' : 'fail';
}
