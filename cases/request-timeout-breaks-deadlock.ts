// FUSE request timeouts (Linux 6.15): a request that waits longer than the
// connection's timeout aborts the whole connection (fuse_check_timeout, run
// from a timer about every 15 s, so T seconds fire after roughly T to T+15 s).
// The Netflix trigger is run twice: with the timeout set for the run through
// /proc/sys/fs/fuse/default_request_timeout (read when a connection is set
// up), and with the server asking for it in its FUSE_INIT reply
// (FUSE_REQUEST_TIMEOUT, fuse_init_out.request_timeout). Measured: how long
// from the SIGKILL until the stuck server is gone, and what the mount says after.
import { existsSync, readFileSync } from 'node:fs';
import { runClient } from '../harness/clients/index.js';
import type { CaseContext, CaseDef } from '../harness/runner/types.js';
import { monotonic } from '../src/trace/types.js';
import { triggerFlushOnExit } from './lib/flush-on-exit.js';
import { abortAndWait, unmount, waitForRequestTimeout } from './lib/free.js';

const SYSCTL = '/proc/sys/fs/fuse/default_request_timeout';
const MAX_SYSCTL = '/proc/sys/fs/fuse/max_request_timeout';
// a 5 s timeout has been seen to fire after 15 s and after 30 s (the timer's
// period); waitForRequestTimeout allows for two periods and a margin
const T = 5;

async function variant(
  ctx: CaseContext,
  how: 'sysctl' | 'server',
): Promise<Record<string, unknown>> {
  const { result, srv } = await triggerFlushOnExit(ctx, {
    requestTimeout: how === 'server' ? T : undefined,
  });
  const init = srv.events().find((e) => e.ev === 'init');
  const out: Record<string, unknown> = {
    variant: how,
    timeoutSeconds: T,
    init,
    settled: result.settled,
    deadlockFirst: result.deadlock,
    stuckTask: result.stuckTask,
    connectionWhileStuck: result.connection,
  };
  if (result.settled === 'stuck') {
    const w = await waitForRequestTimeout([srv.pid], T, ctx.signal);
    const brokeAfterS = monotonic() - result.killedAt;
    out.broke = w.freed;
    out.brokeAfterSeconds = w.freed ? Number(brokeAfterS.toFixed(2)) : null;
    // after the connection was aborted: ECONNABORTED, then ENOTCONN
    const after = await runClient('stat-loop', [
      '--path',
      `${srv.mountpoint}/held`,
      '--count',
      '2',
      '--keep-going',
    ]);
    out.mountAfter = after.reports.filter((r) => !r.enter).map((r) => r.errno ?? `ok ${r.result}`);
    if (!w.freed) out.freedBy = await abortAndWait(srv.conn, [srv.pid], ctx.signal);
  }
  await unmount(srv.mountpoint);
  return out;
}

const def: CaseDef = {
  title: 'a FUSE request timeout (sysctl or asked by the server) breaks the flush-on-exit deadlock',
  requires: { root: true, fuse: true },
  timeoutMs: 200_000,
  outcomes: ['breaks', 'does-not-break', 'no-deadlock', 'partial', 'not-applicable'],
  // the mitigation is what is measured: a timeout that leaves the deadlock in
  // place, asked either way (partial: one of the two), is the regression; with
  // no deadlock to break nobody is affected; not-applicable: before 6.15 (skip)
  regress: { affected: ['does-not-break', 'partial'], fixed: ['breaks', 'no-deadlock'] },
  async run(ctx) {
    if (!existsSync(SYSCTL)) {
      return {
        outcome: 'not-applicable',
        summary: `${SYSCTL} does not exist: this kernel has no FUSE request timeouts (Linux 6.15+)`,
        evidence: { sysctl: SYSCTL, exists: false },
      };
    }
    const read = (p: string) => readFileSync(p, 'utf8').trim();
    const sysctls = { default: read(SYSCTL), max: read(MAX_SYSCTL) };
    await ctx.setSysctl(SYSCTL, String(T));
    const bySysctl = await variant(ctx, 'sysctl');
    // the second run must see the machine's own default again
    await ctx.setSysctl(SYSCTL, sysctls.default);
    const byServer = await variant(ctx, 'server');
    const verdict = (v: Record<string, unknown>) =>
      v.settled !== 'stuck' ? 'no-deadlock' : v.broke ? 'breaks' : 'does-not-break';
    const v = [verdict(bySysctl), verdict(byServer)];
    const outcome = v[0] === v[1] ? v[0]! : 'partial';
    const when = (r: Record<string, unknown>) =>
      r.brokeAfterSeconds == null ? verdict(r) : `${verdict(r)} after ${r.brokeAfterSeconds} s`;
    return {
      outcome,
      summary: `timeout ${T} s: sysctl ${when(bySysctl)}; server ${when(byServer)}`,
      evidence: { sysctlsBefore: sysctls, runs: [bySysctl, byServer] },
    };
  },
};
export default def;
