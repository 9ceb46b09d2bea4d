// What the watched processes do, from the timeline's sampler: a task gets a
// line when what a person sees of it changed since its last line: its state
// letter, the top of its kernel stack, its pending signals. A state must be
// seen on two looks in a row to be shown: a shell shim's children that live a
// few milliseconds (and their zombies), and the R of a task on its way
// between two waits, are not what happens to the case; D and T are news at
// once, however short. Shown are each process's main thread and any thread
// that is held (D, T, Z): a Node server's idle workers are noise.
import type { TimelineProcess } from '../timeline/types.js';

/** Frames of a stack a line shows, innermost first (enough to reach fuse_flush
 * below request_wait_answer and __fuse_simple_request). */
export const FRAMES_SHOWN = 5;

const HELD = new Set(['D', 'T', 't', 'Z']);
// held states shown from the first look (a zombie waits for the second: every
// short-lived helper is one for a moment)
const AT_ONCE = new Set(['D', 'T', 't']);

/** A task as the demo shows it. */
export interface TaskView {
  /** the sampler's process key and the tid: 'pid@start:tid' */
  key: string;
  label: string;
  pid: number;
  tid: number;
  comm: string;
  /** state letter, '-' once gone */
  state: string;
  /** innermost first, at most FRAMES_SHOWN */
  frames: string[];
  pending: string[];
}

const seen = (v: TaskView) => `${v.state} ${v.frames.join('<')} ${v.pending.join(',')}`;

/** The tasks whose line changed, look after look. */
export class TaskNews {
  // by task key: the line last shown, and the one seen at the last look
  readonly #shown = new Map<string, string>();
  #last = new Map<string, string>();
  // a process's label follows its command line (a forked child shows its
  // parent's until it calls exec; a shim execs its interpreter), except back
  // to its bare comm with the same comm: an exiting process's command line
  // reads empty (its mm is gone) and would rename write-close to python3
  readonly #labels = new Map<string, { label: string; comm: string | undefined }>();

  #label(pkey: string, p: TimelineProcess): string {
    const before = this.#labels.get(pkey);
    const comm = p.tasks.find((t) => t.tid === p.pid)?.comm;
    if (!before || before.comm !== comm || p.label !== comm)
      this.#labels.set(pkey, { label: p.label, comm });
    return this.#labels.get(pkey)!.label;
  }

  /** The tasks of PROCESSES (a Sampler's, by key) to show now; QUIET pids
   * (the case's own process) only while held. */
  news(
    processes: ReadonlyMap<string, TimelineProcess>,
    quiet: ReadonlySet<number> = new Set(),
  ): TaskView[] {
    const out: TaskView[] = [];
    const now = new Map<string, string>();
    for (const [pkey, p] of processes) {
      const label = this.#label(pkey, p);
      for (const task of p.tasks) {
        const last = task.changes.at(-1);
        if (!last) continue;
        const v: TaskView = {
          key: `${pkey}:${task.tid}`,
          label,
          pid: p.pid,
          tid: task.tid,
          comm: task.comm,
          state: last.state,
          frames: (last.stack ?? []).slice(0, FRAMES_SHOWN),
          pending: last.pending ?? [],
        };
        const line = seen(v);
        now.set(v.key, line);
        const before = this.#shown.get(v.key);
        if (before === line) continue;
        // gone: news only of a task that was shown; D, T at once; else stable for two looks
        const stable =
          v.state === '-'
            ? before !== undefined
            : AT_ONCE.has(v.state) || this.#last.get(v.key) === line;
        if (!stable) continue;
        const main = task.tid === p.pid && !quiet.has(p.pid);
        if (!main && !HELD.has(v.state) && before === undefined) continue;
        this.#shown.set(v.key, line);
        out.push(v);
      }
    }
    this.#last = now;
    return out;
  }
}
