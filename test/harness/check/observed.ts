// Observations of a client, as the blocking checks' tables write them.
import t from 'tap';
import type { Observed } from '../../../harness/clients/observe.js';
import type { Held } from '../../../harness/check/held.js';

/** The syscall of `step` returned errno (a name) or a result (a number). */
export function returned(step: string, r: string | number, ms = 5): Observed {
  const report = {
    step,
    syscall: step,
    ts: 1,
    ...(typeof r === 'string' ? { errno: r } : { result: r }),
  };
  return { kind: 'returned', ms, report };
}

/** Still in the FUSE wait, in state D or S, stable. */
export function blocked(state: 'D' | 'S' = 'D', ms = 1000): Observed {
  return { kind: `blocked-${state}`, ms };
}

/** The process is gone: by a signal, or with an exit code. */
export function exited(how: string | number, ms = 3): Observed {
  return {
    kind: 'exited',
    ms,
    exit: typeof how === 'string' ? { signal: how } : { exitCode: how },
  };
}

/** Neither returned, exited nor stably blocked before the deadline. */
export const undecidedObs: Observed = { kind: 'undecided', ms: 8000 };

/** A client held by the stall in `step`: the precondition met. */
export function held(op: string, step = 'read'): Held {
  return { op, daemonGone: false, hits: 1, blocked: { step, state: 'S' } };
}

/** The vacuous preconditions every blocking check must call inconclusive, with why. */
export const VACUOUS: { name: string; held: Held; says: RegExp }[] = [
  {
    name: 'the client never blocked',
    held: { op: 'open', daemonGone: false, hits: 1 },
    says: /never blocked/,
  },
  {
    name: 'the fault was never hit per the lower trace',
    held: { op: 'open', daemonGone: false, hits: 0, blocked: { step: 'open', state: 'S' } },
    says: /stall was never hit \(lower trace\)/,
  },
  {
    name: 'neither blocked nor hit',
    held: { op: 'open', daemonGone: false, hits: 0 },
    says: /never blocked and the stall was never hit/,
  },
  {
    name: 'the daemon was already gone',
    held: { op: 'open', daemonGone: true, hits: 0 },
    says: /daemon was already gone/,
  },
  {
    name: 'its file was not found in the backing store',
    held: {
      op: 'open',
      daemonGone: false,
      hits: 0,
      setup: 'its file was not found in the backing store',
    },
    says: /not found in the backing store/,
  },
];

/** One row of a check's table: an observation, the word it must give, what the text must say. */
export interface Row<O> {
  name: string;
  o: O;
  outcome: string;
  says?: RegExp;
}

/** Runs a table: each row's word from decide, and its text (why or summary) against says. */
export function table<O>(
  rows: readonly Row<O>[],
  decide: (o: O) => { outcome: string; why?: string; summary?: string },
): void {
  for (const r of rows) {
    t.test(r.name, async (t) => {
      const v = decide(r.o);
      t.equal(v.outcome, r.outcome);
      if (r.says) t.match(v.why ?? v.summary ?? '', r.says);
    });
  }
}
