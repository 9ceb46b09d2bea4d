// Scenario 2: io_uring leaves TIF_NOTIFY_SIGNAL on the last thread of a pid
// namespace's init. That thread runs zap_pid_ns_processes and waits in do_wait
// for init's children; without the fix (kernel/pid_namespace.c) the flag keeps
// signal_pending() true, do_wait returns -ERESTARTSYS instead of sleeping,
// and on a non-preemptible kernel the CPU spins for good (soft lockup). The
// child that drops the mount namespace last then waits in
// synchronize_rcu_expedited for that CPU, so the spin never ends. Nothing
// recovers it: VM only. The case reports the spinning thread, its CPU time,
// its stack, the watchdog's report and the tasks in D behind it.
import { defineCase, stepsOf, summaryOf, type CaseContext } from '../harness/case-api.js';
import { KmsgCursor } from './lib/kmsg.js';
import {
  ioUringDisabled,
  runInit,
  type InitClient,
  type InitRun,
  type Trigger,
} from './lib/iou-init-run.js';
import { lockupEvidence, type LockupEvidence } from './lib/iou-lockup-evidence.js';

// First the incident's program: a Node init (UV_USE_IO_URING=1) that exits
// (process.exit), is SIGKILLed from outside, or crashes (process.abort) with
// fs calls in flight. libuv submits them through an SQPOLL thread whose io-wq
// workers exit before it (io_wq_exit_workers waits for them, so an iou-wrk is
// never the last thread here), and which clears TIF_NOTIFY_SIGNAL on its way
// out: only a race leaves the flag on the last thread. Then an init that
// submits from its own thread with a poll armed (iou-direct): the poll's
// completion is queued to it as task_work while it exits, every time.
const PLAN: { client: InitClient; trigger: Trigger }[] = [
  ...(['exit', 'kill', 'abort', 'exit', 'kill', 'abort'] as const).map((trigger) => ({
    client: 'node' as const,
    trigger,
  })),
  { client: 'direct', trigger: 'exit' },
  { client: 'direct', trigger: 'kill' },
  { client: 'direct', trigger: 'exit' },
];

// How each trigger ends init, for the step's title.
const ENDS: Record<Trigger, string> = { exit: 'exits', kill: 'is SIGKILLed', abort: 'aborts' };

// "node: 6/6 ended in 254-476 ms (exit 2, kill 2, abort 2)" per client.
function describeEnded(runs: InitRun[]): string {
  const clients = [...new Set(runs.map((r) => r.client))];
  return clients
    .map((c) => {
      const mine = runs.filter((r) => r.client === c);
      const ms = mine.map((r) => r.fate.ms);
      const triggers = [...new Set(mine.map((r) => r.trigger))];
      const by = triggers.map((t) => `${t} ${mine.filter((r) => r.trigger === t).length}`);
      return `${c}: ${mine.length}/${mine.length} ended, init gone ${Math.min(...ms)}-${Math.max(...ms)} ms after the exit (${by.join(', ')})`;
    })
    .join('; ');
}

// N frames from FIRST on (the part of a stack that matters; '?' marks ignored).
function from(frames: readonly string[], first: string, n: number): string {
  const at = Math.max(
    frames.findIndex((f) => f.replace(/^\?/, '') === first),
    0,
  );
  return frames.slice(at, at + n).join(' < ');
}

// The spinner, where it spins, what the watchdog said, who waits behind it.
function describeLockup(e: LockupEvidence, run: InitRun, n: number, ended: InitRun[]): string {
  const t = e.spinner;
  const parts = [
    `${t.comm} (tid ${t.tid}), init's last live thread, spins: ${e.cpuShare} CPU for ${(e.windowMs / 1000).toFixed(1)} s`,
  ];
  if (e.report?.rip) parts.push(`RIP ${e.report.rip}`);
  parts.push(
    e.inZap
      ? `stack ${from(e.spinnerProcStack ?? e.report?.frames ?? [], 'zap_pid_ns_processes', 3)}`
      : 'zap_pid_ns_processes not on its stack',
  );
  if (e.report) parts.push(`watchdog: "${e.report.line.replace(/^watchdog: /, '')}"`);
  for (const d of e.dTasks) {
    const tail = d.frames.includes('put_mnt_ns') ? ' (put_mnt_ns)' : '';
    parts.push(`${d.comm} ${d.pid} D in ${d.frames[0] ?? '?'}${tail}`);
  }
  const before = ended.length ? ` after ${describeEnded(ended)}` : '';
  parts.push(`attempt ${n} (${run.client}, ${run.trigger})${before}`);
  return parts.join('; ');
}

const OUTCOMES = [
  'soft-lockup',
  'spinning',
  'no-lockup',
  'not-applicable',
  'inconclusive',
] as const;

