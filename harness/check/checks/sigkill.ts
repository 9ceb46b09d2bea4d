// sigkill: a client held on the filesystem under test by a stall in the
// backing store gets SIGKILL. In request_wait_answer a fatal signal ends the
// killable wait, but only a request still queued (FR_PENDING) is withdrawn;
// one the daemon has read is waited for uninterruptibly (wait_event) until it
// is answered, so the client dies only once the daemon answers: after the
// backing store is released, or at once if the daemon answers the
// INTERRUPT. A page-cache read waits killably on the folio and dies at once.
import { defineCheck } from '../define.js';
import {
  missing,
  said,
  stillBlocked,
  undecided,
  worstMeasured,
  type OpWord,
  type Signalled,
} from '../held.js';
import { signalEachHeld } from '../hold.js';
import { INCONCLUSIVE, type CheckResult } from '../types.js';

const RANK = ['killable', 'unkillable-until-release', 'unkillable'];

/** One operation's word: killable, unkillable-until-release, unkillable. */
export function opOutcome(o: Signalled): OpWord {
  const why = missing(o);
  if (why) return undecided(o.op, why);
  const at = `${o.blocked!.step} in ${o.blocked!.state}`;
  const k = o.afterSignal;
  if (!k || k.kind === 'undecided') return undecided(o.op, `${at}: no stable state after SIGKILL`);
  if (k.kind === 'returned') return undecided(o.op, `${at}: ${said(k)} before SIGKILL took effect`);
  if (k.kind === 'exited')
    return { op: o.op, outcome: 'killable', why: `${at}; ${said(k)} in ${k.ms} ms` };
  const still = `${at}; SIGKILL: ${said(k)} for ${k.ms} ms`;
  const r = o.afterRelease;
  if (!r || r.kind === 'undecided')
    return undecided(o.op, `${still}; no stable state after release`);
  if (stillBlocked(r))
    return { op: o.op, outcome: 'unkillable', why: `${still}; release: ${said(r)}` };
  return {
    op: o.op,
    outcome: 'unkillable-until-release',
    why: `${still}; exited ${r.ms} ms after release`,
  };
}

/** The check's verdict: the worst operation measured (inconclusive when none was). */
export function outcomeOf(obs: readonly Signalled[]): CheckResult {
  return worstMeasured(obs.map(opOutcome), RANK);
}

export default defineCheck({
  id: 'sigkill',
  title: 'a client held by a stalled backing store gets SIGKILL: does it die, and when?',
  outcomes: [...RANK, INCONCLUSIVE],
  timeoutMs: 90_000,
  async run(env) {
    const { obs, runs } = await signalEachHeld(env, 'SIGKILL', (o) =>
      env.log(`${o.op}: ${opOutcome(o).outcome}`),
    );
    const v = outcomeOf(obs);
    return { ...v, evidence: { ...v.evidence, runs } };
  },
});
