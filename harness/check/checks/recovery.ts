// recovery: once the backing store answers again, does the filesystem under
// test serve again? Per operation a client is held by a stall in the backing
// store, gets SIGINT (caught: the INTERRUPT path of the daemon runs, as in
// the interrupt check), the stall is removed, and fresh clients probe the
// mount: stat of the held file, write+close of a new one, a read of it.
// A daemon whose worker is lost, or whose interrupt bookkeeping leaks, stops
// answering here: `stuck`, with its threads' stacks.
import { join } from 'node:path';
import { observe, type Observed } from '../../clients/observe.js';
import { waitsOnFuse } from '../../proc/fuse-wait.js';
import { defineCheck } from '../define.js';
import { missing, said, undecided, worstMeasured, type Held, type OpWord } from '../held.js';
import { HOLD_PLANS, holdClient, prepareHold } from '../hold.js';
import { reap } from '../hold-wait.js';
import { daemonState, upperClient } from '../probe.js';
import { INCONCLUSIVE, type CheckEnv, type CheckResult } from '../types.js';
import type { ClientName } from '../../clients/index.js';

/** A fresh client on the mount after the release. */
export interface Probe {
  what: string;
  /** returned (its last step), exited, blocked-D/S, undecided */
  o: Observed;
  /** the first errno any of its steps returned */
  errno?: string;
}

/** One operation: held, SIGINTed, released, then probed. */
export interface RecoveryObservation extends Held {
  /** the held client after the release */
  drained?: Observed;
  probes: Probe[];
}

const RANK = ['recovers', 'fails', 'stuck'];

/** One operation's word: recovers, fails:<ERRNO>, stuck. */
export function opOutcome(o: RecoveryObservation): OpWord {
  const why = missing(o);
  if (why) return undecided(o.op, why);
  if (o.probes.length === 0) return undecided(o.op, 'no probe ran after the release');
  const held = `held ${o.blocked!.step}, after release ${said(o.drained)}`;
  const stuck = o.probes.filter((p) => !p.errno && p.o.kind !== 'returned');
  if (stuck.length)
    return {
      op: o.op,
      outcome: 'stuck',
      why: `${held}; ${stuck.map((p) => `${p.what} ${said(p.o)}`).join(', ')}`,
    };
  const failed = o.probes.find((p) => p.errno);
  if (failed)
    return { op: o.op, outcome: `fails:${failed.errno}`, why: `${held}; ${failed.what} failed` };
  const all = o.probes.map((p) => p.what).join(', ');
  return { op: o.op, outcome: 'recovers', why: `${held}; ${all} answered` };
}

/** The check's verdict: the worst operation measured (inconclusive when none was). */
export function outcomeOf(obs: readonly RecoveryObservation[]): CheckResult {
  return worstMeasured(obs.map(opOutcome), RANK);
}

const SETTLE = { stableMs: 1000, timeoutMs: 8000 };

// One fresh client, watched until its last step returned, it exited, or it sits blocked.
async function probe(
  env: CheckEnv,
  what: string,
  name: ClientName,
  args: string[],
  last: string,
): Promise<Probe> {
  const c = upperClient(env, name, args);
  const o = await observe(c, last, waitsOnFuse, { stableMs: 2000, timeoutMs: 10_000 });
  if (!(await reap(c))) env.log(`${what}: probe ${c.pid} not reaped`);
  const errno = c.reports.find((r) => r.errno)?.errno;
  return errno ? { what, o, errno } : { what, o };
}

// Three fresh clients at once: a stat and a read of the held file, a new file written.
async function probes(env: CheckEnv, heldPath: string, tag: string): Promise<Probe[]> {
  const fresh = join(env.upper.mountpoint, `${tag}-fresh`);
  return Promise.all([
    probe(env, 'stat', 'stat-loop', ['--path', heldPath], 'stat#0'),
    probe(env, 'write+close', 'write-close', ['--path', fresh], 'close'),
    probe(env, 'read', 'read-close', ['--path', heldPath], 'close'),
  ]);
}

export default defineCheck({
  id: 'recovery',
  title: 'after a held, interrupted request is released, does the filesystem serve again?',
  outcomes: [...RANK.map((w) => (w === 'fails' ? 'fails:<ERRNO>' : w)), INCONCLUSIVE],
  timeoutMs: 120_000,
  async run(env) {
    const obs: RecoveryObservation[] = [];
    const runs: object[] = [];
    for (const plan of HOLD_PLANS) {
      env.signal.throwIfAborted();
      const prep = await prepareHold(env, plan, 'rec');
      const r = await holdClient(env, prep, async (h) => {
        h.client.kill('SIGINT');
        await observe(h.client, h.step, waitsOnFuse, { ...SETTLE, signal: env.signal });
        await h.release();
        return observe(h.client, h.step, waitsOnFuse, { ...SETTLE, signal: env.signal });
      });
      // the probes run once the rule is gone and the held client reaped
      const measured = r.value !== undefined;
      const p = measured ? await probes(env, prep.path, `rec-${plan.op}`) : [];
      const o: RecoveryObservation = {
        ...r.held,
        probes: p,
        ...(r.value ? { drained: r.value } : {}),
      };
      const word = opOutcome(o);
      env.log(`${o.op}: ${word.outcome}`);
      obs.push(o);
      const daemon = word.outcome === 'stuck' ? await daemonState(env) : undefined;
      runs.push({ ...r.evidence, drained: o.drained, probes: p, daemonAfter: daemon });
    }
    const v = outcomeOf(obs);
    return { ...v, evidence: { ...v.evidence, runs } };
  },
});
