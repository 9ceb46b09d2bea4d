// Watching a case from the outside while it runs: its processes sampled from
// /proc by the timeline's sampler (the same states, stacks and pending signals
// the case's timeline records), the requests its servers hold read from their
// traces, and a line printed for each change. The processes watched are a
// step's `watch` list, or every process of the case (below the case child).
import { monotonic } from '../../src/trace/types.js';
import { Sampler } from '../timeline/sampler.js';
import type { Palette } from './colour.js';
import { requestLine, taskLine } from './render.js';
import { RequestWatch } from './requests.js';
import { TaskNews } from './tasks.js';

/** How often the demo looks: the timeline's own sampling interval. */
export const LOOK_MS = 100;

/** Samples the watched processes and the servers' traces; prints what changed. */
export class Watcher {
  readonly requests = new RequestWatch();
  readonly #tasks = new TaskNews();
  // the sampler and its quiet pids go together: a look in progress when the
  // watch list changes finishes with the ones it started with
  #watching: { roots: number[]; sampler: Sampler; quiet: ReadonlySet<number> } | undefined;
  #timer: NodeJS.Timeout | undefined;
  #looking: Promise<void> = Promise.resolve();
  #stopped = false;

  constructor(
    readonly print: (lines: string[]) => void,
    readonly p: Palette,
  ) {}

  /** Watches ROOTS and their descendants from now on; QUIET ones (the case
   * child) get a line only while held. A task's last line is remembered
   * across watch lists: only a change is shown again. */
  watch(roots: number[], quiet: number[] = []): void {
    if (roots.join() === this.#watching?.roots.join()) return;
    const now = [...roots];
    this.#watching = {
      roots: now,
      sampler: new Sampler(monotonic(), () => now),
      quiet: new Set(quiet),
    };
  }

  /** Looks every LOOK_MS until stop(). */
  start(): void {
    const next = () => {
      if (this.#stopped) return;
      this.#timer = setTimeout(() => void this.look().then(next), LOOK_MS);
    };
    next();
  }

  /** One look now, after any look in progress; resolves once its lines are printed. */
  look(): Promise<void> {
    this.#looking = this.#looking.then(() => this.#look()).catch(() => undefined);
    return this.#looking;
  }

  async #look(): Promise<void> {
    const watching = this.#watching;
    const lines: string[] = [];
    if (watching) {
      const { sampler, quiet } = watching;
      await sampler.tick();
      for (const v of this.#tasks.news(sampler.processes, quiet)) lines.push(taskLine(v, this.p));
    }
    for (const n of this.requests.poll()) lines.push(requestLine(n, this.p));
    if (lines.length) this.print(lines);
  }

  /** Stops looking (a look in progress still prints). */
  stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    return this.#looking;
  }
}
