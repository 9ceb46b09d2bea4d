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
import { abortAndWait, unmount } from './lib/free.js';
import { flushFromPidNsClient } from './lib/pidns-client.js';

const def: CaseDef = {
  title: 'a FUSE server killed while holding a file open on its own mount: flush on exit deadlock',
  requires: { root: true, fuse: true },
  timeoutMs: 150_000,
  outcomes: ['deadlock', 'no-deadlock', 'partial-deadlock', 'inconclusive'],
  async run(ctx) {
    const runs: Record<string, unknown>[] = [];
    const verdicts: Record<string, string> = {};
    const notes: Record<string, string> = {};
    const freedNote = (f?: { how: string; freed: boolean; ms: number }) =>
      f
        ? `${f.how.split(' ')[0] === 'echo' ? 'abort' : 'release'} ${f.freed ? `freed it in ${f.ms} ms` : 'did not free it'}`
        : '';
    for (const inPidNs of [false, true]) {
      const { result, srv } = await triggerFlushOnExit(ctx, { inPidNs });
      const pids = [srv.pid, ...(srv.ns ? [srv.ns.initPid] : [])];
      // a hang is ended by aborting the connection; an exit needs nothing
      const freedBy =
        result.settled === 'exited' ? undefined : await abortAndWait(srv.conn, pids, ctx.signal);
      await unmount(srv.mountpoint);
      runs.push({ ...result, freedBy });
      verdicts[result.variant] = result.deadlock ? 'deadlock' : result.settled;
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
        notes[result.variant] = `${shape.join(', ')}; ${freedNote(freedBy)}`;
      }
    }
    const srv = await startServer(ctx, { faults: ['flush:stall'] });
    const repro = await flushFromPidNsClient(ctx, srv);
    srv.proc.kill('SIGTERM');
    await Promise.race([srv.proc, new Promise((r) => setTimeout(r, 5000))]);
    runs.push(repro);
    verdicts['pidns-client'] = repro.deadlock ? 'deadlock' : String(repro.settled);
    if (repro.settled === 'stuck') {
      const inTrace = (repro.flushInTrace as string[]).length
        ? 'FLUSH in trace unanswered'
        : 'no FLUSH in trace';
      notes['pidns-client'] =
        `${inTrace}; ${freedNote(repro.freedBy as { how: string; freed: boolean; ms: number })}`;
    }

    const v = Object.values(verdicts);
    const outcome = v.every((x) => x === 'deadlock')
      ? 'deadlock'
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
