// Holding a client on the filesystem under test, for the blocking checks: a
// file made through the upper mount, its name in the backing store found
// (lower-path.ts), a stall rule on the backing store's operation behind the
// client's syscall, and the client started and watched until it sits in a
// FUSE wait, stable, on that stall (or not: then the body does not run).
// Interrupts are honoured on the held file, as the interruptible wait of a
// network store would be: a daemon that passes an INTERRUPT on to its own
// syscall (libfuse's `-o intr` signals the worker thread) gets EINTR back,
// and the lower trace shows the INTERRUPT arrive. Whatever happens, the rules
// are removed (which answers what they hold) and the client is killed and
// reaped, so the next check finds a working mount.
import { join } from 'node:path';
import { execa } from 'execa';
import type { ClientHandle, ClientName } from '../clients/index.js';
import { observe } from '../clients/observe.js';
import { describeRequest, tracedRequests } from '../evidence.js';
import { waitsOnFuse } from '../proc/fuse-wait.js';
import { hasExited, waitFor } from '../wait.js';
import { stillBlocked, type Held, type Signalled } from './held.js';
import { heldOnStall, reap, scale } from './hold-wait.js';
import { lowerPathOf } from './lower-path.js';
import { daemonState, upperClient, withFault } from './probe.js';
import type { CheckEnv } from './types.js';

/** One way to hold a client: the client, and the backing-store operations stalled under it. */
export interface HoldPlan {
  op: string;
  /** fault OPS on the backing store */
  lowerOps: string;
  client: ClientName;
  args: string[];
}

/** The held operations: O_DIRECT read (buffered where refused), write+close, stat, open. */
export const HOLD_PLANS: readonly HoldPlan[] = [
  { op: 'read-direct', lowerOps: 'read', client: 'read-close', args: ['--direct'] },
  { op: 'write-close', lowerOps: 'write+flush+fsync', client: 'write-close', args: [] },
  // until the attributes cached by the upper kernel expire, a stat is not
  // even asked of the daemon: the loop goes on until one blocks
  {
    op: 'stat',
    lowerOps: 'lookup+getattr',
    client: 'stat-loop',
    args: ['--count', '0', '--interval-ms', '50'],
  },
  { op: 'open', lowerOps: 'open', client: 'read-close', args: [] },
];

/** The buffered read, for a filesystem that refuses O_DIRECT. */
const BUFFERED: HoldPlan = {
  op: 'read-buffered',
  lowerOps: 'read',
  client: 'read-close',
  args: [],
};

/** A plan's file, made through the upper mount. */
export interface Prepared {
  plan: HoldPlan;
  path: string;
  /** its name in the backing store; undefined: not found */
  lowerPath?: string;
}

const PREPARE_MS = 10_000;

/**
 * Makes the plan's file (8 KiB) through the upper mount and finds its
 * backing name. A shell writes it: it starts in milliseconds where a Python
 * client takes seconds on a loaded machine, and nothing is measured here.
 */
export async function prepareHold(env: CheckEnv, plan: HoldPlan, tag: string): Promise<Prepared> {
  const path = join(env.upper.mountpoint, `${tag}-${plan.op}`);
  const make = async () => {
    const sh = execa('sh', ['-c', 'head -c 8192 /dev/zero > "$1"', 'sh', path], {
      reject: false,
      stdin: 'ignore',
    });
    if (sh.pid !== undefined) env.ctx.trackPid(sh.pid);
    const late = new Promise<void>((r) => setTimeout(r, PREPARE_MS * scale()).unref());
    await Promise.race([sh, late]);
    sh.kill('SIGKILL');
  };
  const lowerPath = await lowerPathOf(env.lower.mountpoint, make);
  return lowerPath === undefined ? { plan, path } : { plan, path, lowerPath };
}

/** A client held by the stall, handed to the body. */
export interface Holding {
  client: ClientHandle;
  /** the client's step that blocked ('read', 'close', 'stat#3', ...) */
  step: string;
  /** removes the stall (answering what it holds); idempotent */
  release(): Promise<void>;
  /** ms since the epoch when release() answered the held requests */
  releasedAt?: number;
}

/** What holdClient saw: the precondition, the body's value when it ran, the evidence. */
export interface HoldResult<T> {
  held: Held;
  value?: T;
  evidence: Record<string, unknown>;
}

/** Sends sig to every daemon pid (a pid already gone is skipped). */
export function signalDaemon(env: CheckEnv, sig: NodeJS.Signals): void {
  for (const pid of env.upper.daemonPids) {
    try {
      process.kill(pid, sig);
    } catch {
      // gone
    }
  }
}

/** Whether no daemon pid is alive (or none is known). */
export async function daemonGone(env: CheckEnv): Promise<boolean> {
  for (const pid of env.upper.daemonPids) if (!(await hasExited(pid))) return false;
  return true;
}

