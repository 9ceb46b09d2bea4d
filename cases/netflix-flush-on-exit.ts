// Netflix "ndrive": FUSE flush on exit inside a pid namespace. Three runs:
// plain (the server holding a file on its own mount is SIGKILLed), pidns (the
// same server below a shell init in a new pid namespace, and the init is
// SIGKILLed: zap_pid_ns_processes kills the server), pidns-client (the public
// reproducer: a client in the namespace wrote a file, the live server stalls
// FLUSH, init dies). Before 5a8bee63b10f and after its revert 91ec6c85599b an
// exiting task waits for its FLUSH: expect a deadlock; with the flush sent in
// the background, everything exits. Each run is then freed and timed.
import {
  abortAndWait,
  defaultRequestTimeout,
  defineCase,
  startServer,
  stepsOf,
  stopServer,
  summaryOf,
  unmount,
  waitForRequestTimeout,
  type CaseContext,
  type Freed,
  type Step,
} from '../harness/case-api.js';
import { killHolder, lookAtHolder, shapeOf, startHolder } from './lib/flush-on-exit.js';
import { flushRunVerdict, type FlushRunVerdict } from './lib/flush-verdict.js';
import { flushFromPidNsClient } from './lib/pidns-client.js';

// "abort freed it in 12 ms", "request timeout 10 s freed it after 21.3 s"
function freedNote(f: Freed | undefined, timeout: number, settleMs: number, byTimeout: boolean) {
  if (byTimeout && f)
    return `request timeout ${timeout} s freed it after ${((settleMs + f.ms) / 1000).toFixed(1)} s`;
  if (!f) return '';
  const how = f.how.split(' ')[0] === 'echo' ? 'abort' : 'release';
  return `${how} ${f.freed ? `freed it in ${f.ms} ms` : 'did not free it'}`;
}

const told = (watch: number[]) => ({
  watch,
  result: (f: Freed) =>
    `${f.freed ? 'every task gone' : `left: ${f.left.join(' ')}`} after ${f.ms} ms`,
});

/** The server's own deadlock (plain, or its namespace's init killed), then freed. */
async function selfDeadlock(ctx: CaseContext, step: Step, inPidNs: boolean, timeout: number) {
  const srv = await startHolder(ctx, step, { inPidNs });
  const killed = await killHolder(ctx, step, srv);
  const result = await lookAtHolder(step, srv, killed);
  const pids = [srv.pid, ...(srv.ns ? [srv.ns.initPid] : [])];
  // With a request timeout in force (Linux 6.15+, sysctl set for the run or
  // by a matrix spec), the kernel may end the hang itself: give it the time
  // to. Only a hang seen can be mitigated: an exit while undecided proves nothing.
  const mitigated =
    result.settled === 'stuck' && timeout > 0
      ? await step(
          `wait for the request timeout of ${timeout} s`,
          { say: 'fuse_check_timeout aborts the connection by itself', ...told(pids) },
          () => waitForRequestTimeout(pids, timeout, ctx.signal),
        )
      : undefined;
  const byTimeout = mitigated?.freed === true;
  // a hang is ended by aborting the connection; an exit needs nothing
  const freedBy =
    byTimeout || result.settled === 'exited'
      ? mitigated
      : await step(
          'abort the connection',
          { say: 'fuse_abort_conn ends the FLUSH: the server finishes exiting', ...told(pids) },
          () => abortAndWait(srv.conn, pids, ctx.signal),
        );
  await step('unmount', {}, () => unmount(srv.mountpoint));
  const { checks, settled, variant } = result;
  const enterable = result.init?.enterable;
  const v = flushRunVerdict({ variant, settled, checks, enterable, freedByTimeout: byTimeout });
  const how = freedNote(freedBy, timeout, result.settleMs, v.verdict === 'mitigated');
  return {
    run: { ...result, verdict: v.verdict, requestTimeout: timeout, mitigated, freedBy },
    verdict: v,
    note: settled === 'stuck' ? `${shapeOf(result, inPidNs)}; ${how}` : undefined,
  };
}

