// A case's timeline: what its processes did and what its FUSE servers saw, on
// one clock (CLOCK_MONOTONIC, the clock of the server trace and of the client
// reports), stored in CaseResult.timeline and drawn by `fusefault report`.
// Times are seconds since `origin` (the case child's start), rounded to the ms.
// Bounded: a task keeps its state changes only, never every sample, and each
// list has a cap (TIMELINE_LIMITS); what a cap dropped is counted in `dropped`.

/** The format's version: a reader refuses a timeline of another one. */
export const TIMELINE_VERSION = 1;

/** Caps that keep a timeline small whatever the case does. */
export const TIMELINE_LIMITS = {
  /** state changes per task (R<->S flips of a busy thread would grow without end) */
  changesPerTask: 200,
  tasks: 400,
  requests: 1000,
  signals: 500,
  syscalls: 1000,
  /** frames kept of a stack */
  frames: 12,
} as const;

/** One state a task entered, as sampled. */
export interface StateChange {
  t: number;
  /** state letter from /proc (R S D Z T t X I), or '-' once the task is gone */
  state: string;
  /** kernel stack, innermost first (root only; absent when unreadable) */
  stack?: string[];
  /** pending signals: the task's own set and the group's (SigPnd, ShdPnd) */
  pending?: string[];
}

/** One thread of a sampled process. */
export interface TimelineTask {
  tid: number;
  comm: string;
  changes: StateChange[];
}

/** A process of the case (clients, servers and their readers, pid-ns inits). */
export interface TimelineProcess {
  pid: number;
  /** 'write-close', 'fusefault serve', 'sh (pid-ns init)', ...: from its command line */
  label: string;
  /** first seen */
  t: number;
  /** its pid inside its own pid namespace, when that differs */
  nspid?: number;
  tasks: TimelineTask[];
}

/** A signal the harness sent. */
export interface TimelineSignal {
  t: number;
  pid: number;
  signal: string;
  /** sent to the process group -pid */
  group?: boolean;
}

/** A client's syscall, from its reports: entered at t, returned at end (never, when absent). */
export interface TimelineSyscall {
  pid: number;
  syscall: string;
  step: string;
  t: number;
  end?: number;
  result?: number | string;
  errno?: string;
}

/** A FUSE request as one server's trace saw it. */
export interface TimelineRequest {
  /** which server (its trace's label) */
  server: string;
  unique: string;
  op: string;
  path?: string;
  /** the caller's pid, as the server saw it */
  pid: number;
  /** read off /dev/fuse */
  t: number;
  /** answered (absent: never, by the end of the trace) */
  end?: number;
  /** the reply's outcome: 'ok', 'errno ENOENT', 'interrupted', 'released', 'gone' */
  outcome?: string;
  /** the fault action that held or failed it */
  fault?: string;
  interrupts: { t: number; policy: string; known: boolean }[];
}

/** Everything recorded of one case run. */
export interface Timeline {
  version: typeof TIMELINE_VERSION;
  /** CLOCK_MONOTONIC seconds of t = 0 */
  origin: number;
  /** when recording stopped */
  end: number;
  sampleMs: number;
  processes: TimelineProcess[];
  signals: TimelineSignal[];
  syscalls: TimelineSyscall[];
  requests: TimelineRequest[];
  /** what the caps left out, by list */
  dropped?: Record<string, number>;
}
