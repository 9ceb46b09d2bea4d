// One userfaultfd-unserved run in the summary line: its verdict, each fault's
// state, the uffd's queue, whether any faulting thread ran while the faults
// were held, and what ended them.
import { describeFault, type FaultSeen, type Freed, type UffdFdinfo } from './uffd-faults.js';

/** What describeRun reads of a run. */
export interface RunSeen {
  variant: string;
  verdict: string;
  before: FaultSeen[];
  after: FaultSeen[];
  fdinfoBefore: UffdFdinfo | null;
  /** s after the server's SIGKILL each fault returned, by kind */
  resolvedAfterS: Record<string, number>;
  stuckForMs: number;
  ranWhileStuck: string[];
  ended: Freed[];
}

/** "referenced: stuck (user S, copy S, gup D; pending 3/3), none ran in 1520 ms, SIGKILL ... freed it in 12 ms" */
export function describeRun(v: RunSeen): string {
  const faults = (v.after.length ? v.after : v.before).map(describeFault).join(', ');
  const fd = v.fdinfoBefore ? `; pending ${v.fdinfoBefore.pending}/${v.fdinfoBefore.total}` : '';
  const end = v.ended.map(
    (e) => `, ${e.how} ${e.freed ? `freed it in ${e.ms} ms` : 'did not free it'}`,
  );
  const woke = Object.values(v.resolvedAfterS);
  const back =
    v.verdict === 'woken' && woke.length
      ? `, returned ${Math.round(Math.max(...woke) * 1000)} ms after the server's death`
      : '';
  const held =
    v.stuckForMs > 0
      ? `, ${v.ranWhileStuck.length ? `${v.ranWhileStuck.join('+')} ran` : 'none ran'} in ${v.stuckForMs} ms`
      : '';
  return `${v.variant}: ${v.verdict} (${faults}${fd})${back}${held}${end.join('')}`;
}
