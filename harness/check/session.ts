// The check session, run as a case (harness/runner): in a case child of its
// own session, with a deadline, recovery and the watchdog behind it. It
// mounts the backing store, then the filesystem under test on top, runs the
// chosen checks one after another, and takes both away again whatever
// happened. Its options come in FUSEFAULT_CHECK (JSON, SessionOptions).
import { startServer, type ServerHandle } from '../process/server.js';
import { defineCase, type CaseContext, type CaseOutcome } from '../runner/types.js';
import { waitForExit } from '../wait.js';
import { selectChecks } from './registry.js';
import { INCONCLUSIVE, type CheckDef, type CheckEnv, type CheckRecord } from './types.js';
import { MountFailed, mountUpper, type UpperMount } from './upper.js';
import { unmountUpper } from './upper-teardown.js';

/** The environment variable that carries SessionOptions to the case child. */
export const SESSION_ENV = 'FUSEFAULT_CHECK';

/** What `fusefault check` asked for. */
export interface SessionOptions {
  fs: string;
  unmount?: string;
  /** check ids; empty: all */
  only: string[];
}

/** The session's outcome words: the checks ran, or the filesystem did not mount. */
export const SESSION_OUTCOMES = ['checked', 'not-mounted'] as const;

const scale = () => Number(process.env.FUSEFAULT_TIMEOUT_SCALE) || 1;

function options(): SessionOptions {
  const raw = process.env[SESSION_ENV];
  if (!raw) throw new Error(`${SESSION_ENV} is not set`);
  return JSON.parse(raw) as SessionOptions;
}

// One check with its own deadline; a throw or a timeout is inconclusive, with why.
async function runOne(def: CheckDef, env: CheckEnv): Promise<CheckRecord> {
  const started = Date.now();
  const ms = def.timeoutMs * scale();
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(new Error(`no verdict after ${ms} ms`)), ms);
  const signal = AbortSignal.any([env.ctx.signal, deadline.signal]);
  const stopped = new Promise<never>((_, reject) =>
    signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true }),
  );
  try {
    const r = await Promise.race([def.run({ ...env, signal }), stopped]);
    return { id: def.id, ...r, evidence: { ...r.evidence, durationMs: Date.now() - started } };
  } catch (e) {
    const msg = (e as Error)?.message ?? String(e);
    return {
      id: def.id,
      outcome: INCONCLUSIVE,
      summary: `the check failed: ${msg.split('\n')[0]}`,
      evidence: { error: (e as Error)?.stack ?? msg, durationMs: Date.now() - started },
    };
  } finally {
    clearTimeout(timer);
  }
}

// Ends the backing store as serve ends on SIGTERM: held requests answered, unmounted.
async function stopLower(lower: ServerHandle): Promise<void> {
  await lower.ctl({ cmd: 'clear' }).catch(() => undefined);
  await lower.ctl({ cmd: 'resume' }).catch(() => undefined);
  lower.signalGroup('SIGTERM');
  await waitForExit(lower.pid, { timeoutMs: 5_000 * scale() }).catch(() => {
    lower.signalGroup('SIGKILL');
  });
}

function upperFacts(u: UpperMount) {
  return {
    command: u.command,
    mountpoint: u.mountpoint,
    fstype: u.fstype,
    conn: u.conn,
    daemonPids: u.daemonPids,
    output: u.output.flatMap((o) => o.lines).slice(-20),
  };
}

/** Runs the session in ctx; exported for tests that drive it in-process. */
export async function runSession(
  ctx: CaseContext,
  opts: SessionOptions,
): Promise<CaseOutcome<(typeof SESSION_OUTCOMES)[number]>> {
  const started = Date.now();
  const lower = await startServer(ctx, {});
  const exclude = [lower.pid];
  let upper: UpperMount;
  try {
    upper = await mountUpper(ctx, { fs: opts.fs, lower: lower.mountpoint, exclude });
  } catch (e) {
    await stopLower(lower);
    if (!(e instanceof MountFailed)) throw e;
    return { outcome: 'not-mounted', summary: e.message, evidence: {} };
  }
  ctx.log(
    `mounted ${upper.fstype} on ${upper.mountpoint} (conn ${upper.conn}, daemon ${upper.daemonPids.join(' ') || 'unknown'})`,
  );
  const records: CheckRecord[] = [];
  let teardown: string[] = [];
  try {
    for (const def of selectChecks(opts.only)) {
      ctx.signal.throwIfAborted();
      const env: CheckEnv = {
        ctx,
        lower,
        upper,
        signal: ctx.signal,
        log: (m) => ctx.log(`${def.id}: ${m}`),
      };
      const r = await runOne(def, env);
      ctx.log(`${r.id}: ${r.outcome}`);
      records.push(r);
      // a check that left requests held must not leave them for the next one
      await lower.ctl({ cmd: 'clear' }).catch(() => undefined);
    }
  } finally {
    await lower.ctl({ cmd: 'clear' }).catch(() => undefined);
    await lower.ctl({ cmd: 'resume' }).catch(() => undefined);
    teardown = await unmountUpper(upper, { unmount: opts.unmount, lowerPids: exclude });
    await stopLower(lower);
  }
  const undecided = records.filter((r) => r.outcome === INCONCLUSIVE).length;
  return {
    outcome: 'checked',
    summary: `${records.length} checks, ${undecided} inconclusive`,
    evidence: { records, upper: upperFacts(upper), teardown, wallMs: Date.now() - started },
  };
}

const def = defineCase({
  title: 'fusefault check: a FUSE filesystem over a fusefault backing store',
  requires: { root: true, fuse: true },
  // the CLI replaces this with the chosen checks' deadlines plus mounting
  timeoutMs: 300_000,
  outcomes: SESSION_OUTCOMES,
  regress: { affected: [], fixed: SESSION_OUTCOMES },
  run: (ctx) => runSession(ctx, options()),
});
export default def;
