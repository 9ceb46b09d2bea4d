// Rule changes as trace events, so a trace shows when a rule was added,
// released or removed relative to the requests it affected.
import type { Trace } from '../trace/trace.js';
import { monotonic } from '../trace/types.js';
import type { FaultSet, RuleChange } from './rules.js';

/** Emits a 'rules' trace event for every change of FAULTS; returns a function that stops it. */
export function traceRuleChanges(faults: FaultSet, trace: Trace): () => void {
  const onChange = ({ change, rule }: RuleChange) =>
    trace.emit(
      rule === undefined
        ? { ev: 'rules', ts: monotonic(), change }
        : { ev: 'rules', ts: monotonic(), change, rule },
    );
  faults.on('change', onChange);
  return () => void faults.off('change', onChange);
}
