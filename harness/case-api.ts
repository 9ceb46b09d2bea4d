// What a case is written with, from one module: its definition, its steps,
// servers and clients, signals, waits, observations, releases, and the
// evidence behind an outcome. Cases import this (and their own cases/lib),
// never src/ or cli/ (a lint rule holds that): what they need of src comes
// through here.

// the case and its steps
export {
  defineCase,
  INCONCLUSIVE_OUTCOME,
  type CaseContext,
  type CaseOutcome,
} from './runner/types.js';
export {
  stepsOf,
  type Step,
  type StepEndData,
  type StepRecord,
  type StepSpec,
  type WatchedProcess,
} from './case-api/steps.js';
export { summaryOf } from './case-api/summary.js';

// servers: started with faults, told to release/stop/resume through srv.ctl, stopped
export { startServer, type ServerHandle, type ServerOptions } from './process/server.js';
export {
  abortAndWait,
  defaultRequestTimeout,
  stopServer,
  unmount,
  waitAllExited,
  waitForRequestTimeout,
  type Freed,
} from './process/free.js';
export { startInPidNs, shellInit, type PidNsHandle } from './process/namespace.js';
export { outerPid } from './process/pids.js';

// clients and signals
export {
  clientCommand,
  runClient,
  startClient,
  type ClientExit,
  type ClientHandle,
  type ClientReport,
} from './clients/index.js';
export { parseReport } from './clients/report.js';
export {
  pythonMissing,
  startMmapClient,
  type MmapClient,
  type MmapClientName,
} from './clients/mmap-spawn.js';
export { sendSignal } from './process/signal.js';

// waits and observations
export {
  assertLeaderZombieWithLiveThread,
  assertSignalPendingUndelivered,
  assertTaskState,
  type AssertResult,
} from './assert.js';
export { hasExited, waitFor, waitForTaskState } from './wait.js';
export { within } from './within.js';
export {
  describeObserved,
  endedByOf,
  isBlocked,
  killableIn,
  observe,
  unendedRuns,
  type FrameMatch,
  type Observed,
  type SignalRun,
} from './clients/observe.js';
export {
  describeStep,
  settleStep,
  stepTask,
  waitsOn,
  type StepSeen,
  type StepTask,
} from './clients/mmap-settle.js';
export { readProcess, type TaskSnapshot } from './proc/task.js';
export { lineOf, lookAt, requestsSeen, TRACE_FLUSH_MS, type Look } from './case-api/look.js';
export {
  connectionEvidence,
  describeRequest,
  processEvidence,
  taskEvidence,
  tracedRequests,
  type TaskEvidence,
  type TracedRequest,
} from './evidence.js';

// what cases took from src: the clock of the servers' traces, fusectl
export { monotonic } from '../src/trace/types.js';
export { abortConnection, ensureFusectl } from '../src/mount/fusectl.js';
export { readMountinfo } from '../src/mount/mountinfo.js';
