// One fuzzed fault spec, tried the way serve and `ctl add` use it: parsed,
// added to a FaultSet, and consulted for requests on its ops and a few paths
// (decide() runs the compiled globs, where a pathological pattern would hang).
import { UsageError } from '../../src/errors.js';
import { FaultSet } from '../../src/faults/rules.js';
import { genPath, genSpec } from './gen-spec.js';
import { itemRng } from './random.js';

/** What became of one spec: accepted, rejected with one line, or something a user should never see. */
export interface SpecVerdict {
  kind: 'accepted' | 'rejected' | 'wrong' | 'crash';
  detail?: string;
}

/** Spec number I of the stream for SEED, and the paths it is tried on. */
export function specInput(seed: number, i: number): { spec: string; paths: string[] } {
  const rng = itemRng(seed, 'spec', i);
  const spec = genSpec(rng);
  return { spec, paths: Array.from({ length: 4 }, () => genPath(rng)) };
}

/** Tries SPEC on PATHS. A rejection must be a UsageError of one line; anything thrown else is a crash. */
export function checkSpec(spec: string, paths: readonly string[]): SpecVerdict {
  const faults = new FaultSet({ seed: 1 });
  let rule;
  try {
    rule = faults.add(spec);
  } catch (err) {
    if (!(err instanceof UsageError))
      return { kind: 'crash', detail: (err as Error)?.stack ?? String(err) };
    if (err.message.includes('\n')) return { kind: 'wrong', detail: 'rejection spans lines' };
    return { kind: 'rejected' };
  }
  try {
    for (const op of rule.ops.includes('all') ? ['getattr', 'flush'] : rule.ops) {
      for (const path of [...paths, undefined]) {
        const info = { op, pid: 1, unique: 2n, nodeid: 1n, ...(path ? { path } : {}) };
        faults.decide(info);
        faults.interruptPolicy(info);
      }
    }
  } catch (err) {
    return { kind: 'crash', detail: (err as Error)?.stack ?? String(err) };
  }
  return { kind: 'accepted' };
}
