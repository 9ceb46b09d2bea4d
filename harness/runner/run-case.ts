// One case, start to finish: requirements, a child process in its own session
// with a deadline, evidence on timeout, recovery, and the CaseResult with the
// steps the case announced (live.ts: told to a live listener as they come).
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dir as tmpDir } from 'tmp-promise';
import { recover } from '../recovery/recover.js';
import { caseStateFile, loadState } from '../recovery/state.js';
import type { FromChild, ToChild } from './case-child.js';
import type { LoadedCase } from './discover.js';
import { captureTimeoutEvidence } from './evidence.js';
import { StepRelay, type LiveListener } from './live.js';
import { unmetRequirement } from './requirements.js';
import type { RunnerStateFile } from './runner-state.js';
import type { Timeline } from '../timeline/types.js';
import { declaresOutcome, type CaseOutcome, type CaseResult } from './types.js';

const CHILD = fileURLToPath(new URL('./case-child.js', import.meta.url));

/** How one case is run. */
export interface RunCaseOptions {
  c: LoadedCase;
  runner: RunnerStateFile;
  timeoutScale: number;
  /** aborted on SIGINT/SIGTERM: the case ends at once and is recovered */
  interrupt: AbortSignal;
  log(id: string, line: string): void;
  /** more environment for the case child (a case that takes options: `fusefault check`) */
  env?: Record<string, string>;
  /** follows the case as it runs and may pace its steps (`fusefault demo`) */
  live?: LiveListener;
}

type End =
  | { kind: 'done'; outcome: CaseOutcome }
  | { kind: 'error'; message: string }
  | { kind: 'timeout'; timeoutMs: number }
  | { kind: 'interrupted'; reason: string };

function forward(child: ChildProcess, id: string, log: RunCaseOptions['log']): void {
  for (const s of [child.stdout, child.stderr]) {
    s?.setEncoding('utf8');
    s?.on('data', (d: string) => d.split('\n').forEach((l) => l && log(id, l)));
  }
}

// What the child sent besides its end.
interface Got {
  timeline?: Timeline;
  steps: StepRelay;
}

function waitEnd(
  child: ChildProcess,
  { c, interrupt, log, live }: RunCaseOptions,
  timeoutMs: number,
  got: Got,
): Promise<End> {
  let timer: NodeJS.Timeout | undefined;
  let onInterrupt = () => undefined as void;
  return new Promise<End>((resolve) => {
    timer = setTimeout(() => resolve({ kind: 'timeout', timeoutMs }), timeoutMs);
    onInterrupt = () =>
      resolve({ kind: 'interrupted', reason: String(interrupt.reason ?? 'interrupted') });
    interrupt.addEventListener('abort', onInterrupt, { once: true });
    child.on('message', (m: FromChild) => {
      if (m.type === 'log') log(c.id, m.message);
      else if (m.type === 'step') got.steps.take(m.event);
      else if (m.type === 'trace') live?.trace?.(m.file, m.label);
      else if (m.type === 'signal') live?.signal?.(m.signal);
      else if (m.type === 'timeline') got.timeline = m.timeline;
      else if (m.type === 'done') resolve({ kind: 'done', outcome: m.outcome });
      else if (m.type === 'error') resolve({ kind: 'error', message: m.message });
    });
    child.on('exit', (code, sig) => {
      // the result may still be in the IPC channel: wait for it to drain
      const fail = () =>
        setImmediate(() =>
          resolve({
            kind: 'error',
            message: `case child exited (code ${code}, signal ${sig}) without a result`,
          }),
        );
      if (child.connected) child.once('disconnect', fail);
      else fail();
    });
    if (interrupt.aborted) onInterrupt();
  }).finally(() => {
    clearTimeout(timer);
    interrupt.removeEventListener('abort', onInterrupt);
    got.steps.end();
  });
}

