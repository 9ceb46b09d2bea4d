// The runner's side of the steps: every event the case child sends is kept for
// the result and told to a live listener (`fusefault demo`), and each begun
// step is let go ('continue') at once, or once the listener's pace says so.
//
// A pause never stops the case's deadline: the deadline bounds how long a case
// may hold the machine (a paused step keeps its FUSE request held and its
// client in D), so a person cannot keep a task in D past it by not pressing
// Enter. A deadline that passes during a pause is an ordinary timeout
// (evidence, abort, recovery), and its error says that the case was paused
// and for how long: it measured nothing about the kernel.
import type { ChildProcess } from 'node:child_process';
import type { TimelineSignal } from '../timeline/types.js';
import type { ToChild } from './case-child.js';
import type { LoadedCase } from './discover.js';
import type { StepBegin, StepEvent } from './steps.js';
import type { CaseResult } from './types.js';

/** Who follows a case as it runs; every member optional. */
export interface LiveListener {
  /** the case child started: every process of the case descends from PID */
  started?(c: LoadedCase, pid: number): void;
  step?(event: StepEvent): void;
  /** a server's trace file, as soon as the server is started */
  trace?(file: string, label: string): void;
  signal?(signal: TimelineSignal): void;
  /** resolves when step BEGIN may start (Enter pressed, a pause over); SIGNAL
   * aborts when the case ends meanwhile (deadline, interrupt, error);
   * DEADLINE_MS is what is left of the case's deadline */
  pace?(begin: StepBegin, opts: { signal: AbortSignal; deadlineMs: number }): Promise<void>;
  /** the case's result, after recovery */
  result?(result: CaseResult, c: LoadedCase): void;
}

/** Events a result keeps at most (the first ones): a case announcing steps in
 * a loop must not grow its result without end. */
export const STEP_EVENTS_LIMIT = 1000;

/** The steps of one case run. */
export class StepRelay {
  readonly events: StepEvent[] = [];
  readonly #ended = new AbortController();
  #paused: { begin: StepBegin; since: number } | undefined;
  #pausedAtEnd: { begin: StepBegin; ms: number } | undefined;

  constructor(
    readonly child: ChildProcess,
    readonly deadline: number,
    readonly live?: LiveListener,
  ) {}

  /** An event from the child. */
  take(event: StepEvent): void {
    if (this.events.length < STEP_EVENTS_LIMIT) this.events.push(event);
    if (this.#ended.signal.aborted) return;
    this.live?.step?.(event);
    if (event.kind === 'begin') void this.#pace(event);
  }

  async #pace(begin: StepBegin): Promise<void> {
    const { live } = this;
    if (live?.pace) {
      this.#paused = { begin, since: Date.now() };
      const deadlineMs = Math.max(0, this.deadline - Date.now());
      // a listener that fails lets the step go: a broken viewer must not hang the case
      const opts = { signal: this.#ended.signal, deadlineMs };
      await Promise.resolve()
        .then(() => live.pace?.(begin, opts))
        .catch(() => undefined);
      if (this.#paused?.begin === begin) this.#paused = undefined;
    }
    if (this.#ended.signal.aborted || !this.child.connected) return;
    const msg: ToChild = { type: 'continue', index: begin.index };
    this.child.send(msg, () => undefined);
  }

  /** The case ended (result, error, deadline or interrupt): a pending pace is cancelled. */
  end(): void {
    if (this.#paused)
      this.#pausedAtEnd = { begin: this.#paused.begin, ms: Date.now() - this.#paused.since };
    this.#ended.abort();
  }

  /** ' (paused at step 2 "send SIGINT" for 41.3 s, waiting for the viewer)'
   * when the case ended during a pause, else ''; at a DEADLINE it says that
   * the pause counted. */
  pausedNote(deadline = false): string {
    const p = this.#pausedAtEnd;
    if (!p) return '';
    const s = (p.ms / 1000).toFixed(1);
    const counted = deadline ? ': the deadline counts the pause' : '';
    return ` (paused at step ${p.begin.index} ${JSON.stringify(p.begin.title)} for ${s} s, waiting for the viewer${counted})`;
  }
}
