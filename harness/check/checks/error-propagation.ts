// error-propagation: an errno from the backing store, per operation, and
// what the client on the filesystem under test got back. For each op a file
// is made through the upper mount (its name in the backing store found by
// lower-path.ts), a rule `OP@LOWERPATH:errno=E` is added, and a scripted
// client runs open / read|write|fsync / close on the upper file. The verdict
// per op comes from the client's syscall results (errno-outcome.ts) and is
// inconclusive unless the backing store's trace shows the rule was hit.
import { execa } from 'execa';
import { join } from 'node:path';
import type { ClientExit, ClientName } from '../../clients/index.js';
import { defineCheck } from '../define.js';
import { opOutcome, worstOf, type OpObservation } from '../errno-outcome.js';
import { listFiles, lowerPathOf } from '../lower-path.js';
import { daemonState, upperClient, waitForHit, withFault } from '../probe.js';
import { INCONCLUSIVE, type CheckEnv, type CheckResult } from '../types.js';
import { waitFor } from '../../wait.js';

/** One operation to fail, and how a client reaches it. */
interface OpPlan {
  op: string;
  /** fault ops on the backing store ('create+mknod': the kernel makes a file either way) */
  ops: string;
  injected: string;
  step: string;
  client: ClientName;
  args: string[];
  /** the file is made, its lower name learnt, then removed: the client creates it */
  create?: boolean;
  refusedBy?: string;
}

const READ = ['--size', '4096'];
/** The operations, in run order. */
export const PLAN: readonly OpPlan[] = [
  { op: 'open', ops: 'open', injected: 'EIO', step: 'open', client: 'read-close', args: READ },
  { op: 'read', ops: 'read', injected: 'EIO', step: 'read', client: 'read-close', args: READ },
  {
    op: 'read-direct',
    ops: 'read',
    injected: 'EIO',
    step: 'read',
    client: 'read-close',
    args: [...READ, '--direct'],
    refusedBy: 'EINVAL',
  },
  {
    op: 'write:EIO',
    ops: 'write',
    injected: 'EIO',
    step: 'write',
    client: 'write-close',
    args: [],
  },
  {
    op: 'write:ENOSPC',
    ops: 'write',
    injected: 'ENOSPC',
    step: 'write',
    client: 'write-close',
    args: [],
  },
  {
    op: 'fsync',
    ops: 'fsync',
    injected: 'EIO',
    step: 'fsync',
    client: 'write-close',
    args: ['--fsync'],
  },
  { op: 'flush', ops: 'flush', injected: 'EIO', step: 'close', client: 'write-close', args: [] },
  {
    op: 'create',
    ops: 'create+mknod',
    injected: 'EIO',
    step: 'open',
    client: 'write-close',
    args: [],
    create: true,
  },
];

/** The check's verdict from every op's observation. */
export function outcomeOf(ops: readonly OpObservation[]): CheckResult {
  const per = ops.map((o) => ({ op: o.op, ...opOutcome(o) }));
  const outcome = worstOf(per.map((p) => p.outcome));
  const summary = per.length
    ? per.map((p) => `${p.op} ${p.outcome}${p.as ? ` (as ${p.as})` : ''}`).join(', ')
    : 'no operation was measured';
  return {
    outcome,
    summary,
    evidence: { ops: Object.fromEntries(per.map((p) => [p.op, p.outcome])), why: per },
  };
}

const CLIENT_MS = 20_000;

// Runs the client to its end, or kills it after CLIENT_MS (its reports so far count).
async function runToEnd(env: CheckEnv, plan: OpPlan, path: string): Promise<ClientExit> {
  const c = upperClient(env, plan.client, [...plan.args, '--path', path]);
  const timer = setTimeout(() => c.kill('SIGKILL'), CLIENT_MS);
  try {
    return await c.done;
  } finally {
    clearTimeout(timer);
  }
}

// The file for plan made through the upper mount; its backing-store path.
async function prepare(env: CheckEnv, plan: OpPlan, path: string): Promise<string | undefined> {
  const lower = env.lower.mountpoint;
  const make = () =>
    upperClient(env, 'write-close', ['--path', path, '--size', '8192', '--fsync']).done;
  const lp = await lowerPathOf(lower, make);
  if (lp === undefined || !plan.create) return lp;
  await execa('rm', ['-f', path], { reject: false, timeout: CLIENT_MS });
  const gone = await waitFor(() => !listFiles(lower).has(lp), { timeoutMs: 5_000 }).catch(
    () => false,
  );
  return gone ? lp : undefined;
}

async function measure(
  env: CheckEnv,
  plan: OpPlan,
): Promise<{ o: OpObservation; evidence: object }> {
  const name = `ep-${plan.op.replace(/[^a-z]/gi, '-').toLowerCase()}`;
  const path = join(env.upper.mountpoint, name);
  const base = { op: plan.op, injected: plan.injected, step: plan.step, refusedBy: plan.refusedBy };
  const lp = await prepare(env, plan, path);
  if (lp === undefined) {
    env.log(`${plan.op}: no single file of the backing store for ${name}`);
    return {
      o: { ...base, hits: 0, reports: undefined },
      evidence: { op: plan.op, lowerPath: null },
    };
  }
  const spec = `${plan.ops}@${lp}:errno=${plan.injected}`;
  const probe = await withFault(env, spec, async (rule) => {
    const exit = await runToEnd(env, plan, path);
    // a FLUSH or a write-back may reach the backing store after close() returned
    await waitForHit(env, rule);
    return exit;
  });
  const reports = probe.value.reports;
  const o: OpObservation = { ...base, hits: probe.hits.length, reports };
  const client = {
    exitCode: probe.value.exitCode,
    signal: probe.value.signal,
    reports: reports.filter((r) => !r.enter),
  };
  return {
    o,
    evidence: {
      op: plan.op,
      spec,
      lowerPath: lp,
      client,
      trace: probe.trace,
      daemon: await daemonState(env),
    },
  };
}

export default defineCheck({
  id: 'error-propagation',
  title: 'an errno from the backing store per operation: does the client get it?',
  outcomes: ['propagated', 'early', 'deferred', 'changed', 'lost', INCONCLUSIVE],
  timeoutMs: 120_000,
  async run(env) {
    const seen: OpObservation[] = [];
    const evidence: object[] = [];
    for (const plan of PLAN) {
      env.signal.throwIfAborted();
      const m = await measure(env, plan);
      env.log(`${plan.op}: ${opOutcome(m.o).outcome}`);
      seen.push(m.o);
      evidence.push(m.evidence);
    }
    const r = outcomeOf(seen);
    return { ...r, evidence: { ...r.evidence, runs: evidence } };
  },
});
