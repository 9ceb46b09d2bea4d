// Timers for faults that promise a minimum: `delay=300ms` must hold the answer
// at least 300 ms. setTimeout alone does not promise that: it counts from the
// event loop's cached time, which lags the clock by however long the current
// turn has run, so on a busy machine it can fire early. An AtLeast timer checks
// the monotonic clock when it fires and waits out what is left.

/** Runs a function once, no earlier than MS after construction by the monotonic clock. */
export class AtLeast {
  #timer: NodeJS.Timeout;
  readonly #due: bigint;

  constructor(ms: number, fn: () => void) {
    this.#due = process.hrtime.bigint() + BigInt(Math.ceil(ms * 1e6));
    const tick = () => {
      const left = Number(this.#due - process.hrtime.bigint()) / 1e6;
      if (left > 0) this.#timer = setTimeout(tick, Math.ceil(left));
      else fn();
    };
    this.#timer = setTimeout(tick, ms);
  }

  /** The function will not run (if it has not already). */
  cancel(): void {
    clearTimeout(this.#timer);
  }
}
