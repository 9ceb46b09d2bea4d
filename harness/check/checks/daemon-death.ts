// daemon-death: the daemon is SIGKILLed while a client's stat is held by a
// stall in the backing store. When its last /dev/fuse fd is closed,
// fuse_dev_release -> fuse_abort_conn ends every request in flight with
// ECONNABORTED and every later one gets ENOTCONN; the mount stays (nothing
// unmounts it unless the daemon's mount helper does, as fusermount3's
// auto_unmount). The daemon's own thread held on the backing store dies
// only once that request ends: interrupts are honoured there (hold.ts), so
// the SIGKILL's INTERRUPT ends it; if not, the stall is released. A daemon
// that holds a file on its own mount never finishes dying (do_exit ->
// exit_files -> fuse_flush waits on itself): the clients `hang`. Last,
// fusefault's own cleanup (unmountUpper) must take the mount away.
// It kills the filesystem under test, so it runs last (registry.ts).
// No `client-exited`: nothing here signals the held client, and the kernel
// ends its wait with an error (end_requests in fuse_abort_conn) or leaves
// it waiting; a client that dies unreported was ended by something else:
// inconclusive. `answered` needs a reply nobody killed could send: a
// /dev/fuse fd handed to another process (a restart by fd passing).
import { observe, type Observed } from '../../clients/observe.js';
import { waitsOnFuse } from '../../proc/fuse-wait.js';
import { hasExited, waitFor } from '../../wait.js';
import { defineCheck } from '../define.js';
import { missing, said, type Held } from '../held.js';
import {
  HOLD_PLANS,
  holdClient,
  prepareHold,
  signalDaemon,
  type HoldResult,
  type Holding,
} from '../hold.js';
import { reap } from '../hold-wait.js';
import { daemonState, upperClient } from '../probe.js';
import { INCONCLUSIVE, type CheckEnv, type CheckResult } from '../types.js';
import { stillMounted, unmountUpper } from '../upper-teardown.js';

/** What was seen after the daemon was killed. */
export interface DeathObservation extends Held {
  /** ms from SIGKILL until every daemon pid had exited; undefined: not by the end */
  exitMs?: number;
  /** the stall was released because the daemon had not exited */
  released: boolean;
  /** the held client afterwards */
  heldAfter?: Observed;
  /** a new stat on the mount afterwards */
  fresh?: Observed;
  /** the mount was still there after the daemon was gone (or given up on) */
  mountLeft: boolean;
  /** fusefault's cleanup: whether the mount was gone after it, and its steps */
  cleanup?: { removed: boolean; steps: string[] };
}

/** enotconn, econnaborted... (the held client's errno), answered, or hang. */
export function outcomeOf(o: DeathObservation): CheckResult {
  const verdict = (outcome: string, summary: string) => ({ outcome, summary, evidence: {} });
  const why = missing(o);
  if (why) return verdict(INCONCLUSIVE, why);
  const h = o.heldAfter;
  if (!h || h.kind === 'undecided')
    return verdict(INCONCLUSIVE, 'the held client settled neither way after the kill');
  if (h.kind === 'exited')
    return verdict(INCONCLUSIVE, `held ${o.blocked!.step}: ${said(h)}, not by the daemon's death`);
  const word = h.kind === 'returned' ? (h.report?.errno?.toLowerCase() ?? 'answered') : 'hang';
  const daemon =
    o.exitMs === undefined
      ? 'the daemon did not exit'
      : `the daemon exited ${o.exitMs} ms after SIGKILL${o.released ? ', once the stall was released' : ''}`;
  const clean = o.cleanup
    ? o.cleanup.removed
      ? `fusefault's cleanup removed it (${o.cleanup.steps.join(', ') || 'nothing to do'})`
      : `fusefault's cleanup did NOT remove it (${o.cleanup.steps.join(', ')})`
    : 'cleanup not run';
  const parts = [
    `held ${o.blocked!.step}: ${said(h)}`,
    daemon,
    `a new stat: ${said(o.fresh)}`,
    `mount ${o.mountLeft ? 'left behind' : 'gone'}`,
    clean,
  ];
  return verdict(word, parts.join('; '));
}

const EXIT_MS = 3_000;
const HOLD_ORDER = ['stat', 'read-direct', 'open', 'write-close'];

// Kills every daemon pid; the ms until all exited, releasing the stall if they would not.
async function killDaemon(env: CheckEnv, release: () => Promise<void>) {
  const t0 = Date.now();
  signalDaemon(env, 'SIGKILL');
  const allGone = async () => {
    for (const p of env.upper.daemonPids) if (!(await hasExited(p))) return false;
    return true;
  };
  const wait = () => waitFor(allGone, { timeoutMs: EXIT_MS }).catch(() => false);
  if (await wait()) return { exitMs: Date.now() - t0, released: false };
  await release();
  return (await wait())
    ? { exitMs: Date.now() - t0, released: true }
    : { exitMs: undefined, released: true };
}

export default defineCheck({
  id: 'daemon-death',
  title: 'the daemon is SIGKILLed while a request is held: what clients see, what is left',
  outcomes: ['enotconn', 'econnaborted', '<errno>', 'answered', 'hang', INCONCLUSIVE],
  timeoutMs: 60_000,
  async run(env) {
    const settle = { stableMs: 1000, timeoutMs: 8000, signal: env.signal };
    const lowerPids = [env.lower.pid];
    const kill = async (h: Holding) => {
      const died = await killDaemon(env, h.release);
      const daemonAfter = await daemonState(env);
      const heldAfter = await observe(h.client, h.step, waitsOnFuse, settle);
      const c = upperClient(env, 'stat-loop', ['--path', `${env.upper.mountpoint}/death-new`]);
      const fresh = await observe(c, 'stat#0', waitsOnFuse, settle);
      await reap(c);
      const mountLeft = stillMounted(env.upper);
      const steps = await unmountUpper(env.upper, { lowerPids });
      const cleanup = { removed: !stillMounted(env.upper), steps };
      return { ...died, daemonAfter, heldAfter, fresh, mountLeft, cleanup };
    };
    // the first operation the filesystem lets us hold (a stat may be served from its cache)
    const tried: string[] = [];
    let r: HoldResult<Awaited<ReturnType<typeof kill>>> | undefined;
    for (const op of HOLD_ORDER) {
      const plan = HOLD_PLANS.find((p) => p.op === op)!;
      r = await holdClient(env, await prepareHold(env, plan, 'death'), kill);
      if (r.value || r.held.daemonGone) break;
      tried.push(`${op}: ${missing(r.held)}`);
    }
    const o: DeathObservation = { ...r!.held, released: false, mountLeft: false, ...r!.value };
    const v = outcomeOf(o);
    const summary = r!.value || !tried.length ? v.summary : tried.join('; ');
    return { ...v, summary, evidence: { ...r!.evidence, ...r!.value, tried } };
  },
});
