// The FUSE requests the case's servers hold, from their trace files (written
// at least every 100 ms; timeline/requests.ts makes them spans): a request is
// in flight from when the server read it off /dev/fuse until its reply. A
// request answered at once says nothing; shown are those unanswered for a
// while, held by a fault, or named by an INTERRUPT, and then what happens to
// them: each INTERRUPT (itself never answered: fuse_interrupt) and the reply.
import { readTrace } from '../process/server.js';
import { requestsOf } from '../timeline/requests.js';
import type { TimelineRequest } from '../timeline/types.js';
import { monotonic } from '../../src/trace/types.js';

/** How long a request must be unanswered before it is shown without a fault or an INTERRUPT. */
export const SHOWN_AFTER_S = 0.5;

/** Something that happened to a shown request; AGE in seconds since it was read. */
export type RequestNews =
  | { kind: 'held'; r: TimelineRequest; age: number }
  | { kind: 'interrupt'; r: TimelineRequest; age: number; policy: string; known: boolean }
  | { kind: 'answered'; r: TimelineRequest; age: number };

// A trace file's events; a broken or half-written one gives none this time.
function eventsOf(file: string) {
  try {
    return readTrace(file);
  } catch {
    return [];
  }
}

/** The requests of the servers a case started, followed as their traces grow. */
export class RequestWatch {
  readonly #traces: { file: string; label: string }[] = [];
  // by server, unique and read time (the kernel reuses a unique once answered)
  readonly #shown = new Map<string, { interrupts: number; answered: boolean }>();
  #requests: TimelineRequest[] = [];

  /** A server's trace file, as the case started it. */
  add(file: string, label: string): void {
    if (!this.#traces.some((t) => t.file === file)) this.#traces.push({ file, label });
  }

  /** Reads the traces again; what changed for the requests worth showing.
   * Times are CLOCK_MONOTONIC seconds (origin 0), as NOW. */
  poll(now: number = monotonic()): RequestNews[] {
    this.#requests = this.#traces.flatMap(({ file, label }) =>
      requestsOf(eventsOf(file), label, 0),
    );
    const out: RequestNews[] = [];
    for (const r of this.#requests) {
      const key = `${r.server}\0${r.unique}\0${r.t}`;
      let s = this.#shown.get(key);
      const age = (r.end ?? now) - r.t;
      if (!s) {
        const worth = r.fault !== undefined || r.interrupts.length > 0 || age >= SHOWN_AFTER_S;
        if (!worth || r.end !== undefined) continue;
        s = { interrupts: 0, answered: false };
        this.#shown.set(key, s);
        out.push({ kind: 'held', r, age });
      }
      for (const i of r.interrupts.slice(s.interrupts))
        out.push({ kind: 'interrupt', r, age: i.t - r.t, policy: i.policy, known: i.known });
      s.interrupts = r.interrupts.length;
      if (r.end !== undefined && !s.answered) {
        s.answered = true;
        out.push({ kind: 'answered', r, age });
      }
    }
    return out;
  }

  /** The shown requests still unanswered at the last poll, with their age at NOW. */
  inFlight(now: number = monotonic()): { r: TimelineRequest; age: number }[] {
    return this.#requests
      .filter((r) => r.end === undefined && this.#shown.has(`${r.server}\0${r.unique}\0${r.t}`))
      .map((r) => ({ r, age: now - r.t }));
  }
}
