// Entry of the process a case runs in (its own session and process group, so
// the runner can kill everything the case started in one go). Talks to the
// runner over the IPC channel: receives 'abort' and 'continue', sends 'log',
// the steps, what a live viewer follows (servers' traces, signals) and the end.
// argv: case module path, case id, work directory, case state file.
import { pathToFileURL } from 'node:url';
import { SAMPLE_MS, TimelineRecorder, type TimelineHooks } from '../timeline/recorder.js';
import type { Timeline, TimelineSignal } from '../timeline/types.js';
import { createCaseContext } from './case-context.js';
import { childSteps } from './step-hooks.js';
import type { StepEvent } from './steps.js';
import type { CaseDef, CaseOutcome } from './types.js';

/** Runner -> child: 'continue' lets step INDEX start (StepHooks.begin resolves). */
export type ToChild = { type: 'abort'; reason: string } | { type: 'continue'; index: number };
/** Child -> runner. */
export type FromChild =
  | { type: 'log'; message: string }
  /** a step begun or ended, as it happens */
  | { type: 'step'; event: StepEvent }
  /** a server's trace file, as soon as the case starts the server (a live
   * viewer reads the requests in flight from it) */
  | { type: 'trace'; file: string; label: string }
  /** a signal the harness sends (t: seconds on the timeline) */
  | { type: 'signal'; signal: TimelineSignal }
  | { type: 'done'; outcome: CaseOutcome }
  /** sent before 'done' or 'error', and at once on 'abort' (a timeout: the
   * runner takes what was recorded up to the deadline) */
  | { type: 'timeline'; timeline: Timeline }
  | { type: 'error'; message: string };

function send(msg: FromChild): Promise<void> {
  return new Promise((res) => {
    if (!process.send || !process.connected) return res();
    process.send(msg, undefined, {}, () => res());
  });
}

function checkOutcome(o: unknown): CaseOutcome {
  const v = o as Partial<CaseOutcome> | undefined;
  if (
    typeof v?.outcome !== 'string' ||
    typeof v.summary !== 'string' ||
    typeof v.evidence !== 'object' ||
    !v.evidence
  ) {
    throw new Error('case returned no {outcome, summary, evidence}');
  }
  return { outcome: v.outcome, summary: v.summary, evidence: v.evidence };
}

async function main(): Promise<void> {
  const [modulePath, id, workdir, stateFile] = process.argv.slice(2);
  if (!modulePath || !id || !workdir || !stateFile)
    throw new Error('usage: case-child MODULE ID WORKDIR STATEFILE');
  const abort = new AbortController();
  // the runner is gone (killed): stop here; the watchdog undoes what the
  // case state records, and nothing new gets started meanwhile
  process.on('disconnect', () => process.exit(1));
  // a runner killed while this process was still starting closed the channel
  // before the listener existed: no 'disconnect' will come, so look now
  if (!process.connected) process.exit(1);
  const { ctx, state } = createCaseContext({
    id,
    workdir,
    stateFile,
    signal: abort.signal,
    log: (message) => void send({ type: 'log', message }),
  });
  // this process and whatever the case tracks (a detached server) are the roots
  // whose descendants are sampled: every process the case starts
  // a slow guest (a longer deadline) samples less often, so as not to slow it
  // more; a shorter deadline (tests) never samples more often
  const scale = Math.max(1, Number(process.env.FUSEFAULT_TIMEOUT_SCALE) || 1);
  const recorder = new TimelineRecorder(
    () => [process.pid, ...state.pids.map((p) => p.pid)],
    SAMPLE_MS * scale,
  );
  ctx.timeline = relayed(recorder);
  const steps = childSteps({
    origin: recorder.origin,
    send: (event) => void send({ type: 'step', event }),
    signal: abort.signal,
  });
  ctx.steps = steps.hooks;
  recorder.start();
  process.on('message', (m: ToChild) => {
    if (m?.type === 'continue') return steps.go(m.index);
    if (m?.type !== 'abort') return;
    void sendTimeline(recorder);
    abort.abort(new Error(m.reason));
  });
  const def = (await import(pathToFileURL(modulePath).href)).default as CaseDef;
  let outcome: CaseOutcome;
  try {
    outcome = checkOutcome(await def.run(ctx));
  } finally {
    await sendTimeline(recorder);
  }
  await send({ type: 'done', outcome });
}

// The recorder's hooks, each also told to the runner as it happens.
function relayed(recorder: TimelineRecorder): TimelineHooks {
  return {
    signal(pid, signal, opts) {
      void send({ type: 'signal', signal: recorder.signal(pid, signal, opts) });
    },
    trace(file, label) {
      recorder.trace(file, label);
      void send({ type: 'trace', file, label });
    },
    client: (pid, reports) => recorder.client(pid, reports),
  };
}

// The timeline once: on abort, or when the case ended (whichever comes first);
// the result waits for it, so the runner has the timeline before the end.
let timelineSent: Promise<void> | undefined;
function sendTimeline(recorder: TimelineRecorder): Promise<void> {
  timelineSent ??= recorder.finish().then((timeline) => send({ type: 'timeline', timeline }));
  return timelineSent;
}

main().then(
  () => process.exit(0),
  async (err: unknown) => {
    const e = err as Error;
    await send({ type: 'error', message: e?.stack ?? String(err) });
    process.exit(1);
  },
);
