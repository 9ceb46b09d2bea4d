// A case's steps as it runs them: each is announced (ctx.steps.begin, which a
// paced viewer may hold until a person is ready), done, then ended with one
// line of what the kernel did and the state of the tasks it was about, read
// from /proc right then (state letter, stack, pending signals) and the FUSE
// requests its server's trace shows for it. Outside the runner (no
// ctx.steps) the steps still run and are recorded here.
import { monotonic } from '../../src/trace/types.js';
import { processEvidence, type TaskEvidence, type TracedRequest } from '../evidence.js';
import type { ServerHandle } from '../process/server.js';
import { requestsSince } from './requests.js';
import { TRACE_FLUSH_MS } from './look.js';
import type { CaseContext } from '../runner/types.js';

/** How a step is announced and how its end is told. */
export interface StepSpec<T> {
  /** what to watch for, for a person: "with interrupts ignored, cp stays in D" */
  say?: string;
  /** the processes the step is about: their tasks are read when it ends. A
   * function when the step starts them (a client's pid is known only then):
   * it is asked at the end, and the announcement goes without */
  watch?: readonly number[] | (() => readonly number[]);
  /** the server whose trace the step reads: the requests it read, answered
   * or saw interrupted during the step are kept with the step's end */
  server?: Pick<ServerHandle, 'events'>;
  /** one line of what the kernel did, from the step's value */
  result?: (value: T) => string | Promise<string>;
  /** what of the value to keep with the end event (default: nothing) */
  data?: (value: T) => unknown;
}

/** The tasks of a watched process when the step ended. */
export interface WatchedProcess {
  pid: number;
  gone: boolean;
  tasks: TaskEvidence[];
}

/** One step as it happened: announced, done, ended (or failed). */
export interface StepRecord {
  index: number;
  title: string;
  say?: string;
  watch?: number[];
  /** seconds on the monotonic clock of the timeline (the servers' traces share it) */
  begunAt: number;
  endedAt: number;
  result: string;
  data?: unknown;
  /** what /proc showed of the watched processes at the end */
  watched: WatchedProcess[];
  /** spec.server's requests read, answered or interrupted since the step
   * began, read once the trace caught up (TRACE_FLUSH_MS after its end) */
  requests?: TracedRequest[];
  /** the step threw this: the case goes on failing, the record stays */
  failed?: string;
}

/** What a step's end carries to ctx.steps (StepEnd.data), as its record has it. */
export type StepEndData = Pick<StepRecord, 'data' | 'watched' | 'requests' | 'failed'>;

/** Runs FN as the next step, announced and ended as SPEC says. */
export interface Step {
  <T>(title: string, spec: StepSpec<T>, fn: () => Promise<T>): Promise<T>;
  /** the steps ended so far, in order */
  readonly records: readonly StepRecord[];
}

// The tasks worth telling of each pid (processEvidence drops a Node process's
// idle futex sleepers); a process that is gone is said so.
async function watchedOf(pids: readonly number[]): Promise<WatchedProcess[]> {
  return Promise.all(
    pids.map(async (pid) => {
      const p = await processEvidence(pid);
      return { pid, gone: p.gone, tasks: p.tasks };
    }),
  );
}

/** The step runner of CTX: every step it runs is told to ctx.steps when present. */
export function stepsOf(ctx: Pick<CaseContext, 'steps'>): Step {
  const records: StepRecord[] = [];
  let local = 0;
  const step = async <T>(title: string, spec: StepSpec<T>, fn: () => Promise<T>): Promise<T> => {
    const watch = Array.isArray(spec.watch) ? [...(spec.watch as number[])] : undefined;
    const announced = { title, say: spec.say, watch };
    // a step that failed before it started its process has none to name
    const watchedAtEnd = (): readonly number[] => {
      try {
        const pids = typeof spec.watch === 'function' ? spec.watch() : (watch ?? []);
        return pids.filter((p) => Number.isInteger(p));
      } catch {
        return [];
      }
    };
    // the hooks number the steps when there are any; else they are counted here
    const index = ctx.steps ? await ctx.steps.begin(announced) : local;
    local = index + 1;
    const begunAt = monotonic();
    const end = async (result: string, data: unknown, failed?: string) => {
      const pids = watchedAtEnd();
      const watched = await watchedOf(pids);
      const endedAt = monotonic();
      // /proc is read at once; the trace only once it holds the step's last
      // events (the server writes it at least every 100 ms)
      let requests: TracedRequest[] | undefined;
      if (spec.server) {
        await new Promise((r) => setTimeout(r, TRACE_FLUSH_MS));
        requests = requestsSince(spec.server.events(), begunAt);
      }
      const rec: StepRecord = {
        index,
        ...announced,
        watch: pids.length ? [...pids] : undefined,
        begunAt,
        endedAt,
        result,
        data,
        watched,
        requests,
        failed,
      };
      records.push(rec);
      const told: StepEndData = { data, watched, requests, failed };
      ctx.steps?.end(index, result, told);
    };
    let value: T;
    try {
      value = await fn();
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      await end(`failed: ${why}`, undefined, why);
      throw err;
    }
    await end(spec.result ? await spec.result(value) : 'done', spec.data?.(value));
    return value;
  };
  return Object.assign(step, { records }) as Step;
}
