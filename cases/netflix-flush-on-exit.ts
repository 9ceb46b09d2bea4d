// Netflix "ndrive": FUSE flush on exit inside a pid namespace. Three runs:
// plain (the server holding a file on its own mount is SIGKILLed), pidns (the
// same server below a shell init in a new pid namespace, and the init is
// SIGKILLed: zap_pid_ns_processes kills the server), pidns-client (the public
// reproducer: a client in the namespace wrote a file, the live server stalls
// FLUSH, init dies). Before 5a8bee63b10f and after its revert 91ec6c85599b an
// exiting task waits for its FLUSH: expect a deadlock; with the flush sent in
// the background, everything exits. Each run is then freed and timed.
import { defineCase } from '../harness/runner/types.js';
import { startServer } from '../harness/process/server.js';
import { triggerFlushOnExit } from './lib/flush-on-exit.js';
import {
  abortAndWait,
  defaultRequestTimeout,
  stopServer,
  unmount,
  waitForRequestTimeout,
  type Freed,
} from '../harness/process/free.js';
import { flushRunVerdict, type FlushRunVerdict } from './lib/flush-verdict.js';
import { flushFromPidNsClient } from './lib/pidns-client.js';

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

const freedNote = (f?: Freed) =>
  f
    ? `${f.how.split(' ')[0] === 'echo' ? 'abort' : 'release'} ${f.freed ? `freed it in ${f.ms} ms` : 'did not free it'}`
    : '';

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
    const runs: Record<string, unknown>[] = [];
    const verdicts: Record<string, FlushRunVerdict> = {};
    const notes: Record<string, string> = {};
    // With a request timeout in force (Linux 6.15+, sysctl set for the run or
    // by a matrix spec), the kernel may end the hang itself: give it the time
    // to, and report `mitigated` with how long it took.
    const timeout = defaultRequestTimeout();
    const byTimeout = (settleMs: number, f: Freed) =>
      `request timeout ${timeout} s freed it after ${((settleMs + f.ms) / 1000).toFixed(1)} s`;
    for (const inPidNs of [false, true]) {
      const { result, srv } = await triggerFlushOnExit(ctx, { inPidNs });
      const pids = [srv.pid, ...(srv.ns ? [srv.ns.initPid] : [])];
      let freedBy: Freed | undefined;
      let mitigated: Freed | undefined;
      // only a hang seen can be mitigated: an exit while undecided proves nothing
      if (result.settled === 'stuck' && timeout > 0) {
        mitigated = await waitForRequestTimeout(pids, timeout, ctx.signal);
        if (mitigated.freed) freedBy = mitigated;
      }
      // a hang is ended by aborting the connection; an exit needs nothing
      if (result.settled !== 'exited' && !freedBy)
        freedBy = await abortAndWait(srv.conn, pids, ctx.signal);
      await unmount(srv.mountpoint);
      const v = flushRunVerdict({
        variant: result.variant,
        settled: result.settled,
        checks: result.checks,
        enterable: result.init?.enterable,
        freedByTimeout: mitigated?.freed === true,
      });
      verdicts[result.variant] = v;
      runs.push({ ...result, verdict: v.verdict, requestTimeout: timeout, mitigated, freedBy });
      if (result.settled === 'stuck') {
        const shape = [
          result.checks.inFuseFlush?.ok ? 'D in fuse_flush' : 'not in fuse_flush',
          result.checks.sigkillPending?.ok ? 'SIGKILL pending' : 'no SIGKILL pending',
          result.checks.leaderZombie?.ok ? 'leader Z' : 'leader itself in D',
        ];
        if (result.init)
          shape.push(
            result.checks.initInZap?.ok ? 'init in zap_pid_ns_processes' : 'init not in zap',
            result.checks.nsNotEnterable?.ok ? 'ns not enterable (fork ENOMEM)' : 'ns enterable',
          );
        const by =
          v.verdict === 'mitigated' ? byTimeout(result.settleMs, mitigated!) : freedNote(freedBy);
        notes[result.variant] = `${shape.join(', ')}; ${by}`;
      }
    }
    const srv = await startServer(ctx, { faults: ['flush:stall'] });
    const repro = await flushFromPidNsClient(ctx, srv, { requestTimeout: timeout });
    await stopServer(srv, { unmount: false });
    runs.push(repro);
    verdicts['pidns-client'] = { verdict: repro.verdict, missing: repro.missing };
    if (repro.settled === 'stuck') {
      const inTrace = {
        unanswered: 'FLUSH in trace unanswered',
        answered: 'FLUSH in trace answered',
        absent: 'no FLUSH in trace',
      }[repro.flush];
      const by =
        repro.verdict === 'mitigated'
          ? byTimeout(repro.settleMs, repro.freedBy)
          : freedNote(repro.freedBy);
      notes['pidns-client'] = `${inTrace}; ${by}`;
    }
    const { outcome, missing } = outcomeOf(verdicts);
    const summary = Object.entries(verdicts)
      .map(([k, x]) => `${k}: ${x.verdict}${notes[k] ? ` (${notes[k]})` : ''}`)
      .join('; ');
    const lacking = missing.length ? `nothing concluded: ${missing.join('; ')}; ` : '';
    return {
      outcome,
      summary: `${lacking}${summary}`,
      evidence: {
        verdicts: Object.fromEntries(Object.entries(verdicts).map(([k, x]) => [k, x.verdict])),
        missing,
        runs,
      },
    };
  },
});
export default def;