/** What the plan's runs came to, as the outcome reads it. */
export interface PlanSeen {
  /** runs whose init ended (after using io_uring) */
  ended: number;
  /** clients that used no io_uring here */
  unused: number;
  /** a run whose init's thread spun: where, and whether the watchdog named it */
  spin?: { inZap: boolean; report: boolean };
  /** a run whose init neither ended nor spun in time */
  stalled?: boolean;
}

/**
 * The outcome: a spin counts only where the bug spins (zap_pid_ns_processes),
 * named by the watchdog or not yet; no-lockup needs at least one init that
 * used io_uring and ended.
 */
export function outcomeOf(s: PlanSeen): { outcome: (typeof OUTCOMES)[number]; missing: string[] } {
  const no = (...missing: string[]) => ({ outcome: 'inconclusive' as const, missing });
  if (s.spin) {
    if (!s.spin.inZap) return no('a thread spun, but not in zap_pid_ns_processes');
    return { outcome: s.spin.report ? 'soft-lockup' : 'spinning', missing: [] };
  }
  if (s.stalled) return no('init neither ended nor spun in time');
  if (s.ended > 0) return { outcome: 'no-lockup', missing: [] };
  if (s.unused > 0) return { outcome: 'not-applicable', missing: [] };
  return no('no run finished in time');
}

async function run(ctx: CaseContext) {
  const scale = Number(process.env.FUSEFAULT_TIMEOUT_SCALE) || 1;
  const kmsg = new KmsgCursor();
  const ended: InitRun[] = [];
  const started = Date.now();
  // a client that used no io_uring (libuv may refuse it) is not tried again
  const unused = new Map<InitClient, InitRun>();
  const step = stepsOf(ctx);
  for (const [i, { client, trigger }] of PLAN.entries()) {
    if (Date.now() - started > 60_000 * scale) break;
    if (unused.has(client)) continue;
    const r = await step(
      `attempt ${i + 1}: a ${client} init of a new pid namespace uses io_uring, then ${ENDS[trigger]}`,
      {
        say: "its last thread waits for init's children in zap_pid_ns_processes: with TIF_NOTIFY_SIGNAL left on, it spins",
        result: (r) =>
          r.uring ? `init ${r.fate.kind} after ${r.fate.ms} ms` : 'init used no io_uring',
      },
      () => runInit(ctx, { client, trigger, scale }),
    );
    if (!r.uring) {
      unused.set(r.client, r);
      continue;
    }
    if (r.fate.kind === 'ended') {
      ended.push(r);
      continue;
    }
    if (r.fate.kind === 'spinning') {
      const e = await step(
        "wait for the watchdog's report on the spinning thread",
        {
          say: 'on a non-preemptible kernel the CPU never gives up: a soft lockup',
          watch: [r.initPid],
          result: (e) =>
            `${e.cpuShare} CPU; ${e.report ? 'watchdog: soft lockup' : 'no report yet'}`,
        },
        () => lockupEvidence(r, kmsg, { waitMs: 40_000 * scale, signal: ctx.signal }),
      );
      const { outcome, missing } = outcomeOf({
        ended: ended.length,
        unused: unused.size,
        spin: { inZap: e.inZap, report: !!e.report },
      });
      return {
        outcome,
        summary: summaryOf(missing, describeLockup(e, r, i + 1, ended)),
        evidence: { lockup: e, run: r, endedBefore: ended },
      };
    }
    return {
      outcome: outcomeOf({ ended: ended.length, unused: unused.size, stalled: true }).outcome,
      summary: `init neither ended nor spun within ${Math.round(r.fate.ms / 1000)} s (attempt ${i + 1}, ${r.client}, ${r.trigger})`,
      evidence: { run: r, endedBefore: ended },
    };
  }
  const none = [...unused.keys()].map((c) => `${c} init used no io_uring`);
  const { outcome, missing } = outcomeOf({ ended: ended.length, unused: unused.size });
  if (outcome === 'inconclusive') return { outcome, summary: missing.join('; '), evidence: {} };
  if (outcome === 'not-applicable') {
    const why = ioUringDisabled() ?? 'no io_uring fd and no iou- thread in init';
    return {
      outcome,
      summary: `${none.join(', ')} (${why})`,
      evidence: { unused: [...unused.values()] },
    };
  }
  return {
    outcome,
    summary: [describeEnded(ended), ...none].join('; '),
    evidence: { runs: ended, unused: [...unused.values()] },
  };
}

const def = defineCase({
  title:
    'io_uring leaves TIF_NOTIFY_SIGNAL on the last thread of a pid-namespace init: zap_pid_ns_processes spins',
  requires: { root: true, vmOnly: true },
  timeoutMs: 120_000,
  outcomes: OUTCOMES,
  // init's last thread spinning in zap_pid_ns_processes is the bug whether or
  // not the watchdog named it yet; not-applicable: no io_uring here (skip)
  regress: { affected: ['soft-lockup', 'spinning'], fixed: ['no-lockup'] },
  run,
});
export default def;
