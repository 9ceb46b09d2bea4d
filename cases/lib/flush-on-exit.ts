// The Netflix trigger: a server that holds a file open on its own mount is
// SIGKILLed (plainly, or by zap_pid_ns_processes when the init of its pid
// namespace is killed). Its last exiting thread closes that file in
// do_exit -> exit_files -> filp_close -> fuse_flush and waits for a FLUSH
// that nobody is left to answer; the FLUSH is forced, so the wait is
// uninterruptible, and complete_signal skips the PF_EXITING task anyway.
import {
  assertLeaderZombieWithLiveThread,
  assertSignalPendingUndelivered,
  assertTaskState,
} from '../../harness/assert.js';
import { waitFor } from '../../harness/wait.js';
import { nsEnterable, type NsEnterable } from './ns-enterable.js';
import { startServer, type ServerHandle } from '../../harness/process/server.js';
import type { CaseContext } from '../../harness/runner/types.js';
import { monotonic } from '../../harness/case-api.js';
import {
  connectionEvidence,
  processEvidence,
  taskEvidence,
  tracedRequests,
  type TaskEvidence,
} from '../../harness/evidence.js';
import { flushRunVerdict, forkFailedEnomem } from './flush-verdict.js';
import { settle } from './settle.js';
import { sendSignal } from '../../harness/process/signal.js';

/** The frame that marks a task waiting for its FLUSH. */
export const FLUSH_FRAMES = ['fuse_flush'];
/** The file the server holds open on its own mount. */
export const HELD = '/held';

/** What one run of the trigger measured. */
export interface FlushOnExitResult {
  variant: 'plain' | 'pidns';
  deadlock: boolean;
  /** 'stuck' | 'exited' | 'undecided' and after how long */
  settled: string;
  settleMs: number;
  killedAt: number;
  server: { pid: number; readerPid?: number; conn: number; nspid?: number; heldNote: string[] };
  stuckTask?: TaskEvidence;
  checks: Record<string, { ok: boolean; message: string }>;
  process: unknown;
  connection: unknown;
  init?: { pid: number; process: unknown; enterable: NsEnterable };
  /** requests of the trace that were never answered (the server died first: see killedAt) */
  unansweredInTrace: string[];
}

/** Starts the server holding HELD open, kills it (or its namespace's init) and measures. */
export async function triggerFlushOnExit(
  ctx: CaseContext,
  { inPidNs = false, requestTimeout }: { inPidNs?: boolean; requestTimeout?: number },
): Promise<{ result: FlushOnExitResult; srv: ServerHandle }> {
  const srv = await startServer(ctx, { holdOpenCreate: [HELD], inPidNs, requestTimeout });
  // the trace is written every 100 ms: let the setup (INIT, the held file) reach it before the kill
  await waitFor(() => srv.events().some((e) => e.ev === 'init'), { timeoutMs: 3000 }).catch(
    () => undefined,
  );
  const target = inPidNs ? srv.ns!.initPid : srv.pid;
  const killedAt = monotonic();
  sendSignal(ctx, target, 'SIGKILL');
  ctx.log(
    `SIGKILL sent to ${inPidNs ? `init ${target} of the server's namespace` : `server ${target}`}`,
  );
  const s = await settle(srv.pid, { frames: FLUSH_FRAMES, signal: ctx.signal });
  const checks: FlushOnExitResult['checks'] = {};
  const brief = (r: { ok: boolean; message: string }) => ({ ok: r.ok, message: r.message });
  let init: FlushOnExitResult['init'];
  if (s.kind === 'stuck') {
    checks.inFuseFlush = brief(
      await assertTaskState(srv.pid, s.task.tid, 'D', { frames: FLUSH_FRAMES }),
    );
    checks.sigkillPending = brief(
      await assertSignalPendingUndelivered(srv.pid, s.task.tid, 'SIGKILL'),
    );
    checks.leaderZombie = brief(await assertLeaderZombieWithLiveThread(srv.pid));
  }
  if (inPidNs) {
    const pid = srv.ns!.initPid;
    checks.initInZap = brief(
      await assertTaskState(pid, pid, ['S', 'D'], { frames: ['zap_pid_ns_processes'] }),
    );
    init = { pid, process: await processEvidence(pid), enterable: await nsEnterable(pid) };
    checks.nsNotEnterable = {
      ok: forkFailedEnomem(init.enterable),
      message: init.enterable.error ?? 'entered',
    };
  }
  // the deadlock as the write-up defines it: stuck in fuse_flush with SIGKILL pending
  // (and, for the namespace, init held in zap_pid_ns_processes)
  const { verdict } = flushRunVerdict({
    variant: inPidNs ? 'pidns' : 'plain',
    settled: s.kind,
    checks,
    enterable: init?.enterable,
  });
  const deadlock = verdict === 'deadlock';
  const result: FlushOnExitResult = {
    variant: inPidNs ? 'pidns' : 'plain',
    deadlock,
    settled: s.kind,
    settleMs: s.ms,
    killedAt,
    server: {
      pid: srv.pid,
      readerPid: srv.readerPid,
      conn: srv.conn,
      nspid: inPidNs ? srv.printed.pid : undefined,
      heldNote: srv.stderr.lines.filter((l) => l.includes('holding')),
    },
    stuckTask: s.kind === 'stuck' ? taskEvidence(s.task) : undefined,
    checks,
    process: await processEvidence(srv.pid),
    connection: await connectionEvidence(srv.conn),
    init,
    unansweredInTrace: tracedRequests(srv.events())
      .filter((r) => r.answered === null)
      .map((r) => `${r.op} ${r.path ?? ''} pid ${r.pid} at ${r.ts.toFixed(3)}`),
  };
  return { result, srv };
}
