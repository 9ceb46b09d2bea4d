// How the demo waits before letting a step start: for Enter on the terminal
// (--step, for a talk), or a short pause to read the announcement. Both end at
// once when the case ends meanwhile (deadline, Ctrl-C): the signal aborts.
import { createInterface, type Interface } from 'node:readline';

/** Resolves after MS, or at once when SIGNAL aborts. */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/** Enter on INPUT, line by line: the terminal stays in its cooked mode (no
 * raw mode), so Ctrl-C is still the terminal's SIGINT and stops the run as
 * it stops `fusefault run`. A line typed while nothing waits is dropped: an
 * early Enter must not skip a step nobody has read yet. */
export class EnterKey {
  readonly #lines: Interface;
  #waiting: (() => void) | undefined;
  #closed = false;

  constructor(input: NodeJS.ReadableStream) {
    this.#lines = createInterface({ input, terminal: false });
    this.#lines.on('line', () => this.#release());
    // end of input (Ctrl-D): nobody can press Enter any more, so nothing waits
    this.#lines.on('close', () => {
      this.#closed = true;
      this.#release();
    });
  }

  #release(): void {
    const w = this.#waiting;
    this.#waiting = undefined;
    w?.();
  }

  /** Resolves on the next Enter, at the end of input, or when SIGNAL aborts. */
  wait(signal: AbortSignal): Promise<void> {
    if (this.#closed || signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        signal.removeEventListener('abort', done);
        if (this.#waiting === done) this.#waiting = undefined;
        resolve();
      };
      this.#waiting = done;
      signal.addEventListener('abort', done, { once: true });
    });
  }

  /** Stops reading (the process can exit). */
  close(): void {
    this.#lines.close();
  }
}
