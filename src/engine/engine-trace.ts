// Trace events of the request lifecycle, built from what the engine knows.
import { actionText } from '../faults/actions.js';
import { errnoName } from '../faults/errno.js';
import type { Decision } from '../faults/types.js';
import type { Request } from '../proto/types.js';
import type { TraceEvent } from '../trace/types.js';
import { monotonic } from '../trace/types.js';
import type { Inflight } from './inflight.js';

/** A 'request' event; beforeStop marks one read before a stop and held until resume. */
export function requestEvent(
  req: Request,
  op: string,
  path: string | undefined,
  beforeStop: boolean,
): TraceEvent {
  const h = req.header;
  return {
    ev: 'request',
    ts: monotonic(),
    unique: h.unique.toString(),
    op,
    nodeid: h.nodeid.toString(),
    pid: h.pid,
    ...(path !== undefined && { path }),
    ...(beforeStop && { beforeStop: true }),
  };
}

/** A 'fault' event: which rule decided what for E ('stall', 'delay=200ms', 'errno=EIO', 'stop'). */
export function faultEvent(e: Inflight, d: Exclude<Decision, { kind: 'pass' }>): TraceEvent {
  const action = actionText(d);
  return {
    ev: 'fault',
    ts: monotonic(),
    unique: e.unique.toString(),
    op: e.op,
    rule: d.ruleId,
    action,
  };
}

/** A 'reply' event: ERROR is 0 or -errno; ms is the age of the request when answered. */
export function replyEvent(e: Inflight, error: number, outcome: string): TraceEvent {
  const ev = {
    ev: 'reply' as const,
    ts: monotonic(),
    unique: e.unique.toString(),
    op: e.op,
    error,
    outcome,
    ms: Number(process.hrtime.bigint() - e.t0) / 1e6,
  };
  return error ? { ...ev, errname: errnoName(-error) } : ev;
}
