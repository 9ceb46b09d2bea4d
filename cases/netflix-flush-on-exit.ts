// Netflix "ndrive": FUSE flush on exit inside a pid namespace. Three runs:
// plain (the server holding a file on its own mount is SIGKILLed), pidns (the
// same server below a shell init in a new pid namespace, and the init is
// SIGKILLed: zap_pid_ns_processes kills the server), pidns-client (the public
// reproducer: a client in the namespace wrote a file, the live server stalls
// FLUSH, init dies). Before 5a8bee63b10f and after its revert 91ec6c85599b an
// exiting task waits for its FLUSH: expect a deadlock; with the flush sent in
// the background, everything exits. Each run is then freed and timed.
import type { CaseDef } from '../harness/runner/types.js';
import { startServer } from '../harness/process/server.js';
import { triggerFlushOnExit } from './lib/flush-on-exit.js';
import {
  abortAndWait,
  defaultRequestTimeout,
  unmount,
  waitForRequestTimeout,
  type Freed,
} from './lib/free.js';
import { flushFromPidNsClient } from './lib/pidns-client.js';

const def: CaseDef = {
  title: 'a FUSE server killed while holding a file open on its own mount: flush on exit deadlock',
  requires: { root: true, fuse: true },
  // room for three waits on a request timeout (T + 15..30 s each) when one is set
  timeoutMs: 240_000,
  outcomes: ['deadlock', 'no-deadlock', 'mitigated', 'partial-deadlock', 'inconclusive'],
  // a deadlock in any of the three runs is the bug (an exiting task waits in
  // fuse_flush for a server that is itself exiting); mitigated: the request
  // timeout (fuse_check_timeout) ended the hang without help, as it is meant to
  regress: { affected: ['deadlock', 'partial-deadlock'], fixed: ['no-deadlock', 'mitigated'] },
  async run(ctx) {
    const runs: Record<string, unknown>[] = [];
    const verdicts: Record<string, string> = {};
    const notes: Record<string, string> = {};
    const freedNote = (f?: { how: string; freed: boolean; ms: number }) =>
      f
        ? `${f.how.split(' ')[0] === 'echo' ? 'abort' : 'release'} ${f.freed ? `freed it in ${f.ms} ms` : 'did not free it'}`
        : '';
    // With a request timeout in force (Linux 6.15+, sysctl set for the run or
    // by a matrix spec), the kernel may end the hang itself: give it the time
    // to, and report `mitigated` with how long it took.
    const timeout = defaultRequestTimeout();
    for (const inPidNs of [false, true]) {
      const { result, srv } = await triggerFlushOnExit(ctx, { inPidNs });
      const pids = [srv.pid, ...(srv.ns ? [srv.ns.initPid] : [])];
      let freedBy: Freed | undefined;
      let mitigated: Freed | undefined;
      if (result.settled !== 'exited' && timeout > 0) {
        mitigated = await waitForRequestTimeout(pids, timeout, ctx.signal);
        if (mitigated.freed) freedBy = mitigated;
      }
      // a hang is ended by aborting the connection; an exit needs nothing
      if (result.settled !== 'exited' && !freedBy)
        freedBy = await abortAndWait(srv.conn, pids, ctx.signal);
      await unmount(srv.mountpoint);
      runs.push({ ...result, requestTimeout: timeout, mitigated, freedBy });
      verdicts[result.variant] = mitigated?.freed
        ? 'mitigated'
        : result.deadlock
          ? 'deadlock'
          : result.settled;
      if (result.settled === 'stuck') {
        const shape = [
          result.checks.inFuseFlush?.ok ? 'D in fuse_flush' : 'not in fuse_flush',
          result.checks.sigkillPending?.ok ? 'SIGKILL pending' : 'no SIGKILL pending',
          result.checks.leaderZombie?.ok ? 'leader Z' : 'leader itself in D',
        ];
        if (result.init)
          shape.push(
            result.checks.initInZap?.ok ? 'init in zap_pid_ns_processes' : 'init not in zap',
          );
        if (result.init)
          shape.push(result.checks.nsNotEnterable?.ok ? 'ns not enterable' : 'ns enterable');
        const by = mitigated?.freed
          ? `request timeout ${timeout} s freed it after ${((result.settleMs + mitigated.ms) / 1000).toFixed(1)} s`
          : freedNote(freedBy);
        notes[result.variant] = `${shape.join(', ')}; ${by}`;
      }
    }
    const srv = await startServer(ctx, { faults: ['flush:stall'] });
    const repro = await flushFromPidNsClient(ctx, srv, { requestTimeout: timeout });
    srv.proc.kill('SIGTERM');
    await Promise.race([srv.proc, new Promise((r) => setTimeout(r, 5000))]);
    runs.push(repro);
    const reproMitigated = (repro.mitigated as Freed | undefined)?.freed === true;
    verdicts['pidns-client'] = reproMitigated
      ? 'mitigated'
      : repro.deadlock
        ? 'deadlock'
        : String(repro.settled);
    if (repro.settled === 'stuck') {
      const inTrace = (repro.flushInTrace as string[]).length
        ? 'FLUSH in trace unanswered'
        : 'no FLUSH in trace';
      const freed = repro.freedBy as Freed;
      const by = reproMitigated
        ? `request timeout ${timeout} s freed it after ${((Number(repro.settleMs) + freed.ms) / 1000).toFixed(1)} s`
        : freedNote(freed);
      notes['pidns-client'] = `${inTrace}; ${by}`;
    }

    const v = Object.values(verdicts);
    const outcome = v.every((x) => x === 'deadlock')
      ? 'deadlock'
      : v.includes('mitigated') && v.every((x) => x === 'mitigated' || x === 'exited')
        ? 'mitigated'
        : v.every((x) => x === 'exited')
          ? 'no-deadlock'
          : v.some((x) => x === 'deadlock')
            ? 'partial-deadlock'
            : 'inconclusive';
    const summary = Object.entries(verdicts)
      .map(([k, x]) => `${k}: ${x}${notes[k] ? ` (${notes[k]})` : ''}`)
      .join('; ');
    return { outcome, summary, evidence: { verdicts, runs } };
  },
};
export default def;
