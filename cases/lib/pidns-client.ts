// The shape of the public "fuse + pidns" reproducer (linux-fsdevel, June 2022):
// a client inside a pid namespace has written a file on a server that does
// not answer FLUSH, and the namespace's init dies. zap_pid_ns_processes
// SIGKILLs the client, whose do_exit flushes the file and waits; init waits
// for it in zap_pid_ns_processes, and nothing can join the namespace. Unlike
// the self-deadlock, the server is alive, so its trace shows the FLUSH.
import {
  assertSignalPendingUndelivered,
  assertTaskState,
  clientCommand,
  connectionEvidence,
  describeRequest,
  outerPid,
  parseReport,
  processEvidence,
  requestsSeen,
  sendSignal,
  shellInit,
  startInPidNs,
  taskEvidence,
  waitAllExited,
  waitForRequestTimeout,
  type CaseContext,
  type Freed,
  type ServerHandle,
  type Step,
} from '../../harness/case-api.js';
import { nsEnterable } from './ns-enterable.js';
import { FLUSH_FRAMES, shapeOf } from './flush-on-exit.js';
import {
  flushRunVerdict,
  forkFailedEnomem,
  type Check,
  type FlushRunSeen,
} from './flush-verdict.js';
import { settle } from './settle.js';

const NAME = '/written-by-ns-client';
const brief = (r: Check) => ({ ok: r.ok, message: r.message });

/**
 * Runs the reproducer against SRV (which must stall FLUSH) and frees it with
 * `release` — after first giving a request timeout of REQUESTTIMEOUT s (when
 * non-zero) the chance to end it by itself.
 */
export async function flushFromPidNsClient(
  ctx: CaseContext,
  step: Step,
  srv: ServerHandle,
  { requestTimeout = 0 }: { requestTimeout?: number } = {},
) {
  const { ns, client, nspid } = await step(
    `a client in a new pid namespace writes ${NAME} and holds it open`,
    {
      say: 'its FLUSH will go to a live server that holds it',
      result: (c) => `client ${c.client}`,
    },
    async () => {
      const args = ['--path', `${srv.mountpoint}${NAME}`, '--write', 'data', '--hold'];
      const [cmd, argv] = clientCommand('open-exit', args);
      const ns = await startInPidNs({ init: shellInit([cmd, ...argv]), track: ctx });
      const hold = parseReport(await ns.stdout.next((l) => parseReport(l)?.step === 'hold'))!;
      const nspid = Number(hold.detail?.pid);
      const client = outerPid(ns.initPid, nspid);
      if (client === undefined) throw new Error('client not found in its namespace');
      ctx.trackPid(client);
      return { ns, client, nspid };
    },
  );
  const watch = [client, ns.initPid];
  const s = await step(
    "SIGKILL the namespace's init",
    {
      say: 'zap_pid_ns_processes kills the client, whose exit waits in fuse_flush',
      watch,
      server: srv,
      result: (s) => `client ${s.kind} after ${s.ms} ms`,
    },
    async () => {
      sendSignal(ctx, ns.initPid, 'SIGKILL');
      return settle(client, { frames: FLUSH_FRAMES, signal: ctx.signal });
    },
  );
  const { checks, enter } = await step(
    'look at the client, init and the namespace',
    {
      say: 'client D in fuse_flush, init in zap_pid_ns_processes, nobody can join',
      watch,
      result: (r) => shapeOf({ settled: s.kind, checks: r.checks }, true),
    },
    async () => {
      const checks: Record<string, Check> = {};
      if (s.kind === 'stuck') {
        const tid = s.task.tid;
        checks.inFuseFlush = brief(
          await assertTaskState(client, tid, 'D', { frames: FLUSH_FRAMES }),
        );
        checks.sigkillPending = brief(await assertSignalPendingUndelivered(client, tid, 'SIGKILL'));
      }
      const init = ns.initPid;
      const zap = { frames: ['zap_pid_ns_processes'] };
      checks.initInZap = brief(await assertTaskState(init, init, ['S', 'D'], zap));
      const enter = await nsEnterable(ns.initPid);
      checks.nsNotEnterable = { ok: forkFailedEnomem(enter), message: enter.error ?? 'entered' };
      return { checks, enter };
    },
  );
  // the header's pid is the flushing thread's (a tid of the client), in the server's namespace
  const flushes = await step(
    'look at the FLUSH the server saw',
    {
      say: 'read, and held unanswered',
      result: (rs) => rs.map(describeRequest).join('; ') || 'none',
    },
    async () => (await requestsSeen(srv, ['flush'])).filter((r) => r.path?.endsWith(NAME)),
  );
  // a reply for the FLUSH's unique, seen before the release
  const flush: FlushRunSeen['flush'] = !flushes.length
    ? 'absent'
    : flushes.some((r) => r.answered === null)
      ? 'unanswered'
      : 'answered';
  const evidence = {
    client: { pid: client, nspid, process: await processEvidence(client) },
    stuckTask: s.kind === 'stuck' ? taskEvidence(s.task) : undefined,
    init: { pid: ns.initPid, process: await processEvidence(ns.initPid), enterable: enter },
    connection: await connectionEvidence(srv.conn),
    flushInTrace: flushes.map(describeRequest),
    flush,
  };
  const told = {
    watch,
    result: (f: Freed) => `${f.freed ? 'gone' : 'still there'} after ${f.ms} ms`,
  };
  const mitigated =
    s.kind === 'stuck' && requestTimeout > 0
      ? await step(
          `wait for the request timeout of ${requestTimeout} s`,
          { say: 'fuse_check_timeout aborts the connection by itself', ...told },
          () => waitForRequestTimeout(watch, requestTimeout, ctx.signal),
        )
      : undefined;
  // the server answers what its stall rule held: does that end it?
  const freed: Freed = mitigated?.freed
    ? mitigated
    : await step(
        'the server answers the FLUSH',
        { say: 'the client finishes exiting, init reaps it', ...told },
        async () => {
          await srv.ctl({ cmd: 'release' });
          const r = await waitAllExited(watch, 10_000, ctx.signal);
          const how = 'ctl release (the server answers the FLUSH)';
          return { how, freed: r.ok, ms: r.ms, left: r.left };
        },
      );
  const freedByTimeout = mitigated?.freed === true;
  const seen = { variant: 'pidns-client', settled: s.kind, checks, enterable: enter, flush };
  const { verdict, missing } = flushRunVerdict({ ...seen, freedByTimeout });
  return {
    variant: 'pidns-client',
    verdict,
    missing,
    deadlock: verdict === 'deadlock',
    settled: s.kind,
    settleMs: s.ms,
    checks,
    ...evidence,
    mitigated,
    freedBy: freed,
  };
}
