// The side effect that got 5a8bee63b10f reverted (91ec6c85599b): with the
// FLUSH of an exiting task sent in the background, the writer's file is
// released (__fput, which drops the write access deny_write_access checks)
// only once that FLUSH is answered, so an execve of the file right after
// the writer was reaped can fail with ETXTBSY. A writer child writes a
// script on the mount and exits without close(); the parent reaps it and
// execs the script at once. Run with FLUSH answered at once and answered
// 300 ms late (flush:delay), which widens the window on a deferring kernel.
import {
  defineCase,
  requestsSeen,
  runClient,
  startServer,
  stepsOf,
  stopServer,
  summaryOf,
  type CaseContext,
  type Step,
} from '../harness/case-api.js';

const ATTEMPTS = 8;

async function variant(ctx: CaseContext, step: Step, faults: string[]) {
  const name = faults.join(',') || 'no fault';
  const srv = await step(
    `start the server with ${name}`,
    {
      say: faults.length ? 'FLUSH is answered 300 ms late' : 'FLUSH is answered at once',
      result: (s) => `connection ${s.conn}`,
    },
    () => startServer(ctx, { faults }),
  );
  const res = await step(
    `${ATTEMPTS} times: a child writes a script and exits without close(), the parent execs it`,
    {
      say: 'if the exiting child flushes in the background, its write access may outlive it: ETXTBSY',
      result: (r) =>
        `${r.execs.filter((e) => e.errno === 'ETXTBSY').length}/${r.execs.length} ETXTBSY`,
    },
    async () => {
      const argv = ['--dir', srv.mountpoint, '--attempts', String(ATTEMPTS)];
      const res = await runClient('write-exec', argv, { track: ctx });
      return { ...res, execs: res.reports.filter((r) => r.syscall === 'execve') };
    },
  );
  const flushes = await step(
    'count the FLUSH replies the server sent',
    { result: (n) => `${n} answered` },
    async () => (await requestsSeen(srv, ['flush'])).filter((r) => r.answered !== null).length,
  );
  await step('stop the server', {}, () => stopServer(srv));
  const { execs } = res;
  return {
    faults,
    attempts: execs.length,
    etxtbsy: execs.filter((r) => r.errno === 'ETXTBSY').length,
    otherFailures: execs.flatMap((r) => (r.errno && r.errno !== 'ETXTBSY' ? [r.errno] : [])),
    flushesAnswered: flushes,
    execs,
    clientExit: res.exitCode ?? res.signal,
  };
}

const OUTCOMES = ['etxtbsy', 'no-etxtbsy', 'inconclusive'] as const;

/** One run as the outcome reads it. */
export interface ExecRun {
  faults: string[];
  /** execve attempts the client reported */
  attempts: number;
  etxtbsy: number;
  /** errnos of execve failures other than ETXTBSY */
  otherFailures: string[];
  /** FLUSH replies in the server's trace */
  flushesAnswered: number;
}

/**
 * The outcome: one ETXTBSY is enough to say etxtbsy; no-etxtbsy needs every
 * attempt made (a client that exited early tried less), none failing
 * otherwise, and the writers' FLUSH seen answered by the server.
 */
export function outcomeOf(runs: readonly ExecRun[]): {
  outcome: (typeof OUTCOMES)[number];
  missing: string[];
} {
  if (runs.some((r) => r.etxtbsy > 0)) return { outcome: 'etxtbsy', missing: [] };
  const missing = runs.flatMap((r) => {
    const name = r.faults.join(',') || 'no fault';
    return [
      r.attempts < ATTEMPTS ? `${name}: ${r.attempts} of ${ATTEMPTS} attempts` : '',
      r.otherFailures.length ? `${name}: execve failed with ${r.otherFailures.join(', ')}` : '',
      r.flushesAnswered === 0 ? `${name}: no FLUSH answered` : '',
    ].filter(Boolean);
  });
  if (runs.length === 0) missing.push('no run');
  return { outcome: missing.length ? 'inconclusive' : 'no-etxtbsy', missing };
}

const def = defineCase({
  title: 'execve of a file right after its writer exited: ETXTBSY from a deferred flush',
  requires: { root: true, fuse: true },
  timeoutMs: 120_000,
  outcomes: OUTCOMES,
  // ETXTBSY right after the writer was reaped is the regression that got the
  // background flush reverted; a kernel that waits for FLUSH at exit has none
  // (the deadlock it risks is netflix-flush-on-exit's to report)
  regress: { affected: ['etxtbsy'], fixed: ['no-etxtbsy'] },
  async run(ctx) {
    const step = stepsOf(ctx);
    const runs = [await variant(ctx, step, []), await variant(ctx, step, ['flush:delay=300ms'])];
    const { outcome, missing } = outcomeOf(runs);
    const summary = runs
      .map((r) => `${r.faults.join(',') || 'no fault'}: ${r.etxtbsy}/${r.attempts} ETXTBSY`)
      .join('; ');
    return { outcome, summary: summaryOf(missing, summary), evidence: { runs, missing } };
  },
});
export default def;
