// Scenario 4: a page fault whose I/O never finishes, an mmap_lock writer queued
// behind it, and every later reader of the lock (top and ps reading
// /proc/PID/cmdline: proc_pid_cmdline_read -> access_remote_vm ->
// mmap_read_lock_killable) queued behind the writer. The stalled I/O is a FUSE
// READ the server holds (read:stall). Two holders are measured:
// - fault: a thread of the target touches its mapping. Since 6.4 the fault runs
//   under the VMA's lock, and filemap_fault may drop it (and mmap_lock) to wait
//   for the page (maybe_unlock_mmap_for_io, __folio_lock_or_retry), so whether
//   a writer still queues is measured, not assumed.
// - remote: another process reads /proc/PID/mem at the mapping. mem_rw ->
//   __access_remote_vm holds mmap_lock for read across get_user_pages_remote,
//   which passes no `locked` to faultin_page: no FAULT_FLAG_ALLOW_RETRY (the
//   lock is kept while the page is waited for) and no FAULT_FLAG_KILLABLE.
// In each, /proc/PID/cmdline is read before and after a thread of the target
// queues an mmap/munmap; then SIGKILL is tried, the stall released, and every
// task must exit.
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import {
  describeStep,
  settleStep,
  stepTask,
  waitsOn,
  type StepSeen,
} from '../harness/clients/mmap-settle.js';
import { pythonMissing, startMmapClient, type MmapClient } from '../harness/clients/mmap-spawn.js';
import { assertSignalPendingUndelivered } from '../harness/assert.js';
import { readProcess } from '../harness/proc/task.js';
import { startServer } from '../harness/process/server.js';
import { defineCase, type CaseContext } from '../harness/runner/types.js';
import { connectionEvidence, describeRequest, tracedRequests } from '../harness/evidence.js';
import { variantVerdict } from './lib/cascade-verdict.js';
import { stopServer, waitAllExited } from '../harness/process/free.js';
import { within } from '../harness/within.js';

const FILE = '/mapped';
const LENGTH = 16 * 4096;
type Variant = 'fault' | 'remote';
const blocked = (s?: StepSeen) => !!s?.kind.startsWith('blocked');

/** Every thread of PIDS now, for the evidence. */
function snapshot(pids: number[]) {
  return Promise.all(
    pids.map(async (pid) => {
      const p = await readProcess(pid);
      return { pid, gone: !p, tasks: p?.tasks.map(stepTask) ?? [] };
    }),
  );
}

/** CONFIG_PER_VMA_LOCK from /proc/config.gz: 'y', 'n', or 'unknown' (no IKCONFIG). */
async function perVmaLock(): Promise<string> {
  try {
    const config = gunzipSync(await readFile('/proc/config.gz')).toString();
    return /^CONFIG_PER_VMA_LOCK=y$/m.test(config) ? 'y' : 'n';
  } catch {
    return 'unknown';
  }
}

/** SIGKILL to C alone while the stall holds: did it exit, or is the kill pending? */
async function tryKill(c: MmapClient, signal: AbortSignal): Promise<string> {
  c.kill('SIGKILL');
  const gone = await waitAllExited([c.pid], 2000, signal);
  if (gone.ok) return `exited in ${gone.ms} ms`;
  const pending = await assertSignalPendingUndelivered(c.pid, 'any', 'SIGKILL');
  return `still there after ${gone.ms} ms: ${pending.message}`;
}

