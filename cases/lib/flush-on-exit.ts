// The Netflix trigger: a server that holds a file open on its own mount is
// SIGKILLed (plainly, or by zap_pid_ns_processes when the init of its pid
// namespace is killed). Its last exiting thread closes that file in
// do_exit -> exit_files -> filp_close -> fuse_flush and waits for a FLUSH
// that nobody is left to answer; the FLUSH is forced, so the wait is
// uninterruptible, and complete_signal skips the PF_EXITING task anyway.
// Three steps: start the holder, kill it, look at what is left.
import {
  assertLeaderZombieWithLiveThread,
  assertSignalPendingUndelivered,
  assertTaskState,
  connectionEvidence,
  monotonic,
  processEvidence,
  sendSignal,
  startServer,
  taskEvidence,
  tracedRequests,
  waitFor,
  type CaseContext,
  type ServerHandle,
  type Step,
  type TaskEvidence,
} from '../../harness/case-api.js';
import { nsEnterable, type NsEnterable } from './ns-enterable.js';
import { flushRunVerdict, forkFailedEnomem, type Check } from './flush-verdict.js';
import { settle, type Settled } from './settle.js';

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
  server: { pid: number; conn: number; nspid?: number; heldNote: string[] };
  stuckTask?: TaskEvidence;
  checks: Record<string, Check>;
  process: unknown;
  connection: unknown;
  init?: { pid: number; process: unknown; enterable: NsEnterable };
  /** requests of the trace that were never answered (the server died first: see killedAt) */
  unansweredInTrace: string[];
}

/** A server holding HELD open on its own mount (below a new pid namespace's init with inPidNs). */
export function startHolder(
  ctx: CaseContext,
  step: Step,
  { inPidNs = false, requestTimeout }: { inPidNs?: boolean; requestTimeout?: number },
): Promise<ServerHandle> {
  const where = inPidNs ? ', below a shell init in a new pid namespace' : '';
  return step(
    `start a server that holds ${HELD} open on its own mount${where}`,
    { say: 'the server is also a client of its own mount', result: (s) => `connection ${s.conn}` },
    async () => {
      const srv = await startServer(ctx, { holdOpenCreate: [HELD], inPidNs, requestTimeout });
      // the trace is written every 100 ms: let the setup (INIT, the held file) reach it before the kill
      await waitFor(() => srv.events().some((e) => e.ev === 'init'), { timeoutMs: 3000 }).catch(
        () => undefined,
      );
      return srv;
    },
  );
}

/** How the server's process settled after the kill. */
export type Killed = Settled & { killedAt: number };

/** SIGKILLs the server (or its namespace's init) and waits until it exited or hangs. */
export function killHolder(ctx: CaseContext, step: Step, srv: ServerHandle): Promise<Killed> {
  const target = srv.ns ? srv.ns.initPid : srv.pid;
  const title = srv.ns ? "SIGKILL the init of the server's pid namespace" : 'SIGKILL the server';
  const say = srv.ns
    ? 'zap_pid_ns_processes kills the server; its exit flushes the held file: watch it stay in D'
    : 'its exit closes the held file: fuse_flush waits for a FLUSH nobody will read';
  return step(
    title,
    { say, watch: [srv.pid], result: (s) => `server ${s.kind} after ${s.ms} ms` },
    async () => {
      const killedAt = monotonic();
      sendSignal(ctx, target, 'SIGKILL');
      return { ...(await settle(srv.pid, { frames: FLUSH_FRAMES, signal: ctx.signal })), killedAt };
    },
  );
}

const brief = (r: Check) => ({ ok: r.ok, message: r.message });

/** What /proc shows of the killed server (and init, in a namespace), as the verdict reads it. */
export function lookAtHolder(step: Step, srv: ServerHandle, s: Killed): Promise<FlushOnExitResult> {
  const watch = [srv.pid, ...(srv.ns ? [srv.ns.initPid] : [])];
  return step(
    srv.ns ? 'look at the server, its init and the namespace' : 'look at the server',
    {
      say: 'the deadlock: D in fuse_flush, SIGKILL pending',
      watch,
      result: (r) => shapeOf(r, !!r.init),
    },
    async () => {
      const checks: FlushOnExitResult['checks'] = {};
      if (s.kind === 'stuck') {
        const tid = s.task.tid;
        checks.inFuseFlush = brief(
          await assertTaskState(srv.pid, tid, 'D', { frames: FLUSH_FRAMES }),
        );
        checks.sigkillPending = brief(
          await assertSignalPendingUndelivered(srv.pid, tid, 'SIGKILL'),
        );
        checks.leaderZombie = brief(await assertLeaderZombieWithLiveThread(srv.pid));
      }
      let init: FlushOnExitResult['init'];
      if (srv.ns) {
        const pid = srv.ns.initPid;
        checks.initInZap = brief(
          await assertTaskState(pid, pid, ['S', 'D'], { frames: ['zap_pid_ns_processes'] }),
        );
        init = { pid, process: await processEvidence(pid), enterable: await nsEnterable(pid) };
        const e = init.enterable;
        checks.nsNotEnterable = { ok: forkFailedEnomem(e), message: e.error ?? 'entered' };
      }
      const variant = srv.ns ? 'pidns' : 'plain';
      // the deadlock as the write-up defines it: stuck in fuse_flush with SIGKILL pending
      // (and, for the namespace, init held in zap_pid_ns_processes)
      const seen = { variant, settled: s.kind, checks, enterable: init?.enterable };
      return {
        variant,
        deadlock: flushRunVerdict(seen).verdict === 'deadlock',
        settled: s.kind,
        settleMs: s.ms,
        killedAt: s.killedAt,
        server: {
          pid: srv.pid,
          conn: srv.conn,
          nspid: srv.ns ? srv.printed.pid : undefined,
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
      } satisfies FlushOnExitResult;
    },
  );
}

/** "D in fuse_flush, SIGKILL pending, leader Z", or how it settled otherwise. */
export function shapeOf(
  r: Pick<FlushOnExitResult, 'settled' | 'checks'>,
  inPidNs: boolean,
): string {
  if (r.settled !== 'stuck') return `server ${r.settled}`;
  const c = r.checks;
  const shape = [
    c.inFuseFlush?.ok ? 'D in fuse_flush' : 'not in fuse_flush',
    c.sigkillPending?.ok ? 'SIGKILL pending' : 'no SIGKILL pending',
  ];
  // the leader is Z while a thread exits for it (only the server's own run looks)
  if (c.leaderZombie) shape.push(c.leaderZombie.ok ? 'leader Z' : 'leader itself in D');
  if (inPidNs)
    shape.push(
      c.initInZap?.ok ? 'init in zap_pid_ns_processes' : 'init not in zap',
      c.nsNotEnterable?.ok ? 'ns not enterable (fork ENOMEM)' : 'ns enterable',
    );
  return shape.join(', ');
}

/** The three steps in one: start the holder, kill it, look (for cases that build on the trigger). */
export async function triggerFlushOnExit(
  ctx: CaseContext,
  step: Step,
  opts: { inPidNs?: boolean; requestTimeout?: number },
): Promise<{ result: FlushOnExitResult; srv: ServerHandle }> {
  const srv = await startHolder(ctx, step, opts);
  const killed = await killHolder(ctx, step, srv);
  return { result: await lookAtHolder(step, srv, killed), srv };
}
