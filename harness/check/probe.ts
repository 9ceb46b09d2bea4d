// The shared step of the checks: a fault on the backing store, a client on
// the upper mount, and what the backing store's trace says happened. A rule
// is added over the control socket, the body runs (it starts clients with
// upperClient), the rule is removed (which answers whatever it held), and the
// trace lines behind the verdict come back with it: the fault decisions of
// that rule, and the requests and replies they were taken on.
import type { TraceEvent } from '../../src/trace/types.js';
import { startClient, type ClientHandle, type ClientName } from '../clients/index.js';
import { readProcess } from '../proc/task.js';
import { waitFor } from '../wait.js';
import type { CheckEnv } from './types.js';

/** What a rule did while the body ran. */
export interface FaultProbe<T> {
  value: T;
  rule: number;
  /** the rule's fault decisions in the lower trace */
  hits: TraceEvent[];
  /** the hits with the requests and replies they belong to, in trace order */
  trace: TraceEvent[];
}

const uniqueOf = (e: TraceEvent) => ('unique' in e ? e.unique : undefined);

/** The lower trace's fault events of rule, and every event sharing their request ids. */
export function ruleTrace(events: readonly TraceEvent[], rule: number): FaultProbe<null>['trace'] {
  const hits = events.filter((e) => e.ev === 'fault' && e.rule === rule);
  const ids = new Set(hits.map(uniqueOf));
  return events.filter((e) => ids.has(uniqueOf(e)));
}

/** Adds SPEC on the backing store for the time body runs; the rule's trace comes back. */
export async function withFault<T>(
  env: CheckEnv,
  spec: string,
  body: (rule: number) => Promise<T>,
): Promise<FaultProbe<T>> {
  const added = await env.lower.ctl({ cmd: 'add', spec });
  if (!added.ok || !added.rule)
    throw new Error(`backing store refused ${spec}: ${added.ok ? '' : added.error}`);
  const rule = added.rule.id;
  try {
    const value = await body(rule);
    return { value, rule, ...hitsOf(env, rule) };
  } finally {
    // removing a rule answers what it still holds
    await env.lower.ctl({ cmd: 'remove', rule }).catch(() => undefined);
  }
}

function hitsOf(env: CheckEnv, rule: number): { hits: TraceEvent[]; trace: TraceEvent[] } {
  const trace = ruleTrace(env.lower.events(), rule);
  return { hits: trace.filter((e) => e.ev === 'fault'), trace };
}

/** Waits until rule has been hit (the trace file is written every 100 ms); false at the deadline. */
export async function waitForHit(env: CheckEnv, rule: number, timeoutMs = 3_000): Promise<boolean> {
  const scale = Number(process.env.FUSEFAULT_TIMEOUT_SCALE) || 1;
  return waitFor(() => hitsOf(env, rule).hits.length > 0, {
    timeoutMs: timeoutMs * scale,
    signal: env.signal,
  }).catch((e: unknown) => {
    if (env.signal.aborted) throw e;
    return false;
  });
}

/** Starts a scripted client on the upper mount, tracked for recovery. */
export function upperClient(env: CheckEnv, name: ClientName, args: string[]): ClientHandle {
  return startClient(name, args, { track: env.ctx, cwd: env.ctx.workdir });
}

/** A process's threads as evidence, one line each: tid, comm, state, innermost frames. */
export async function taskLines(pid: number): Promise<string[]> {
  const p = await readProcess(pid);
  if (!p) return ['gone'];
  return p.tasks.map(
    (t) => `${t.tid} ${t.comm} ${t.state} ${(t.stack ?? []).slice(0, 4).join(' < ')}`,
  );
}

/** The daemon's threads with their state and stack, per daemon pid. */
export async function daemonState(env: CheckEnv): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const pid of env.upper.daemonPids) out[pid] = await taskLines(pid);
  return out;
}
