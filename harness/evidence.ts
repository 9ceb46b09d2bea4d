// Evidence for case results, in the words of the incident write-ups: per task
// its state letter, kernel stack, wchan and pending signals decoded
// (SigPnd: the thread's own set; ShdPnd: the group's, where kill() puts a
// SIGKILL), plus the connection's fusectl `waiting` count and the trace.
import { readConnection } from '../src/mount/fusectl.js';
import { readProcess, type TaskSnapshot } from './proc/task.js';
import type { TraceEvent } from '../src/trace/types.js';

/** One task, trimmed for the JSON result. */
export interface TaskEvidence {
  tid: number;
  comm: string;
  state: string;
  /** PF_EXITING: do_exit has begun (complete_signal skips such a task) */
  exiting: boolean;
  stack: string[] | null;
  wchan: string | null;
  SigPnd: string[];
  ShdPnd: string[];
  SigBlk: string[];
  nspid: number[];
}

/** A task as evidence. */
export function taskEvidence(t: TaskSnapshot): TaskEvidence {
  return {
    tid: t.tid,
    comm: t.comm,
    state: t.state,
    exiting: t.exiting,
    stack: t.stack?.slice(0, 12) ?? null,
    wchan: t.wchan,
    SigPnd: t.signals.pending,
    ShdPnd: t.signals.shared,
    SigBlk: t.signals.blocked,
    nspid: t.nspid,
  };
}

/** Every task of PID worth showing: all but the idle sleepers of a big process. */
export async function processEvidence(
  pid: number,
): Promise<{ pid: number; gone: boolean; ns?: string; tasks: TaskEvidence[] }> {
  const p = await readProcess(pid);
  if (!p) return { pid, gone: true, tasks: [] };
  // a Node process has a dozen threads asleep in futex_wait: keep the telling ones
  const telling = p.tasks.filter((t) => t.tid === pid || !['S', 'I'].includes(t.state));
  return { pid, gone: false, ns: p.ns.pid?.text, tasks: telling.map(taskEvidence) };
}

/** fusectl's view of a connection: requests allocated and not finished. */
export async function connectionEvidence(
  conn: number,
): Promise<{ conn: number; waiting: number | null }> {
  return { conn, waiting: (await readConnection(conn))?.waiting ?? null };
}

/** A request the trace saw, with what became of it. */
export interface TracedRequest {
  unique: string;
  op: string;
  path?: string;
  pid: number;
  ts: number;
  /** the reply's outcome ('ok', 'errno', 'interrupted', ...), or null: never answered */
  answered: string | null;
  beforeStop?: boolean;
  interrupts: string[];
}

/** The requests of the trace (optionally only these ops), each with its reply and interrupts. */
export function tracedRequests(events: TraceEvent[], ops?: string[]): TracedRequest[] {
  const out = new Map<string, TracedRequest>();
  for (const e of events) {
    if (e.ev === 'request' && (!ops || ops.includes(e.op))) {
      out.set(e.unique, {
        unique: e.unique,
        op: e.op,
        path: e.path,
        pid: e.pid,
        ts: e.ts,
        answered: null,
        beforeStop: e.beforeStop,
        interrupts: [],
      });
    } else if (e.ev === 'reply') {
      const r = out.get(e.unique);
      if (r) r.answered = e.errname ? `${e.outcome} ${e.errname}` : e.outcome;
    } else if (e.ev === 'interrupt') {
      out.get(e.target)?.interrupts.push(`${e.policy}${e.known ? '' : ' (unknown)'}`);
    }
  }
  return [...out.values()];
}

/** "flush /f pid 123 unique 8: never answered" */
export function describeRequest(r: TracedRequest): string {
  const what = r.answered === null ? 'never answered' : `answered ${r.answered}`;
  const intr = r.interrupts.length ? `, INTERRUPT ${r.interrupts.join('/')}` : '';
  return `${r.op} ${r.path ?? ''} pid ${r.pid} unique ${r.unique}: ${what}${intr}`;
}