// The child's answer to 'abort': what it recorded up to now, if it comes within MS.
function timelineAfterAbort(child: ChildProcess, got: Got, ms: number) {
  if (got.timeline || !child.connected) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    const onMessage = (m: FromChild) => {
      if (m.type !== 'timeline') return;
      got.timeline = m.timeline;
      clearTimeout(timer);
      resolve();
    };
    child.on('message', onMessage);
    child.once('disconnect', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

function exited(child: ChildProcess, ms: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

function skipped(c: LoadedCase, reason: string): CaseResult {
  const recovery = { clean: true, actions: [], leftovers: [] };
  return {
    id: c.id,
    outcome: 'skipped',
    summary: reason,
    evidence: {},
    durationMs: 0,
    recovery,
    ok: true,
    skip: reason,
  };
}

/** An error in place of an outcome word the case does not declare: a farm
 * would count an unknown word as a fail without saying why. */
function undeclared(
  c: LoadedCase,
  o: CaseOutcome,
): Pick<CaseResult, 'outcome' | 'summary' | 'evidence' | 'error'> | undefined {
  if (declaresOutcome(c.def, o.outcome)) return undefined;
  const error = `the case reported outcome ${JSON.stringify(o.outcome)}, not one it declares (${c.def.outcomes.join(' ')})`;
  return { outcome: 'error', summary: error, error, evidence: { refused: o } };
}

/** Runs one case and recovers after it, whatever happened. */
export async function runCase(opts: RunCaseOptions): Promise<CaseResult> {
  const { c, runner } = opts;
  const unmet = unmetRequirement(c.def.requires);
  if (unmet) return skipped(c, unmet);
  const started = Date.now();
  const workdir = (await tmpDir({ prefix: `fusefault-${c.id}-` })).path;
  const stateFile = caseStateFile(runner.dir, c.id);
  const child = fork(CHILD, [c.path, c.id, workdir, stateFile], {
    detached: true, // setsid(): the case and all it starts form one session and group
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    // fixed waits inside a case (a server getting ready) scale with its deadline
    env: { ...process.env, ...opts.env, FUSEFAULT_TIMEOUT_SCALE: String(opts.timeoutScale) },
  });
  if (child.pid === undefined) throw new Error(`could not start the case child for ${c.id}`);
  runner.setCurrent(c.id, child.pid, workdir);
  opts.live?.started?.(c, child.pid);
  forward(child, c.id, opts.log);
  const timeoutMs = Math.max(1, Math.round(c.def.timeoutMs * opts.timeoutScale));
  const got: Got = { steps: new StepRelay(child, Date.now() + timeoutMs, opts.live) };
  const end = await waitEnd(child, opts, timeoutMs, got);
  // a child that sent its result exits by itself; give it a moment, so that
  // recovery reports what the case left, not the child on its way out
  if (end.kind === 'done' || end.kind === 'error') await exited(child, 2000);
  let evidence: Record<string, unknown> = {};
  if (end.kind === 'timeout' || end.kind === 'interrupted') {
    // evidence first, as the tasks are at the deadline; then ctx.signal
    const why = end.kind === 'timeout' ? { timeoutMs: end.timeoutMs } : { interrupted: end.reason };
    evidence = { ...why, ...(await captureTimeoutEvidence(runner.dir)) };
    const msg: ToChild = { type: 'abort', reason: end.kind };
    if (child.connected) child.send(msg, () => undefined);
    await timelineAfterAbort(child, got, 3000);
  }
  child.removeAllListeners('message');
  const recovery = await recover(loadState(runner.dir));
  runner.clearCurrent(c.id);
  const timeline = got.timeline ? { timeline: got.timeline } : {};
  const steps = got.steps.events.length ? { steps: got.steps.events } : {};
  const base = { id: c.id, durationMs: Date.now() - started, recovery, ...steps };
  if (end.kind === 'done') {
    const refused = undeclared(c, end.outcome);
    if (refused) return { ...base, ...refused, ok: false, ...timeline };
    return { ...base, ...end.outcome, ok: recovery.clean, ...timeline };
  }
  const error =
    end.kind === 'error'
      ? end.message
      : end.kind === 'timeout'
        ? `no result after ${end.timeoutMs} ms${got.steps.pausedNote(true)}`
        : `${end.reason}${got.steps.pausedNote()}`;
  return {
    ...base,
    outcome: end.kind,
    summary: error.split('\n')[0] ?? '',
    evidence,
    error,
    ok: false,
    ...timeline,
  };
}
