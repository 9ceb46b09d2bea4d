// A case as a sequence of named steps, each one an event the runner receives
// as it happens: announced before it is done (what is done, what to watch
// for), ended with one line of what it did. The runner keeps them in the
// result; a live viewer (`fusefault demo`) narrates them and may hold each
// step until a person is ready.

/** A step announced before it is done. */
export interface StepBegin {
  kind: 'begin';
  /** 0, 1, 2... in the order the case announces them */
  index: number;
  /** seconds on the monotonic clock of the timeline */
  at: number;
  /** what is done, imperative: "send SIGINT to cp" */
  title: string;
  /** what to watch for, for a person: "with interrupts ignored, cp stays in D" */
  say?: string;
  /** processes the step is about (a viewer shows their state as it changes) */
  watch?: number[];
}

/** What a step did, in one line, with what it measured. */
export interface StepEnd {
  kind: 'end';
  index: number;
  at: number;
  /** "cp: in D in fuse_flush, SIGINT pending" */
  result: string;
  /** the observation behind the line, kept with the result */
  data?: unknown;
}

/** One event of a case's steps. */
export type StepEvent = StepBegin | StepEnd;

/** Where a case reports its steps (CaseContext.steps): begin resolves with
 * the step's index once it may start (a paced viewer waits for Enter). */
export interface StepHooks {
  begin(step: { title: string; say?: string; watch?: number[] }): Promise<number>;
  end(index: number, result: string, data?: unknown): void;
}
