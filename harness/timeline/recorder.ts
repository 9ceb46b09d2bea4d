// Records a case's timeline in the case child: samples its processes while it
// runs (sampler.ts), and takes what the harness helpers report through the
// hooks on the CaseContext: signals sent, servers' trace files (read at the
// end, on the same clock), clients' syscall reports.
import { readTrace } from '../process/server.js';
import type { ClientReport } from '../clients/report.js';
import { monotonic } from '../../src/trace/types.js';
import { since } from './changes.js';
import { requestsOf, syscallsOf } from './requests.js';
import { Sampler } from './sampler.js';
import {
  TIMELINE_LIMITS,
  TIMELINE_VERSION,
  type Timeline,
  type TimelineRequest,
  type TimelineSignal,
} from './types.js';

/** What harness helpers tell the timeline (CaseContext.timeline). */
export interface TimelineHooks {
  /** a signal the harness is sending to PID (to its process group with `group`) */
  signal(pid: number, signal: string, opts?: { group?: boolean }): void;
  /** a server's trace file, labelled LABEL, read when the case ends */
  trace(file: string, label: string): void;
  /** a client's reports (read when the case ends) */
  client(pid: number, reports: () => ClientReport[]): void;
}

/** The default sampling interval: a hang lasts seconds, a sample costs a few /proc reads per task. */
export const SAMPLE_MS = 100;

// The first LIMIT of LIST, keeping first those KEEP says matter; the rest counted in DROPPED.
export function capped<T>(
  list: T[],
  limit: number,
  name: string,
  dropped: Record<string, number>,
  keep: (x: T) => boolean = () => false,
): T[] {
  if (list.length <= limit) return list;
  const chosen = new Set(list.filter(keep).slice(0, limit));
  for (const x of list) if (chosen.size < limit) chosen.add(x);
  dropped[name] = list.length - chosen.size;
  return list.filter((x) => chosen.has(x));
}

// A request worth keeping over the others: never answered, interrupted, or faulted.
const telling = (r: TimelineRequest) =>
  r.end === undefined || r.interrupts.length > 0 || r.fault !== undefined;

// A trace file's events; a broken one gives none (the timeline is no verdict).
function traceOf(file: string) {
  try {
    return readTrace(file);
  } catch {
    return [];
  }
}

/** Samples from start() to finish(), and collects what the hooks report. */
export class TimelineRecorder implements TimelineHooks {
  readonly origin = monotonic();
  readonly #sampler: Sampler;
  readonly #signals: TimelineSignal[] = [];
  readonly #traces: { file: string; label: string }[] = [];
  readonly #clients: { pid: number; reports: () => ClientReport[] }[] = [];
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> = Promise.resolve();
  #stopped = false;

  constructor(
    roots: () => number[],
    readonly sampleMs = SAMPLE_MS,
  ) {
    this.#sampler = new Sampler(this.origin, roots);
  }

  /** Starts sampling (each tick after the last one ended, so they never pile up). */
  start(): void {
    const next = () => {
      if (this.#stopped) return;
      this.#timer = setTimeout(() => {
        this.#running = this.#sampler
          .tick()
          .catch(() => undefined)
          .then(next);
      }, this.sampleMs);
      this.#timer.unref();
    };
    next();
  }

  /** Records the signal; returns it as recorded (the case child relays it live). */
  signal(pid: number, signal: string, opts: { group?: boolean } = {}): TimelineSignal {
    const t = since(this.origin, monotonic());
    const s: TimelineSignal = { t, pid, signal, ...(opts.group ? { group: true } : {}) };
    this.#signals.push(s);
    return s;
  }

  trace(file: string, label: string): void {
    // one case may start several servers alike: number them
    const same = this.#traces.filter((x) => x.label.split(' #')[0] === label).length;
    this.#traces.push({ file, label: same ? `${label} #${same + 1}` : label });
  }

  client(pid: number, reports: () => ClientReport[]): void {
    this.#clients.push({ pid, reports });
  }

  /** Stops sampling (after one last sample) and returns the timeline. */
  async finish(): Promise<Timeline> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#running;
    await this.#sampler.tick().catch(() => undefined);
    const dropped: Record<string, number> = {};
    if (this.#sampler.dropped) dropped.states = this.#sampler.dropped;
    const requests = this.#traces.flatMap(({ file, label }) =>
      requestsOf(traceOf(file), label, this.origin),
    );
    const syscalls = this.#clients.flatMap(({ pid, reports }) =>
      syscallsOf(pid, reports(), this.origin),
    );
    const L = TIMELINE_LIMITS;
    return {
      version: TIMELINE_VERSION,
      origin: this.origin,
      end: since(this.origin, monotonic()),
      sampleMs: this.sampleMs,
      processes: [...this.#sampler.processes.values()].filter((p) => p.tasks.length > 0),
      signals: capped(this.#signals, L.signals, 'signals', dropped),
      syscalls: capped(syscalls, L.syscalls, 'syscalls', dropped),
      requests: capped(requests, L.requests, 'requests', dropped, telling),
      ...(Object.keys(dropped).length ? { dropped } : {}),
    };
  }
}
