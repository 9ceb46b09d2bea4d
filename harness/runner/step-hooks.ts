// The case child's side of the steps (CaseContext.steps): every begin and end
// goes to the runner the moment it happens, timed on the timeline's clock,
// and a begin is held until the runner answers 'continue' for it (at once,
// unless a viewer paces the run). An abort (deadline, interrupt) rejects a
// held begin with its reason, so a case paused at a step goes no further.
import { monotonic } from '../../src/trace/types.js';
import { since } from '../timeline/changes.js';
import type { StepEvent, StepHooks } from './steps.js';

/** The hooks a case gets, and how the runner's 'continue' reaches them. */
export interface ChildSteps {
  hooks: StepHooks;
  /** the runner let step INDEX start */
  go(index: number): void;
}

// DATA as the IPC channel's JSON can carry it: a bigint (nodeid, fh) as its
// decimal string, a value JSON cannot hold as a note saying why
function jsonSafe(data: unknown): unknown {
  try {
    const text = JSON.stringify(data, (_k, v: unknown) =>
      typeof v === 'bigint' ? v.toString() : v,
    );
    return text === undefined ? undefined : (JSON.parse(text) as unknown);
  } catch (err) {
    return { unserializable: (err as Error).message };
  }
}

/** Step hooks that send each event with SEND, times in seconds since ORIGIN
 * (the timeline's, so steps line up with its samples). */
export function childSteps({
  origin,
  send,
  signal,
}: {
  origin: number;
  send(event: StepEvent): void;
  signal: AbortSignal;
}): ChildSteps {
  const held = new Map<number, () => void>();
  const ended = new Set<number>();
  let next = 0;
  const at = () => since(origin, monotonic());
  const hooks: StepHooks = {
    begin({ title, say, watch }) {
      if (typeof title !== 'string' || title === '')
        return Promise.reject(new Error('steps.begin: a step needs a title'));
      const index = next++;
      return new Promise<number>((resolve, reject) => {
        if (signal.aborted) return reject(signal.reason as Error);
        const onAbort = () => {
          held.delete(index);
          reject(signal.reason as Error);
        };
        signal.addEventListener('abort', onAbort, { once: true });
        held.set(index, () => {
          signal.removeEventListener('abort', onAbort);
          resolve(index);
        });
        send({
          kind: 'begin',
          index,
          at: at(),
          title,
          ...(say !== undefined ? { say } : {}),
          ...(watch?.length ? { watch: [...watch] } : {}),
        });
      });
    },
    end(index, result, data) {
      // a mistake in the case, said where it is made
      if (!(index >= 0 && index < next)) throw new Error(`steps.end: no step ${index} was begun`);
      if (ended.has(index)) throw new Error(`steps.end: step ${index} already ended`);
      ended.add(index);
      const safe = data === undefined ? undefined : jsonSafe(data);
      send({ kind: 'end', index, at: at(), result, ...(safe !== undefined ? { data: safe } : {}) });
    },
  };
  return {
    hooks,
    go(index) {
      const resolve = held.get(index);
      held.delete(index);
      resolve?.();
    },
  };
}
