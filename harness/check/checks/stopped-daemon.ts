// stopped-daemon: a stat meets a SIGSTOPped daemon (SIGSTOP to each of its
// pids, every thread in T), then the client gets SIGINT (caught), SIGKILL,
// and the daemon SIGCONT, each watched: which one ended the stat? Two
// variants, as request_wait_answer (fs/fuse/dev.c) tells them apart:
// - unread: the daemon is stopped first, then a name never seen is stat'ed:
//   the LOOKUP stays queued (FR_PENDING, FR_SENT unset). A caught SIGINT sets
//   FR_INTERRUPTED but queues no INTERRUPT (not sent yet) and moves the
//   client to the killable wait (D); SIGKILL then withdraws the request
//   (fuse_remove_pending_req): `sigkill` is the kernel's answer.
// - read: the stat is first held by a stall on the backing store, so the
//   daemon has read it (FR_SENT), then the daemon is stopped. SIGINT queues
//   an INTERRUPT the stopped daemon cannot read; SIGKILL finds the request no
//   longer pending, so the client waits uninterruptibly (wait_event on
//   FR_FINISHED) for the reply; the stall is released (the stopped daemon
//   cannot pass the answer on) and only SIGCONT lets it reply: `sigcont`,
//   the case of a daemon frozen with requests in hand.
// The check's word is the worse variant's: stuck, sigcont, sigkill. No
// `sigint`: a non-fatal signal never ends request_wait_answer by itself (it
// sets FR_INTERRUPTED, queues the INTERRUPT if sent, and waits killably),
// so only a reply could, and no thread of the daemon can send one; a stat
// over on SIGINT means another process answers the connection: inconclusive.
import { observe, type Observed } from '../../clients/observe.js';
import type { ClientHandle } from '../../clients/index.js';
import { waitsOnFuse } from '../../proc/fuse-wait.js';
import { readProcess } from '../../proc/task.js';
import { waitFor } from '../../wait.js';
import { defineCheck } from '../define.js';
import { missing, said, stillBlocked, worstMeasured, type OpWord } from '../held.js';
import { daemonGone, HOLD_PLANS, holdClient, prepareHold, signalDaemon } from '../hold.js';
import { reap, waitBlocked } from '../hold-wait.js';
import { daemonState, upperClient } from '../probe.js';
import { INCONCLUSIVE, type CheckEnv, type CheckResult } from '../types.js';

/** A step of the sequence: a signal to the client or daemon, or the stall's release. */
export type Step = 'SIGINT' | 'SIGKILL' | 'release' | 'SIGCONT';

/** What was seen: the daemon stopped, the stat blocked, and the client after each step. */
export interface StoppedObservation {
  /** unread: stopped before the stat; read: the stat held on the backing store first */
  variant: 'unread' | 'read';
  daemonGone: boolean;
  /** every thread of every daemon pid was in T */
  stopped: boolean;
  blocked?: { step: string; state: string };
  /** read: why the stat could not be held on the stall */
  notHeld?: string;
  steps: { signal: Step; after: Observed }[];
}

/** One variant's word: the first signal after which the stat was over; stuck: none. */
export function variantOutcome(o: StoppedObservation): OpWord {
  const verdict = (outcome: string, why: string) => ({ op: o.variant, outcome, why });
  if (o.daemonGone) return verdict(INCONCLUSIVE, 'the daemon was already gone');
  if (o.notHeld) return verdict(INCONCLUSIVE, o.notHeld);
  if (!o.stopped) return verdict(INCONCLUSIVE, 'the daemon did not stop (a thread not in T)');
  if (!o.blocked)
    return verdict(INCONCLUSIVE, 'the stat never blocked with the daemon stopped (cached?)');
  const seen: string[] = [`stat blocked in ${o.blocked.state}`];
  for (const s of o.steps) {
    seen.push(`${s.signal}: ${said(s.after)}`);
    if (s.after.kind === 'undecided') return verdict(INCONCLUSIVE, seen.join('; '));
    if (stillBlocked(s.after)) continue;
    // the daemon stayed stopped: a release cannot end the stat (nobody replies)
    if (s.signal === 'release') return verdict(INCONCLUSIVE, `${seen.join('; ')}: unexplained`);
    if (s.signal === 'SIGINT')
      return verdict(INCONCLUSIVE, `${seen.join('; ')}: answered, not by the stopped daemon`);
    return verdict(s.signal.toLowerCase(), seen.join('; '));
  }
  const conted = o.steps.some((s) => s.signal === 'SIGCONT');
  return verdict(conted ? 'stuck' : INCONCLUSIVE, seen.join('; '));
}

// best first: the worst measured variant is the check's word
const RANK = ['sigkill', 'sigcont', 'stuck'];

