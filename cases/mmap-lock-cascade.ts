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
import { writeFile } from 'node:fs/promises';
import {
  connectionEvidence,
  defineCase,
  describeRequest,
  describeStep,
  pythonMissing,
  settleStep,
  startMmapClient,
  startServer,
  stepsOf,
  stopServer,
  tracedRequests,
  waitAllExited,
  waitsOn,
  type CaseContext,
  type MmapClient,
  type Step,
  type StepSeen,
} from '../harness/case-api.js';
import { variantVerdict } from './lib/cascade-verdict.js';
import { endsOf, perVmaLock, snapshot, tryKill } from './lib/mmap-probe.js';

const FILE = '/mapped';
const LENGTH = 16 * 4096;
type Variant = 'fault' | 'remote';
const blocked = (s?: StepSeen) => !!s?.kind.startsWith('blocked');
// How each holder takes mmap_lock (or the VMA's lock) and waits on the READ.
const HOLDER = {
  fault: ['a thread of the target touches the mapping', 'filemap_fault waits for the READ'],
  remote: ['another process reads /proc/PID/mem there', 'mmap_lock held for read across the READ'],
} as const;

async function once(ctx: CaseContext, step: Step, variant: Variant) {
  const srv = await step(
    `start the server, write ${FILE} through it, then stall its READs`,
    { say: 'the first touch of the mapping must READ', result: (s) => `connection ${s.conn}` },
    async () => {
      const srv = await startServer(ctx);
      // written through (no writeback cache): no READ yet; mmap-hold's open drops
      // the cached pages (the server never sets FOPEN_KEEP_CACHE), so the first
      // touch of the mapping must READ
      await writeFile(`${srv.mountpoint}${FILE}`, randomBytes(LENGTH));
      await srv.ctl({ cmd: 'add', spec: `read@${FILE}:stall` });
      return srv;
    },
  );
  const clients: MmapClient[] = [];
  const start = (name: 'mmap-hold' | 'mmap-peek', args: string[]) => {
    const c = startMmapClient(name, args, { track: ctx });
    clients.push(c);
    return c;
  };
  const holdSteps = variant === 'fault' ? 'fault,mmap' : 'mmap';
  const hold = start('mmap-hold', ['--path', `${srv.mountpoint}${FILE}`, '--steps', holdSteps]);
  const peek = (file: string, ...extra: string[]) =>
    start('mmap-peek', ['--path', `/proc/${hold.pid}/${file}`, ...extra]);
  // a step that wakes or starts a client (C) and settles on what its WHAT did
  const settled = async (title: string, say: string, c: () => MmapClient, what: string) => {
    let client: MmapClient | undefined;
    const watch = () => (client ? [client.pid] : []);
    const seen = await step(title, { say, watch, server: srv, result: describeStep }, () =>
      settleStep((client = c()), what, { signal: ctx.signal }),
    );
    return { seen, client: client! };
  };
  const steps: Record<string, StepSeen> = {};
  const sigkill: Record<string, string> = {};
  let released = false;
  const release = async () => {
    released = true;
    await srv.ctl({ cmd: 'clear' });
    await srv.ctl({ cmd: 'release' });
  };
  try {
    const ready = await step(
      `the target maps ${FILE}`,
      { watch: [hold.pid], result: (r) => `mapped at ${r.result}` },
      () => hold.waitFor((r) => r.step === 'ready'),
    );
    const [title, say] = HOLDER[variant];
    const addr = ['--offset', String(ready.result), '--length', '1'];
    const holdBy =
      variant === 'fault' ? () => (hold.kill('SIGUSR1'), hold) : () => peek('mem', ...addr);
    const holdStep = variant === 'fault' ? 'fault' : 'read';
    const holder = await settled(title, say, holdBy, holdStep);
    steps.holder = holder.seen;
    const before = 'readers share the lock: with no writer queued, this read passes';
    steps.cmdlineBeforeWriter = (
      await settled('read /proc/PID/cmdline', before, () => peek('cmdline'), 'read')
    ).seen;
    const writer = 'mmap_write_lock queues behind the holder';
    const wake = () => (hold.kill('SIGUSR1'), hold);
    steps.writer = (await settled('a thread of the target calls mmap', writer, wake, 'mmap')).seen;
    const queued = 'a reader now queues behind the writer: the cascade';
    const cmdline = await settled(
      'read /proc/PID/cmdline again',
      queued,
      () => peek('cmdline'),
      'read',
    );
    steps.cmdline = cmdline.seen;
    const holderReturned = holder.client.reports().some((r) => r.step === holdStep && !r.enter);
    const { verdict: outcome, missing } = variantVerdict({
      ...steps,
      holderStillBlocked: !holderReturned,
    });
    const look = await step(
      'look at every task, the connection and the READ held',
      { watch: clients.map((c) => c.pid), result: () => [outcome, ...missing].join(', ') },
      async () => ({
        during: await snapshot(clients.map((c) => c.pid)),
        connection: await connectionEvidence(srv.conn),
        readsHeld: tracedRequests(srv.events(), ['read']).map(describeRequest),
      }),
    );
    const waits = Object.fromEntries(Object.entries(steps).map(([k, v]) => [k, waitsOn(v)]));
    const kill = (name: string, c: MmapClient) =>
      step(`SIGKILL the ${name} alone`, { watch: [c.pid], result: (r) => r }, () =>
        tryKill(c, ctx.signal),
      );
    // the remote holder is a process of its own; the fault holder is the target itself
    if (variant === 'remote' && blocked(steps.holder))
      sigkill.holder = await kill('holder', holder.client);
    if (blocked(steps.cmdline)) sigkill.cmdline = await kill('cmdline reader', cmdline.client);
    // release: answer the held READ and stall no more; every task must finish
    const freed = await step(
      'the server answers the READ and stalls no more',
      {
        say: 'every task must finish',
        result: (f) => `${f.ok ? 'all gone' : 'left'} in ${f.ms} ms`,
      },
      async () => {
        await release();
        return waitAllExited(
          clients.map((c) => c.pid),
          10_000,
          ctx.signal,
        );
      },
    );
    return {
      variant,
      outcome,
      missing,
      said: Object.entries(steps).map(([k, s]) => `${k} ${describeStep(s)}`),
      target: { pid: hold.pid, addr: ready.result },
      holderPid: holder.client.pid,
      writerBlocked: blocked(steps.writer),
      waits,
      steps,
      ...look,
      sigkill,
      release: { freed: freed.ok, ms: freed.ms, left: freed.left, ends: await endsOf(clients) },
    };
  } finally {
    if (!released) await release().catch(() => undefined);
    await step('stop the server', {}, () => stopServer(srv));
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
    const step = stepsOf(ctx);
    const fault = await once(ctx, step, 'fault');
    const remote = await once(ctx, step, 'remote');
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
