// The FUSE requests a server's trace shows touched in a window of time: read
// from /dev/fuse, answered, or interrupted (an INTERRUPT names its target's
// unique) at or after SINCE, each with what became of it by now. The trace is
// written every 100 ms, so what happened in the last 100 ms may not be in it yet.
import { tracedRequests, type TracedRequest } from '../evidence.js';
import type { TraceEvent } from '../../src/trace/types.js';

/** The requests of EVENTS read, answered or interrupted at or after SINCE (s, monotonic). */
export function requestsSince(events: readonly TraceEvent[], since: number): TracedRequest[] {
  const touched = new Set<string>();
  for (const e of events) {
    if (e.ts < since) continue;
    if (e.ev === 'request' || e.ev === 'reply') touched.add(e.unique);
    else if (e.ev === 'interrupt') touched.add(e.target);
  }
  return tracedRequests([...events]).filter((r) => touched.has(r.unique));
}
