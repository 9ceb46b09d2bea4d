// What a timeline's picture holds, computed from the recorded Timeline and
// nothing else (pure, so tests feed it fixed input): a lane per telling task,
// state bands from one change to the next, the client's syscalls, the FUSE
// requests packed into rows so that none overlaps another, signal markers.
import type {
  StateChange,
  Timeline,
  TimelineProcess,
  TimelineRequest,
  TimelineSignal,
  TimelineSyscall,
} from '../timeline/types.js';

/** One stretch of a task in one state. */
export interface Band {
  from: number;
  to: number;
  state: string;
  stack?: string[];
  pending?: string[];
}

/** One task's lane. */
export interface Lane {
  /** 'write-close 20990', or 'reader 20973 thread 20988' */
  label: string;
  pid: number;
  tid: number;
  bands: Band[];
  syscalls: TimelineSyscall[];
  signals: TimelineSignal[];
}

/** The whole picture's content. */
export interface TimelineModel {
  end: number;
  lanes: Lane[];
  /** each server's requests in rows, each row free of overlaps */
  requestRows: { server: string; requests: TimelineRequest[] }[];
  signals: TimelineSignal[];
  /** processes left out as noise (short-lived, never blocked, never signalled) */
  hidden: string[];
}

// States worth a lane even for a short-lived process. Not Z: every process
// is one for a moment between its exit and its parent's wait.
const RARE = new Set(['D', 'T', 't']);
/** A process that lived less than this, only running and sleeping, is noise
 * (a shell an interpreter's shim ran, a mount helper), even on a loaded machine. */
export const SHORT_S = 2;

// The bands of a task's changes, the last one running to END.
export function bandsOf(changes: StateChange[], end: number): Band[] {
  const out: Band[] = [];
  changes.forEach((c, i) => {
    if (c.state === '-') return;
    const to = changes[i + 1]?.t ?? end;
    const band: Band = { from: c.t, to, state: c.state };
    if (c.stack) band.stack = c.stack;
    if (c.pending) band.pending = c.pending;
    out.push(band);
  });
  return out;
}

// When a process was last seen alive.
function goneAt(p: TimelineProcess, end: number): number {
  const last = p.tasks.map((t) => t.changes.at(-1)).filter((c) => c?.state === '-');
  return last.length === p.tasks.length ? Math.max(...last.map((c) => c!.t)) : end;
}

/** Whether process P gets lanes: it blocked, was signalled, made syscalls, or lived long enough. */
export function isTelling(p: TimelineProcess, tl: Timeline): boolean {
  if (tl.signals.some((s) => s.pid === p.pid)) return true;
  if (tl.syscalls.some((s) => s.pid === p.pid)) return true;
  if (p.tasks.some((t) => t.changes.some((c) => RARE.has(c.state)))) return true;
  return goneAt(p, tl.end) - p.t >= SHORT_S;
}

// The tasks of P that get a lane: the leader, and threads that blocked in D or
// waited on FUSE (a stop, T, takes every thread alike: the leader shows it).
function lanesOf(p: TimelineProcess, tl: Timeline): Lane[] {
  return p.tasks
    .filter(
      (t) =>
        t.tid === p.pid ||
        t.changes.some((c) => c.state === 'D' || c.stack?.some((f) => f.startsWith('fuse_'))),
    )
    .map((t) => ({
      label: t.tid === p.pid ? `${p.label} ${p.pid}` : `${p.label} ${p.pid} thread ${t.tid}`,
      pid: p.pid,
      tid: t.tid,
      bands: bandsOf(t.changes, tl.end),
      syscalls: t.tid === p.pid ? tl.syscalls.filter((s) => s.pid === p.pid) : [],
      signals: t.tid === p.pid ? tl.signals.filter((s) => s.pid === p.pid) : [],
    }));
}

/** REQUESTS in as few rows as keep bars apart (first fit, by read time); an
 * unanswered request holds its row to END. GAP keeps tiny bars from touching. */
export function packRequests(
  requests: TimelineRequest[],
  end: number,
  gap = 0,
): TimelineRequest[][] {
  const rows: { until: number; items: TimelineRequest[] }[] = [];
  for (const r of [...requests].sort((a, b) => a.t - b.t)) {
    const until = (r.end ?? end) + gap;
    const row = rows.find((x) => x.until <= r.t);
    if (row) {
      row.items.push(r);
      row.until = until;
    } else rows.push({ until, items: [r] });
  }
  return rows.map((x) => x.items);
}

/** The model of TL; GAP (seconds) is the space packRequests keeps between bars. */
export function timelineModel(tl: Timeline, gap = 0): TimelineModel {
  const shown = tl.processes.filter((p) => isTelling(p, tl));
  const hidden = tl.processes.filter((p) => !shown.includes(p)).map((p) => `${p.label} ${p.pid}`);
  return {
    end: tl.end,
    lanes: [...shown].sort((a, b) => a.t - b.t).flatMap((p) => lanesOf(p, tl)),
    requestRows: [...new Set(tl.requests.map((r) => r.server))].flatMap((server) =>
      packRequests(
        tl.requests.filter((r) => r.server === server),
        tl.end,
        gap,
      ).map((requests) => ({ server, requests })),
    ),
    signals: tl.signals,
    hidden,
  };
}
