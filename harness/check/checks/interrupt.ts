// interrupt: a client held on the filesystem under test by a stall in the
// backing store gets SIGINT, with a handler installed. The kernel's side
// (request_wait_answer): the interruptible wait ends, FR_INTERRUPTED is set
// and, the request having been read, an INTERRUPT is queued for the daemon;
// the client then waits killably (D) for the answer. SIGINT is not fatal, so
// only the daemon can end the wait: by answering EINTR (it gave up, e.g.
// libfuse's `-o intr` signals the worker, whose own syscall on the backing
// store then returns EINTR), late (once the store answers), or never. A read
// through the page cache waits in folio_wait_bit_common instead: readahead
// is an async request, no INTERRUPT is sent at all.
// No `exited`: a caught SIGINT is not fatal (fatal_signal_pending is false in
// request_wait_answer, the handler runs only once the syscall has returned
// and been reported), so a client that dies unreported was ended by
// something else than the filesystem or the check: inconclusive.
import { defineCheck } from '../define.js';
import {
  missing,
  said,
  stillBlocked,
  undecided,
  worstMeasured,
  type Signalled,
  type OpWord,
} from '../held.js';
import { signalEachHeld } from '../hold.js';
import { INCONCLUSIVE, type CheckResult } from '../types.js';

const NOT_SIGINT = 'a caught SIGINT cannot end a client, something else did';

// best first: the worst measured operation is the check's word
const RANK = ['eintr', 'returned', 'completed-late', 'blocked'];

/** One operation's word: eintr, returned:<ERRNO|0>, completed-late, blocked. */
export function opOutcome(o: Signalled): OpWord {
  const why = missing(o);
  if (why) return undecided(o.op, why);
  const s = o.afterSignal;
  const at = `${o.blocked!.step} in ${o.blocked!.state}`;
  if (!s || s.kind === 'undecided') return undecided(o.op, `${at}: no stable state after SIGINT`);
  if (s.kind === 'returned') {
    const e = s.report?.errno;
    if (e === 'EINTR') return { op: o.op, outcome: 'eintr', why: `${at}; SIGINT: ${said(s)}` };
    const what = e ?? String(s.report?.result ?? '?');
    return { op: o.op, outcome: `returned:${what}`, why: `${at}; SIGINT: ${said(s)}, stall held` };
  }
  if (s.kind === 'exited') return undecided(o.op, `${at}; SIGINT: ${said(s)}: ${NOT_SIGINT}`);
  const r = o.afterRelease;
  const still = `${at}; SIGINT: ${said(s)}`;
  if (!r || r.kind === 'undecided')
    return undecided(o.op, `${still}; no stable state after release`);
  if (r.kind === 'returned')
    return { op: o.op, outcome: 'completed-late', why: `${still}; release: ${said(r)}` };
  if (stillBlocked(r))
    return { op: o.op, outcome: 'blocked', why: `${still}; release: ${said(r)}` };
  return undecided(o.op, `${still}; release: ${said(r)}: ${NOT_SIGINT}`);
}

/** The check's verdict: the worst operation measured (inconclusive when none was). */
export function outcomeOf(obs: readonly Signalled[]): CheckResult {
  return worstMeasured(obs.map(opOutcome), RANK);
}

export default defineCheck({
  id: 'interrupt',
  title: 'a client held by a stalled backing store gets SIGINT (caught): EINTR, late, or never?',
  outcomes: ['eintr', 'returned:<ERRNO>', 'completed-late', 'blocked', INCONCLUSIVE],
  timeoutMs: 90_000,
  async run(env) {
    const { obs, runs } = await signalEachHeld(env, 'SIGINT', (o) =>
      env.log(`${o.op}: ${opOutcome(o).outcome}`),
    );
    const v = outcomeOf(obs);
    return { ...v, evidence: { ...v.evidence, runs } };
  },
});
