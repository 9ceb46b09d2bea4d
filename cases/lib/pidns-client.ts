// The shape of the public "fuse + pidns" reproducer (linux-fsdevel, June 2022):
// a client inside a pid namespace has written a file on a server that does
// not answer FLUSH, and the namespace's init dies. zap_pid_ns_processes
// SIGKILLs the client, whose do_exit flushes the file and waits; init waits
// for it in zap_pid_ns_processes, and nothing can join the namespace. Unlike
// the self-deadlock, the server is alive, so its trace shows the FLUSH.
import { assertSignalPendingUndelivered, assertTaskState } from '../../harness/assert.js';
import { clientCommand } from '../../harness/clients/index.js';
import { parseReport } from '../../harness/clients/report.js';
import { nsEnterable } from './ns-enterable.js';
import { shellInit, startInPidNs } from '../../harness/process/namespace.js';
import { outerPid } from '../../harness/process/pids.js';
import type { ServerHandle } from '../../harness/process/server.js';
import type { CaseContext } from '../../harness/runner/types.js';
import {
  describeRequest,
  processEvidence,
  taskEvidence,
  tracedRequests,
  connectionEvidence,
} from '../../harness/evidence.js';
import { FLUSH_FRAMES } from './flush-on-exit.js';
import { flushRunVerdict, forkFailedEnomem, type FlushRunSeen } from './flush-verdict.js';
import { settle } from './settle.js';
import { waitAllExited, waitForRequestTimeout, type Freed } from '../../harness/process/free.js';
import { sendSignal } from '../../harness/process/signal.js';

const NAME = '/written-by-ns-client';

/**
 * Runs the reproducer against SRV (which must stall FLUSH) and frees it with
 * `release` — after first giving a request timeout of REQUESTTIMEOUT s (when
 * non-zero) the chance to end it by itself.
 */
export async function flushFromPidNsClient(
  ctx: CaseContext,
  srv: ServerHandle,
  { requestTimeout = 0 }: { requestTimeout?: number } = {},
) {
  const file = `${srv.mountpoint}${NAME}`;
  const [cmd, args] = clientCommand('open-exit', ['--path', file, '--write', 'data', '--hold']);
  const ns = await startInPidNs({ init: shellInit([cmd, ...args]), track: ctx });
  const hold = parseReport(await ns.stdout.next((l) => parseReport(l)?.step === 'hold'))!;
  const client = outerPid(ns.initPid, Number(hold.detail?.pid));
  if (client === undefined) throw new Error('client not found in its namespace');
  ctx.trackPid(client);
  sendSignal(ctx, ns.initPid, 'SIGKILL');
  const s = await settle(client, { frames: FLUSH_FRAMES, signal: ctx.signal });
  const brief = (r: { ok: boolean; message: string }) => ({ ok: r.ok, message: r.message });
  const checks: Record<string, { ok: boolean; message: string }> = {};
  if (s.kind === 'stuck') {
    checks.inFuseFlush = brief(
      await assertTaskState(client, s.task.tid, 'D', { frames: FLUSH_FRAMES }),
    );
    checks.sigkillPending = brief(
      await assertSignalPendingUndelivered(client, s.task.tid, 'SIGKILL'),
    );
  }
  checks.initInZap = brief(
    await assertTaskState(ns.initPid, ns.initPid, ['S', 'D'], { frames: ['zap_pid_ns_processes'] }),
  );
  const enter = await nsEnterable(ns.initPid);
  checks.nsNotEnterable = { ok: forkFailedEnomem(enter), message: enter.error ?? 'entered' };
  await new Promise((r) => setTimeout(r, 250)); // the trace file is flushed every 100 ms
  // the header's pid is the flushing thread's (a tid of the client), in the server's namespace
  const flushes = tracedRequests(srv.events(), ['flush']).filter((r) => r.path?.endsWith(NAME));
  // a reply for the FLUSH's unique, seen before the release
  const flush = !flushes.length
    ? 'absent'
    : flushes.some((r) => r.answered === null)
      ? 'unanswered'
      : 'answered';
  const evidence = {
    client: {
      pid: client,
      nspid: Number(hold.detail?.pid),
      process: await processEvidence(client),
    },
    stuckTask: s.kind === 'stuck' ? taskEvidence(s.task) : undefined,
    init: { pid: ns.initPid, process: await processEvidence(ns.initPid), enterable: enter },
    connection: await connectionEvidence(srv.conn),
    flushInTrace: flushes.map(describeRequest),
    flush,
  };
  const mitigated =
    s.kind === 'stuck' && requestTimeout > 0
      ? await waitForRequestTimeout([client, ns.initPid], requestTimeout, ctx.signal)
      : undefined;
  // the server answers what its stall rule held: does that end it?
  if (!mitigated?.freed) await srv.ctl({ cmd: 'release' });
  const freed: Freed = mitigated?.freed
    ? mitigated
    : await waitAllExited([client, ns.initPid], 10_000, ctx.signal).then((r) => ({
        how: 'ctl release (the server answers the FLUSH)',
        freed: r.ok,
        ms: r.ms,
        left: r.left,
      }));
  const seen: FlushRunSeen = {
    variant: 'pidns-client',
    settled: s.kind,
    checks,
    enterable: enter,
    flush,
    freedByTimeout: mitigated?.freed === true,
  };
  const { verdict, missing } = flushRunVerdict(seen);
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