async function once(ctx: CaseContext, variant: Variant) {
  const srv = await startServer(ctx);
  const path = `${srv.mountpoint}${FILE}`;
  // written through (no writeback cache): no READ yet; mmap-hold's open drops
  // the cached pages (the server never sets FOPEN_KEEP_CACHE), so the first
  // touch of the mapping must READ
  await writeFile(path, randomBytes(LENGTH));
  await srv.ctl({ cmd: 'add', spec: `read@${FILE}:stall` });
  const clients: MmapClient[] = [];
  const start = (name: 'mmap-hold' | 'mmap-peek', args: string[]) => {
    const c = startMmapClient(name, args, { track: ctx });
    clients.push(c);
    return c;
  };
  const hold = start('mmap-hold', [
    '--path',
    path,
    '--steps',
    variant === 'fault' ? 'fault,mmap' : 'mmap',
  ]);
  const peek = (file: string, ...extra: string[]) =>
    start('mmap-peek', ['--path', `/proc/${hold.pid}/${file}`, ...extra]);
  const settle = (c: MmapClient, step: string) => settleStep(c, step, { signal: ctx.signal });
  const steps: Record<string, StepSeen> = {};
  const sigkill: Record<string, string> = {};
  let released = false;
  const release = async () => {
    released = true;
    await srv.ctl({ cmd: 'clear' });
    await srv.ctl({ cmd: 'release' });
  };
  try {
    const ready = await hold.waitFor((r) => r.step === 'ready');
    let holder: [MmapClient, string] = [hold, 'fault'];
    if (variant === 'fault') hold.kill('SIGUSR1');
    else holder = [peek('mem', '--offset', String(ready.result), '--length', '1'), 'read'];
    steps.holder = await settle(...holder);
    // readers share the lock: with no writer queued this read should pass
    steps.cmdlineBeforeWriter = await settle(peek('cmdline'), 'read');
    hold.kill('SIGUSR1');
    steps.writer = await settle(hold, 'mmap');
    const cmdline = peek('cmdline');
    steps.cmdline = await settle(cmdline, 'read');
    const holderReturned = holder[0].reports().some((r) => r.step === holder[1] && !r.enter);
    const during = await snapshot(clients.map((c) => c.pid));
    const connection = await connectionEvidence(srv.conn);
    const readsHeld = tracedRequests(srv.events(), ['read']).map(describeRequest);
    const { verdict: outcome, missing } = variantVerdict({
      ...steps,
      holderStillBlocked: !holderReturned,
    });
    const waits = Object.fromEntries(Object.entries(steps).map(([k, v]) => [k, waitsOn(v)]));
    // the remote holder is a process of its own; the fault holder is the target itself
    if (variant === 'remote' && blocked(steps.holder))
      sigkill.holder = await tryKill(holder[0], ctx.signal);
    if (blocked(steps.cmdline)) sigkill.cmdline = await tryKill(cmdline, ctx.signal);

    // release: answer the held READ and stall no more; every task must finish
    await release();
    const freed = await waitAllExited(
      clients.map((c) => c.pid),
      10_000,
      ctx.signal,
    );
    const ends = await Promise.all(
      clients.map(async (c) => {
        const end = await within(c.done, 2000);
        const calls = c
          .reports()
          .filter((r) => !r.enter && r.step !== 'wait' && r.step !== 'ready');
        return {
          pid: c.pid,
          name: c.name,
          exit: end ? (end.signal ?? end.exitCode ?? null) : 'running',
          calls: calls.map((r) => `${r.step} ${r.errno ?? r.result}`),
        };
      }),
    );
    return {
      variant,
      outcome,
      missing,
      said: Object.entries(steps).map(([k, s]) => `${k} ${describeStep(s)}`),
      target: { pid: hold.pid, addr: ready.result },
      holderPid: holder[0].pid,
      writerBlocked: blocked(steps.writer),
      waits,
      steps,
      during,
      connection,
      readsHeld,
      sigkill,
      release: { freed: freed.ok, ms: freed.ms, left: freed.left, ends },
    };
  } finally {
    if (!released) await release().catch(() => undefined);
    await stopServer(srv);
  }
}

const OUTCOMES = [
  'cascade',
  'remote-only-cascade',
  'fault-only-cascade',
  'no-cascade',
  'undecided',
  'not-applicable',
] as const;

/** The outcome from the two variants' verdicts: both must be decided. */
export function outcomeOf(fault: string, remote: string): (typeof OUTCOMES)[number] {
  const both = [fault, remote];
  if (!both.every((v) => v === 'cascade' || v === 'no-cascade')) return 'undecided';
  if (fault === remote) return fault === 'cascade' ? 'cascade' : 'no-cascade';
  return remote === 'cascade' ? 'remote-only-cascade' : 'fault-only-cascade';
}

const def = defineCase({
  title:
    'mmap_lock cascade: a stalled FUSE page fault, an mmap writer, and a /proc/PID/cmdline reader',
  requires: { root: true, fuse: true },
  timeoutMs: 90_000,
  outcomes: OUTCOMES,
  // /proc/PID/cmdline readers queued behind a writer behind a stalled fault,
  // by either holder, is the cascade; not-applicable: no python3 here (skip)
  regress: {
    affected: ['cascade', 'remote-only-cascade', 'fault-only-cascade'],
    fixed: ['no-cascade'],
  },
  async run(ctx) {
    // python3 may be missing in a VM guest
    const missing = await pythonMissing();
    if (missing) return { outcome: 'not-applicable', summary: missing, evidence: { missing } };
    const fault = await once(ctx, 'fault');
    const remote = await once(ctx, 'remote');
    const outcome = outcomeOf(fault.outcome, remote.outcome);
    const freed = fault.release.freed && remote.release.freed;
    const killed = (v: typeof fault) =>
      Object.entries(v.sigkill).map(([k, r]) => `SIGKILL to ${k}: ${r.split(':')[0]}`);
    const ms = Math.max(fault.release.ms, remote.release.ms);
    const summary = [fault, remote]
      .map((v) => {
        const why = v.missing.length ? `: ${v.missing.join(', ')}` : '';
        return `${v.variant}: ${v.outcome}${why} (${[...v.said, ...killed(v)].join(', ')})`;
      })
      .concat(freed ? `release freed every task within ${ms} ms` : 'release left tasks behind')
      .join('; ');
    return {
      outcome,
      summary,
      evidence: {
        variants: { fault, remote },
        releaseFreedAll: freed,
        // page faults under the VMA's lock instead of mmap_lock (6.4+)
        perVmaLock: await perVmaLock(),
      },
    };
  },
});
export default def;
