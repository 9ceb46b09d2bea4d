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
import type { ClientHandle, ClientName, ClientReport } from '../clients/index.js';
import { observe, type Observed } from '../clients/observe.js';
import { describeRequest, taskEvidence, tracedRequests } from '../evidence.js';
import { waitsOnFuse } from '../proc/fuse-wait.js';
import { readProcess } from '../proc/task.js';
import { hasExited, waitFor } from '../wait.js';
import { stillBlocked, type Held, type Signalled } from './held.js';
import { lowerPathOf } from './lower-path.js';
import { daemonState, upperClient, waitForHit, withFault } from './probe.js';
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

const scale = () => Number(process.env.FUSEFAULT_TIMEOUT_SCALE) || 1;
const BLOCK_MS = 6_000;
const REAP_MS = 5_000;
const PREPARE_MS = 10_000;
const START_MS = 20_000;

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

/** Whether no daemon pid is alive (or none is known). */
export async function daemonGone(env: CheckEnv): Promise<boolean> {
  for (const pid of env.upper.daemonPids) if (!(await hasExited(pid))) return false;
  return true;
}

const lastEnter = (reports: readonly ClientReport[]) => {
  const r = reports.at(-1);
  return r?.enter ? r.step : undefined;
};

/** Waits until the client sits in a FUSE wait inside a syscall, stable; undefined if it does not. */
export async function waitBlocked(
  client: ClientHandle,
  signal: AbortSignal,
  timeoutMs = BLOCK_MS * scale(),
): Promise<(Observed & { step: string }) | undefined> {
  let exited = false;
  void client.done.then(() => (exited = true));
  // the window opens with the client's first line: starting Python can take
  // seconds on a loaded machine, and that is not the filesystem's doing
  await waitFor(() => exited || client.reports.length > 0, {
    timeoutMs: START_MS * scale(),
    signal,
  }).catch(() => undefined);
  const until = Date.now() + timeoutMs;
  while (Date.now() < until && !exited) {
    const entered = await waitFor(() => exited || lastEnter(client.reports), {
      timeoutMs: Math.max(1, until - Date.now()),
      signal,
    }).catch(() => undefined);
    const step = lastEnter(client.reports);
    if (entered === undefined || step === undefined) return undefined;
    const left = Math.max(1, until - Date.now());
    const o = await observe(client, step, waitsOnFuse, { stableMs: 300, timeoutMs: left, signal });
    if (o.kind.startsWith('blocked')) return { ...o, step };
    if (o.kind !== 'returned') return undefined;
  }
  return undefined;
}

/** Kills the client and waits until it is reaped (a client the upper never answers stays). */
export async function reap(client: ClientHandle): Promise<boolean> {
  client.kill('SIGKILL');
  const timer = new Promise<false>((r) => setTimeout(r, REAP_MS * scale(), false).unref());
  return Promise.race([client.done.then(() => true), timer]);
}

/**
 * Waits until the client blocks and the rule is hit while it still sits in
 * that step (a step that blocked for another reason and then returned is not
 * the stall's doing: the wait goes on).
 */
async function heldOnStall(
  env: CheckEnv,
  client: ClientHandle,
  rule: number,
): Promise<{ blocked?: Observed & { step: string }; hit: boolean }> {
  let until = 0;
  for (;;) {
    const left = until ? Math.max(1, until - Date.now()) : BLOCK_MS * scale();
    const blocked = await waitBlocked(client, env.signal, left);
    until ||= Date.now() + left;
    const hit = await waitForHit(env, rule, blocked ? 3_000 : 1);
    if (!blocked) return { hit };
    if (lastEnter(client.reports) === blocked.step || Date.now() >= until) return { blocked, hit };
  }
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

/** A client's state now, as evidence (null when gone). */
export async function clientNow(client: ClientHandle) {
  const p = await readProcess(client.pid);
  return p?.tasks.map(taskEvidence) ?? null;
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