/** The public reproducer: a client in a pid namespace, a live server stalling its FLUSH. */
async function pidnsClient(ctx: CaseContext, step: Step, timeout: number) {
  const srv = await step(
    'start a server with flush:stall',
    { say: 'it will read FLUSH and hold it', result: (s) => `connection ${s.conn}` },
    () => startServer(ctx, { faults: ['flush:stall'] }),
  );
  const run = await flushFromPidNsClient(ctx, step, srv, { requestTimeout: timeout });
  await step('stop the server', {}, () => stopServer(srv, { unmount: false }));
  const inTrace = {
    unanswered: 'FLUSH in trace unanswered',
    answered: 'FLUSH in trace answered',
    absent: 'no FLUSH in trace',
  }[run.flush];
  const how = freedNote(run.freedBy, timeout, run.settleMs, run.verdict === 'mitigated');
  return {
    run,
    verdict: { verdict: run.verdict, missing: run.missing },
    note: run.settled === 'stuck' ? `${inTrace}; ${how}` : undefined,
  };
}

const OUTCOMES = [
  'deadlock',
  'no-deadlock',
  'mitigated',
  'partial-deadlock',
  'inconclusive',
] as const;

/**
 * The outcome from each run's verdict: a run that settled on neither an exit
 * nor the whole deadlock shape leaves nothing concluded (`missing` says what
 * it lacked); mitigated needs a deadlock seen, then ended by the timeout.
 */
export function outcomeOf(runs: Record<string, FlushRunVerdict>): {
  outcome: (typeof OUTCOMES)[number];
  missing: string[];
} {
  const entries = Object.entries(runs);
  const missing = entries.flatMap(([k, r]) => r.missing.map((m) => `${k}: ${m}`));
  if (entries.length === 0) missing.push('no run');
  if (entries.some(([, r]) => r.verdict === 'undecided') || missing.length)
    return { outcome: 'inconclusive', missing };
  const v = entries.map(([, r]) => r.verdict);
  const outcome = v.every((x) => x === 'deadlock')
    ? 'deadlock'
    : v.every((x) => x === 'exited')
      ? 'no-deadlock'
      : v.every((x) => x === 'mitigated' || x === 'exited')
        ? 'mitigated'
        : 'partial-deadlock';
  return { outcome, missing };
}

const def = defineCase({
  title: 'a FUSE server killed while holding a file open on its own mount: flush on exit deadlock',
  requires: { root: true, fuse: true },
  // room for three waits on a request timeout (T + 15..30 s each) when one is set
  timeoutMs: 240_000,
  outcomes: OUTCOMES,
  // a deadlock in any of the three runs is the bug (an exiting task waits in
  // fuse_flush for a server that is itself exiting); mitigated: the request
  // timeout (fuse_check_timeout) ended the hang without help, as it is meant to
  regress: { affected: ['deadlock', 'partial-deadlock'], fixed: ['no-deadlock', 'mitigated'] },
  async run(ctx) {
    const step = stepsOf(ctx);
    // the request timeout (s) new connections get, 0 when off (before 6.15)
    const timeout = defaultRequestTimeout();
    const done = {
      plain: await selfDeadlock(ctx, step, false, timeout),
      pidns: await selfDeadlock(ctx, step, true, timeout),
      'pidns-client': await pidnsClient(ctx, step, timeout),
    };
    const all = Object.entries(done);
    const verdicts = Object.fromEntries(all.map(([k, d]) => [k, d.verdict])) as Record<
      string,
      FlushRunVerdict
    >;
    const { outcome, missing } = outcomeOf(verdicts);
    const summary = all
      .map(([k, d]) => `${k}: ${d.verdict.verdict}${d.note ? ` (${d.note})` : ''}`)
      .join('; ');
    return {
      outcome,
      summary: summaryOf(missing, summary),
      evidence: {
        verdicts: Object.fromEntries(all.map(([k, d]) => [k, d.verdict.verdict])),
        missing,
        runs: all.map(([, d]) => d.run as Record<string, unknown>),
      },
    };
  },
});
export default def;
