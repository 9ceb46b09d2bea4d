import t from 'tap';
import { FaultSet } from '../../src/faults/rules.js';
import { traceRuleChanges } from '../../src/faults/trace-changes.js';
import { Trace } from '../../src/trace/trace.js';
import type { TraceEvent } from '../../src/trace/types.js';

t.test('every rule change becomes a rules trace event, until stopped', async (t) => {
  const faults = new FaultSet();
  const trace = new Trace();
  const seen: TraceEvent[] = [];
  trace.subscribe((ev) => seen.push(ev));
  const stop = traceRuleChanges(faults, trace);
  faults.add('flush:stall');
  faults.release(1);
  faults.release();
  faults.remove(1);
  faults.clear();
  stop();
  faults.add('read:stall');
  t.same(
    seen.map((e) => (e.ev === 'rules' ? [e.change, e.rule] : [e.ev])),
    [
      ['add', 1],
      ['release', 1],
      ['release', undefined],
      ['remove', 1],
      ['clear', undefined],
    ],
  );
  t.ok(seen.every((e) => e.ev === 'rules' && typeof e.ts === 'number' && e.ts > 0));
  t.notOk('rule' in seen[2]!, 'no rule field when the change concerns every rule');
  await trace.close();
});