// The lower trace behind the rule: the held requests with their replies and INTERRUPTs.
// Waits a moment for the replies the rule's removal sent (the trace file is written every 100 ms).
async function lowerLines(env: CheckEnv, uniques: ReadonlySet<string>): Promise<string[]> {
  const held = () => tracedRequests(env.lower.events()).filter((r) => uniques.has(r.unique));
  await waitFor(() => held().every((r) => r.answered !== null), { timeoutMs: 1_000 }).catch(
    () => undefined,
  );
  return held().map(describeRequest);
}

/**
 * Holds a client of prep's plan on the stall and runs body once it is held
 * by it (blocked, and the rule hit per the lower trace). The client catches
 * SIGINT when catchSigint. A refused O_DIRECT open is retried buffered.
 */
export async function holdClient<T>(
  env: CheckEnv,
  prep: Prepared,
  body: (h: Holding) => Promise<T>,
  { catchSigint = true }: { catchSigint?: boolean } = {},
): Promise<HoldResult<T>> {
  const { plan, path, lowerPath } = prep;
  const gone = await daemonGone(env);
  const base = { op: plan.op, daemonGone: gone, hits: 0 };
  if (gone) return { held: base, evidence: { op: plan.op } };
  if (lowerPath === undefined)
    return {
      held: { ...base, setup: 'its file was not found in the backing store' },
      evidence: { op: plan.op, path },
    };
  const spec = `${plan.lowerOps}@${lowerPath}:stall`;
  const honour = await env.lower.ctl({ cmd: 'add', spec: `interrupts@${lowerPath}:honour` });
  const args = [...plan.args, '--path', path, ...(catchSigint ? ['--catch-sigint'] : [])];
  let client: ClientHandle | undefined;
  try {
    const probe = await withFault(env, spec, async (rule) => {
      client = upperClient(env, plan.client, args);
      const { blocked, hit } = await heldOnStall(env, client, rule);
      const refused = client.reports.find((r) => r.step === 'open' && r.errno === 'EINVAL');
      if (!blocked && refused && plan === HOLD_PLANS[0]) return { refused: true as const };
      const at = {
        client: blocked?.task ?? null,
        daemon: await daemonState(env),
        reports: client.reports.filter((r) => !r.enter),
      };
      if (!blocked || !hit) return { blocked, at };
      let releasedAt: number | undefined;
      const h: Holding = {
        client,
        step: blocked.step,
        release: async () => {
          if (releasedAt !== undefined) return;
          await env.lower.ctl({ cmd: 'remove', rule });
          releasedAt = h.releasedAt = Date.now();
        },
      };
      return { blocked, at, value: await body(h) };
    });
    if ('refused' in probe.value) {
      env.log(`${plan.op}: O_DIRECT refused (EINVAL), held buffered instead`);
      return holdClient(env, { ...prep, plan: BUFFERED }, body, { catchSigint });
    }
    const { blocked, at } = probe.value;
    const hits = probe.hits.length;
    const uniques = new Set(probe.hits.flatMap((e) => ('unique' in e ? [e.unique] : [])));
    const held: Held = {
      ...base,
      hits,
      ...(blocked ? { blocked: { step: blocked.step, state: blocked.kind.slice(-1) } } : {}),
    };
    const evidence = { op: plan.op, spec, lowerPath, ...at, lower: await lowerLines(env, uniques) };
    return 'value' in probe.value
      ? { held, value: probe.value.value, evidence }
      : { held, evidence };
  } finally {
    if (honour.ok && honour.rule)
      await env.lower.ctl({ cmd: 'remove', rule: honour.rule.id }).catch(() => undefined);
    if (client && !(await reap(client))) env.log(`${plan.op}: client ${client.pid} not reaped`);
  }
}

const SETTLE = { stableMs: 1000, timeoutMs: 8000 };

/**
 * Every plan in turn: a held client gets sig; when it is still blocked a
 * second later the stall is released and it is watched again.
 */
export async function signalEachHeld(
  env: CheckEnv,
  sig: NodeJS.Signals,
  onOp: (o: Signalled) => void,
): Promise<{ obs: Signalled[]; runs: object[] }> {
  const obs: Signalled[] = [];
  const runs: object[] = [];
  const opts = { ...SETTLE, signal: env.signal };
  for (const plan of HOLD_PLANS) {
    env.signal.throwIfAborted();
    const prep = await prepareHold(env, plan, sig.toLowerCase());
    const r = await holdClient(env, prep, async (h) => {
      h.client.kill(sig);
      const afterSignal = await observe(h.client, h.step, waitsOnFuse, opts);
      if (!stillBlocked(afterSignal)) return { afterSignal };
      await h.release();
      return { afterSignal, afterRelease: await observe(h.client, h.step, waitsOnFuse, opts) };
    });
    const o: Signalled = { ...r.held, ...r.value };
    onOp(o);
    obs.push(o);
    runs.push({ ...r.evidence, afterSignal: o.afterSignal, afterRelease: o.afterRelease });
  }
  return { obs, runs };
}
