// stopped-daemon: the daemon is stopped (SIGSTOP to each of its pids, every
// thread in T), then a client stats a name never seen, so the LOOKUP is
// queued for a daemon that cannot read it. Then SIGINT (caught), SIGKILL,
// and SIGCONT to the daemon, each watched: which one ended the stat? In
// request_wait_answer a request never read (FR_PENDING, no INTERRUPT sent
// since FR_SENT is unset) moves on a caught SIGINT from the interruptible to
// the killable wait (D) and is withdrawn on SIGKILL: `sigkill` is the
// kernel's answer unless the daemon had read the request before it stopped.
import { observe, type Observed } from '../../clients/observe.js';
import { waitsOnFuse } from '../../proc/fuse-wait.js';
import { readProcess } from '../../proc/task.js';
import { waitFor } from '../../wait.js';
import { defineCheck } from '../define.js';
import { said, stillBlocked } from '../held.js';
import { daemonGone, signalDaemon } from '../hold.js';
import { reap, waitBlocked } from '../hold-wait.js';
import { daemonState, upperClient } from '../probe.js';
import { INCONCLUSIVE, type CheckEnv, type CheckResult } from '../types.js';

/** What was seen: the daemon stopped, the stat blocked, and the client after each signal. */
export interface StoppedObservation {
  daemonGone: boolean;
  /** every thread of every daemon pid was in T */
  stopped: boolean;
  blocked?: { step: string; state: string };
  steps: { signal: 'SIGINT' | 'SIGKILL' | 'SIGCONT'; after: Observed }[];
}

/** sigint, sigkill or sigcont: the first signal after which the stat was over; stuck: none. */
export function outcomeOf(o: StoppedObservation): CheckResult {
  const verdict = (outcome: string, summary: string) => ({ outcome, summary, evidence: {} });
  if (o.daemonGone) return verdict(INCONCLUSIVE, 'the daemon was already gone');
  if (!o.stopped) return verdict(INCONCLUSIVE, 'the daemon did not stop (a thread not in T)');
  if (!o.blocked)
    return verdict(INCONCLUSIVE, 'the stat never blocked with the daemon stopped (cached?)');
  const seen: string[] = [`stat blocked in ${o.blocked.state}`];
  for (const s of o.steps) {
    seen.push(`${s.signal}: ${said(s.after)}`);
    if (s.after.kind === 'undecided') return verdict(INCONCLUSIVE, seen.join('; '));
    if (!stillBlocked(s.after)) return verdict(s.signal.toLowerCase(), seen.join('; '));
  }
  const conted = o.steps.some((s) => s.signal === 'SIGCONT');
  return verdict(conted ? 'stuck' : INCONCLUSIVE, seen.join('; '));
}

async function allStopped(env: CheckEnv): Promise<boolean> {
  for (const pid of env.upper.daemonPids) {
    const p = await readProcess(pid);
    if (!p || !p.tasks.every((t) => t.state === 'T')) return false;
  }
  return true;
}

export default defineCheck({
  id: 'stopped-daemon',
  title: 'a stat on a SIGSTOPped daemon, then SIGINT (caught), SIGKILL, SIGCONT: which ends it?',
  outcomes: ['sigint', 'sigkill', 'sigcont', 'stuck', INCONCLUSIVE],
  timeoutMs: 40_000,
  async run(env) {
    const o: StoppedObservation = { daemonGone: await daemonGone(env), stopped: false, steps: [] };
    if (o.daemonGone) return outcomeOf(o);
    const settle = { stableMs: 1000, timeoutMs: 8000, signal: env.signal };
    const evidence: Record<string, unknown> = {};
    const name = `${env.upper.mountpoint}/stopped-${process.hrtime.bigint()}`;
    signalDaemon(env, 'SIGSTOP');
    let client;
    try {
      o.stopped = await waitFor(() => allStopped(env), { timeoutMs: 3_000 }).catch(() => false);
      evidence.daemon = await daemonState(env);
      if (!o.stopped) return { ...outcomeOf(o), evidence };
      client = upperClient(env, 'stat-loop', ['--path', name, '--catch-sigint']);
      const blocked = await waitBlocked(client, env.signal);
      if (blocked) {
        o.blocked = { step: blocked.step, state: blocked.kind.slice(-1) };
        evidence.client = blocked.task;
        for (const signal of ['SIGINT', 'SIGKILL', 'SIGCONT'] as const) {
          if (signal === 'SIGCONT') signalDaemon(env, 'SIGCONT');
          else client.kill(signal);
          const after = await observe(client, blocked.step, waitsOnFuse, settle);
          o.steps.push({ signal, after });
          if (!stillBlocked(after)) break;
        }
      }
    } finally {
      signalDaemon(env, 'SIGCONT');
      if (client && !(await reap(client))) env.log(`client ${client.pid} not reaped`);
    }
    return { ...outcomeOf(o), evidence: { ...evidence, steps: o.steps } };
  },
});
