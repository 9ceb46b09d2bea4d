// The demo as a live listener of the runner: it announces each step as the
// case begins it, holds it (Enter, or a short pause), then prints what the
// kernel does to the watched processes as it happens, the step's end with the
// requests still in flight and for how long, and at last the verdict.
import { FLUSH_MS } from '../../src/trace/trace.js';
import type { LoadedCase } from '../runner/discover.js';
import type { LiveListener } from '../runner/live.js';
import type { StepBegin, StepEvent } from '../runner/steps.js';
import type { CaseResult } from '../runner/types.js';
import type { TimelineSignal } from '../timeline/types.js';
import { palette, type Palette } from './colour.js';
import type { EnterKey } from './pace.js';
import { pause } from './pace.js';
import { endLine, inFlightLine, signalLine, stepLines } from './render.js';
import { verdictLines } from './verdict.js';
import { Watcher } from './watcher.js';

// A server writes its trace at least every FLUSH_MS: a step's end waits a
// little longer, so the requests it shows in flight are not already answered.
const TRACE_FLUSH_MS = FLUSH_MS + 50;

/** How the narration is paced and where it goes. */
export interface NarratorOptions {
  /** wait for Enter before each step (from this key); else pause paceMs */
  enter?: EnterKey;
  paceMs: number;
  colour: boolean;
  write(text: string): void;
}

/** Narrates one case run (a LiveListener for runCases). */
export class Narrator implements LiveListener {
  readonly p: Palette;
  readonly #watcher: Watcher;
  // lines go out in the order things happened, whoever prints them
  #out: Promise<void> = Promise.resolve();
  #begun = false;
  #noticed = false;
  #child = 0;

  constructor(readonly opts: NarratorOptions) {
    this.p = palette(opts.colour);
    this.#watcher = new Watcher((lines) => this.#print(lines), this.p);
  }

  #print(lines: string[]): void {
    // a case not (yet) in steps: say once what the states are of
    if (!this.#begun && !this.#noticed) {
      this.#noticed = true;
      lines = [this.p.dim('(no step announced: showing every process of the case)'), ...lines];
    }
    this.opts.write(lines.map((l) => `${l}\n`).join(''));
  }

  #then(fn: () => unknown): Promise<void> {
    this.#out = this.#out.then(fn).then(
      () => undefined,
      () => undefined,
    );
    return this.#out;
  }

  /** A line of the run's own (a case's log, the runner's notes), dimmed. */
  log(line: string): void {
    void this.#then(() => this.opts.write(`${this.p.dim(line)}\n`));
  }

  started(c: LoadedCase, pid: number): void {
    const how = this.opts.enter
      ? 'Enter starts each step; Ctrl-C stops the case and recovers'
      : 'Ctrl-C stops the case and recovers';
    this.opts.write(`${this.p.title(`fusefault demo ${c.id}`)}: ${c.def.title}\n`);
    this.opts.write(`${this.p.dim(`(${how})`)}\n`);
    this.#child = pid;
    this.#watchAll();
    this.#watcher.start();
  }

  // Every process of the case, the case child itself only while held: before
  // the first step, and for a step that names none (it may start what it is
  // about: a client's pid is known only once it runs).
  #watchAll(): void {
    this.#watcher.watch([this.#child], [this.#child]);
  }

  step(e: StepEvent): void {
    if (e.kind === 'begin') {
      this.#begun = true;
      if (e.watch?.length) this.#watcher.watch(e.watch);
      else this.#watchAll();
      void this.#then(() => this.opts.write(stepLines(e, this.p).join('\n') + '\n'));
      return;
    }
    // what the case saw, after what the watcher sees now (the case saw it
    // first, and may undo it next), and once more when the servers' traces
    // have caught up with it
    void this.#then(async () => {
      await this.#watcher.look();
      await new Promise((resolve) => setTimeout(resolve, TRACE_FLUSH_MS));
      await this.#watcher.look();
      const held = this.#watcher.requests.inFlight().map((x) => inFlightLine(x, this.p));
      this.#print([endLine(e, this.p), ...held]);
    });
  }

  trace(file: string, label: string): void {
    this.#watcher.requests.add(file, label);
  }

  signal(s: TimelineSignal): void {
    void this.#then(() => this.#print([signalLine(s, this.p)]));
  }

  async pace(b: StepBegin, { signal, deadlineMs }: { signal: AbortSignal; deadlineMs: number }) {
    // the announcement and the watched processes as they are, then the wait
    await this.#then(() => this.#watcher.look());
    const { enter } = this.opts;
    if (!enter) return pause(this.opts.paceMs, signal);
    const left = Math.floor(deadlineMs / 1000);
    this.opts.write(
      this.p.dim(`   [Enter: step ${b.index}; ${left} s left of the deadline]`) + '\n',
    );
    await enter.wait(signal);
  }

  result(r: CaseResult, c: LoadedCase): void {
    void this.#then(async () => {
      await this.#watcher.stop();
      this.opts.write(verdictLines(r, c.def.regress, this.p).join('\n') + '\n');
    });
  }

  /** Resolves once every line is out and the watching stopped. */
  async finish(): Promise<void> {
    await this.#watcher.stop();
    await this.#out;
  }
}