/** The check's verdict: the worse variant measured (inconclusive when neither was). */
export function outcomeOf(obs: readonly StoppedObservation[]): CheckResult {
  return worstMeasured(obs.map(variantOutcome), RANK);
}

async function allStopped(env: CheckEnv): Promise<boolean> {
  for (const pid of env.upper.daemonPids) {
    const p = await readProcess(pid);
    if (!p || !p.tasks.every((t) => t.state === 'T')) return false;
  }
  return true;
}

const SETTLE = { stableMs: 1000, timeoutMs: 8000 };

// Stops the daemon and waits until every thread is in T.
async function stopDaemon(env: CheckEnv): Promise<boolean> {
  signalDaemon(env, 'SIGSTOP');
  return waitFor(() => allStopped(env), { timeoutMs: 3_000 }).catch(() => false);
}

// SIGINT and SIGKILL to the client, the release (read only), SIGCONT to the
// daemon, each watched, until the stat is over.
async function signalSteps(
  env: CheckEnv,
  o: StoppedObservation,
  client: ClientHandle,
  step: string,
  release?: () => Promise<void>,
): Promise<void> {
  const steps: Step[] = release
    ? ['SIGINT', 'SIGKILL', 'release', 'SIGCONT']
    : ['SIGINT', 'SIGKILL', 'SIGCONT'];
  for (const signal of steps) {
    if (signal === 'SIGCONT') signalDaemon(env, 'SIGCONT');
    else if (signal === 'release') await release!();
    else client.kill(signal);
    const after = await observe(client, step, waitsOnFuse, { ...SETTLE, signal: env.signal });
    o.steps.push({ signal, after });
    if (!stillBlocked(after)) break;
  }
}

// unread: the daemon stopped first, then a stat of a name never seen.
async function unread(env: CheckEnv): Promise<{ o: StoppedObservation; run: object }> {
  const o: StoppedObservation = { variant: 'unread', daemonGone: false, stopped: false, steps: [] };
  const run: Record<string, unknown> = { variant: 'unread' };
  const name = `${env.upper.mountpoint}/stopped-${process.hrtime.bigint()}`;
  let client;
  try {
    o.stopped = await stopDaemon(env);
    run.daemon = await daemonState(env);
    if (!o.stopped) return { o, run };
    client = upperClient(env, 'stat-loop', ['--path', name, '--catch-sigint']);
    const blocked = await waitBlocked(client, env.signal);
    if (blocked) {
      o.blocked = { step: blocked.step, state: blocked.kind.slice(-1) };
      run.client = blocked.task;
      await signalSteps(env, o, client, blocked.step);
    }
  } finally {
    signalDaemon(env, 'SIGCONT');
    if (client && !(await reap(client))) env.log(`client ${client.pid} not reaped`);
  }
  return { o, run: { ...run, steps: o.steps } };
}

// read: the stat held by the stall (the daemon has read it), then the daemon stopped.
async function read(env: CheckEnv): Promise<{ o: StoppedObservation; run: object }> {
  const o: StoppedObservation = { variant: 'read', daemonGone: false, stopped: false, steps: [] };
  const plan = HOLD_PLANS.find((p) => p.op === 'stat')!;
  const prep = await prepareHold(env, plan, 'stopped');
  const r = await holdClient(env, prep, async (h) => {
    try {
      o.stopped = await stopDaemon(env);
      const daemon = await daemonState(env);
      if (o.stopped) await signalSteps(env, o, h.client, h.step, () => h.release());
      return daemon;
    } finally {
      signalDaemon(env, 'SIGCONT');
    }
  });
  o.notHeld = missing(r.held);
  o.blocked = r.held.blocked;
  return { o, run: { variant: 'read', ...r.evidence, stoppedDaemon: r.value, steps: o.steps } };
}

export default defineCheck({
  id: 'stopped-daemon',
  title: 'a stat on a SIGSTOPped daemon, then SIGINT (caught), SIGKILL, SIGCONT: which ends it?',
  outcomes: ['sigkill', 'sigcont', 'stuck', INCONCLUSIVE],
  timeoutMs: 60_000,
  async run(env) {
    if (await daemonGone(env))
      return { outcome: INCONCLUSIVE, summary: 'the daemon was already gone', evidence: {} };
    const runs: object[] = [];
    const obs: StoppedObservation[] = [];
    for (const variant of [unread, read]) {
      env.signal.throwIfAborted();
      const { o, run } = await variant(env);
      env.log(`${o.variant}: ${variantOutcome(o).outcome}`);
      obs.push(o);
      runs.push(run);
    }
    const v = outcomeOf(obs);
    return { ...v, evidence: { ...v.evidence, runs } };
  },
});
