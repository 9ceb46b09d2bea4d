// A server's trace as request spans: read off /dev/fuse ('request'), held or
// failed by a fault ('fault'), answered ('reply', whatever its outcome), and
// the INTERRUPTs that named it. An INTERRUPT is itself never answered
// (fuse_interrupt's request has no reply), so it is a marker on its target.
import type { TraceEvent } from '../../src/trace/types.js';
import type { ClientReport } from '../clients/report.js';
import { since } from './changes.js';
import type { TimelineRequest, TimelineSyscall } from './types.js';

/** The requests of one server's trace EVENTS, times since ORIGIN, in the order read. */
export function requestsOf(
  events: TraceEvent[],
  server: string,
  origin: number,
): TimelineRequest[] {
  const byUnique = new Map<string, TimelineRequest>();
  const out: TimelineRequest[] = [];
  for (const e of events) {
    if (e.ev === 'request') {
      const r: TimelineRequest = {
        server,
        unique: e.unique,
        op: e.op,
        ...(e.path !== undefined ? { path: e.path } : {}),
        pid: e.pid,
        t: since(origin, e.ts),
        interrupts: [],
      };
      // the kernel reuses a unique once answered: the newest request owns it
      byUnique.set(e.unique, r);
      out.push(r);
    } else if (e.ev === 'fault') {
      const r = byUnique.get(e.unique);
      if (r) r.fault = e.action;
    } else if (e.ev === 'reply') {
      const r = byUnique.get(e.unique);
      if (r && r.end === undefined) {
        r.end = since(origin, e.ts);
        r.outcome = e.errname ? `${e.outcome} ${e.errname}` : e.outcome;
      }
    } else if (e.ev === 'init') {
      // INIT's reply is traced as the 'init' event (the negotiated protocol)
      const r = out.findLast((x) => x.op === 'init' && x.end === undefined);
      if (r) Object.assign(r, { end: since(origin, e.ts), outcome: 'ok' });
    } else if (e.ev === 'interrupt') {
      const { policy, known } = e;
      byUnique.get(e.target)?.interrupts.push({ t: since(origin, e.ts), policy, known });
    }
  }
  return out;
}

/** A client's syscalls from its REPORTS: each `enter` line opens one, the next
 * line of the same step closes it (never, when the client died inside). */
export function syscallsOf(
  pid: number,
  reports: ClientReport[],
  origin: number,
): TimelineSyscall[] {
  const out: TimelineSyscall[] = [];
  const open = new Map<string, TimelineSyscall>();
  for (const r of reports) {
    const key = `${r.step}\0${r.syscall}`;
    if (r.enter) {
      const s: TimelineSyscall = { pid, syscall: r.syscall, step: r.step, t: since(origin, r.ts) };
      open.set(key, s);
      out.push(s);
      continue;
    }
    const s = open.get(key);
    open.delete(key);
    const end = since(origin, r.ts);
    const result = {
      ...(r.result !== undefined ? { result: r.result } : {}),
      ...(r.errno !== undefined ? { errno: r.errno } : {}),
    };
    if (s) Object.assign(s, { end }, result);
    // a syscall reported only after it returned: a point
    else out.push({ pid, syscall: r.syscall, step: r.step, t: end, end, ...result });
  }
  return out;
}
