// Scenario 3 (Firecracker / e2b): tasks stuck in handle_userfault because the
// process serving the userfaultfd went away while the uffd stayed open
// elsewhere, one file reference "short" of the release that would have woken
// them. uffd-fault registers an anonymous region in MISSING mode, forks a
// server that inherits the uffd, and takes one fault per kind: from user mode,
// from copy_to_user (read(2) of a pipe into the page) and from get_user_pages
// (process_vm_readv(2)). handle_userfault sleeps interruptibly, killable or
// uninterruptibly after the fault's flags (userfaultfd_get_blocking_state), so
// each kind's state is measured. Four variants:
// - served: the server answers (UFFDIO_COPY): the control.
// - referenced: the faulting process keeps its own uffd; the server is
//   SIGKILLed. Its fd goes but the file stays open in the faulting process,
//   so the last fput, which would run userfaultfd_release, never comes and
//   nobody wakes fault_pending_wqh. Then SIGKILL to the faulting process:
//   a fatal signal ends the wait, S or killable D alike.
// - adopted: as referenced, then a new server takes the uffd from the faulting
//   process (pidfd_getfd) and answers what is still queued.
// - handed-over: the faulting process closed its copy; the server's was the
//   last, so its death runs userfaultfd_release, which unregisters the range
//   and wakes every waiter: the retried fault finds a plain anonymous vma.
import {
  defineCase,
  pythonMissing,
  sendSignal,
  stepsOf,
  within,
  type CaseContext,
  type ClientHandle,
  type Step,
} from '../harness/case-api.js';
import {
  adopt,
  describeFault,
  killAndWait,
  isBlocked,
  readUffdFdinfo,
  watchFaults,
  type FaultSeen,
  type Freed,
} from './lib/uffd-faults.js';
import { startFaulting, UffdUnavailable } from './lib/uffd-start.js';
import { describeRun } from './lib/uffd-summary.js';

const KINDS = ['user', 'copy', 'gup'] as const;
// how long a fault must sleep in handle_userfault, unchanged, to count as stuck
const HOLD_MS = 1500;
export type Variant = 'served' | 'referenced' | 'adopted' | 'handed-over';
const ARGS: Record<Variant, string[]> = {
  served: ['--serve'],
  referenced: [],
  adopted: [],
  'handed-over': ['--handover'],
};
// what the server's death should do, per variant, as a person watching hears it
const DEATH: Record<Variant, string> = {
  served: '',
  referenced: 'the faulting process keeps its uffd: no last fput, nobody wakes the faults',
  adopted: 'the faulting process keeps its uffd: no last fput, nobody wakes the faults',
  'handed-over': "the server's uffd was the last: userfaultfd_release wakes every fault",
};
const monotonic = () => Number(process.hrtime.bigint()) / 1e9; // CLOCK_MONOTONIC, the reports' clock
const resolved = (fs: FaultSeen[]) => fs.every((f) => f.status === 'returned');
const stuck = (fs: FaultSeen[]) => fs.every(isBlocked);
const faultsLine = (fs: FaultSeen[]) => fs.map(describeFault).join(', ') || 'no fault seen';
const freedLine = (e: Freed) => `${e.freed ? `freed in ${e.ms} ms` : 'not freed'} (${e.how})`;

async function once(ctx: CaseContext, step: Step, variant: Variant) {
  let c: ClientHandle | undefined;
  let gone = false;
  try {
    const flags = ARGS[variant].length ? ` (${ARGS[variant].join(' ')})` : '';
    const started = await step(
      `start a process that registers a region with a userfaultfd and forks its server${flags}`,
      { say: 'the server inherits the uffd', result: (s) => `server ${s.serverPid}` },
      () => startFaulting(ctx, ['--faults', KINDS.join(','), ...ARGS[variant]]),
    );
    c = started.c;
    void c.done.then(() => (gone = true));
    const { serverPid, uffd, serverFd } = started;
    // the server is in the client's process group, which tracking the client
    // covers; a served one may already be reaped here, so only the others
    if (variant !== 'served') ctx.trackPid(serverPid);
    const faulting = c;
    const watch = (stableMs: number) =>
      watchFaults(faulting, KINDS, { stableMs, signal: ctx.signal });
    const told = { watch: [c.pid], result: faultsLine };
    const before = await step(
      'it faults once per kind: from user mode, copy_to_user, get_user_pages',
      {
        say: variant === 'served' ? 'the server answers with UFFDIO_COPY' : 'nobody answers yet',
        ...told,
      },
      () => watch(variant === 'served' ? 1000 : 500),
    );
    const fdinfoBefore = await readUffdFdinfo(serverPid, serverFd);
    let after: FaultSeen[] = [];
    let fdinfoAfter = null;
    let serverKilledAt: number | undefined;
    if (variant !== 'served' && stuck(before))
      after = await step('SIGKILL the server', { say: DEATH[variant], ...told }, async () => {
        serverKilledAt = monotonic();
        sendSignal(ctx, serverPid, 'SIGKILL');
        await faulting.waitFor((r) => r.step === 'server-exit');
        const after = await watch(HOLD_MS);
        if (typeof uffd === 'number') fdinfoAfter = await readUffdFdinfo(faulting.pid, uffd);
        return after;
      });
    const still = after.some(isBlocked);
    const stuckForMs = still ? Math.round((monotonic() - serverKilledAt!) * 1000) : 0;
    // how the stuck faults were ended, in order: SIGKILL after an adoption that failed
    const ended: Freed[] = [];
    const ending = { watch: [c.pid], result: freedLine };
    if (still && variant === 'adopted' && typeof uffd === 'number') {
      const say = 'it reads the queued faults and answers each';
      ended.push(
        await step('a new server takes the uffd (pidfd_getfd)', { say, ...ending }, () =>
          adopt(ctx, faulting, uffd, KINDS.length),
        ),
      );
    }
    if (still && !ended.some((e) => e.freed)) {
      const say = 'a fatal signal ends the wait, S or killable D alike';
      ended.push(
        await step('SIGKILL the faulting process', { say, ...ending }, () =>
          killAndWait(faulting, ctx.signal),
        ),
      );
    }
    const { end, final } = await step(
      'look at the faults at the end',
      { result: (r) => faultsLine(r.final) },
      async () => ({ end: await within(faulting.done, 3000), final: await watch(0) }),
    );
    return {
      variant,
      pid: c.pid,
      serverPid,
      verdict: verdictOf(variant, before, after),
      before,
      fdinfoBefore,
      after,
      fdinfoAfter,
      // how long after the server's SIGKILL each fault returned (s), when it did
      resolvedAfterS: Object.fromEntries(
        final
          .filter((f) => serverKilledAt !== undefined && f.ts !== undefined)
          .map((f) => [f.kind, Number((f.ts! - serverKilledAt!).toFixed(3))]),
      ),
      stuckForMs,
      // faults whose thread ran at all between the two looks (a wake, even one
      // that slept again): none means nobody walked the wait queues
      ranWhileStuck: after
        .filter((f) => isBlocked(f))
        .filter((f) => f.switches !== before.find((b) => b.kind === f.kind)?.switches)
        .map((f) => f.kind),
      ended,
      final,
      exit: end ? (end.signal ?? end.exitCode ?? null) : 'running',
    };
  } finally {
    // a fault left asleep must not outlive the case
    if (c && !gone) c.kill('SIGKILL');
  }
}

/**
 * After the server's death: every fault still asleep, every fault answered, or
 * neither. Woken means each faulting call was seen to return: a client that
 * exited (killed by a signal, SIGBUS from a kernel that refuses the retry)
 * was not shown to be woken, and a look that settled on nothing shows nothing.
 */
export function verdictOf(variant: Variant, before: FaultSeen[], after: FaultSeen[]): string {
  // every kind must have been seen, or "every fault" says nothing
  const all = (fs: FaultSeen[]) => KINDS.every((k) => fs.some((f) => f.kind === k));
  if (variant === 'served') return all(before) && resolved(before) ? 'served' : 'undecided';
  if (!all(before) || !stuck(before)) return 'undecided'; // the faults never reached a waiting uffd
  if (!all(after)) return 'undecided';
  if (stuck(after)) return 'stuck';
  if (resolved(after)) return 'woken';
  return 'undecided';
}

/**
 * The outcome from each variant's verdict: the control must be served, adoption
 * must see what the plain run saw, and whatever stayed stuck must have been freed.
 */
export function outcomeOf(
  verdicts: Record<string, string>,
  freed: boolean,
): (typeof OUTCOMES)[number] {
  const { served, referenced, adopted, 'handed-over': handedOver } = verdicts;
  if (served !== 'served' || adopted !== referenced || !freed) return 'undecided';
  if (referenced === 'stuck')
    return handedOver === 'woken'
      ? 'stuck-while-referenced'
      : handedOver === 'stuck'
        ? 'stuck-always'
        : 'undecided';
  if (referenced === 'woken' && handedOver === 'woken') return 'never-stuck';
  return 'undecided';
}

const OUTCOMES = [
  'stuck-while-referenced',
  'stuck-always',
  'never-stuck',
  'undecided',
  'not-applicable',
] as const;

const def = defineCase({
  title: 'userfaultfd faults nobody serves: the server dies while the uffd is still referenced',
  requires: { root: true },
  timeoutMs: 60_000,
  outcomes: OUTCOMES,
  // faults left sleeping in handle_userfault after their server died are the
  // hang, even when only a still-open uffd keeps them (userfaultfd_release
  // waits for the last fput); not-applicable: no userfaultfd or python3 (skip)
  regress: { affected: ['stuck-while-referenced', 'stuck-always'], fixed: ['never-stuck'] },
  async run(ctx) {
    const missing = await pythonMissing();
    if (missing) return { outcome: 'not-applicable', summary: missing, evidence: { missing } };
    const step = stepsOf(ctx);
    const runs = [];
    for (const v of ['served', 'referenced', 'adopted', 'handed-over'] as const) {
      try {
        runs.push(await once(ctx, step, v));
      } catch (err) {
        if (!(err instanceof UffdUnavailable)) throw err;
        const outcome = err.absent ? 'not-applicable' : 'undecided';
        return { outcome, summary: err.message, evidence: { absent: err.absent, why: err.why } };
      }
    }
    const verdicts = Object.fromEntries(runs.map((r) => [r.variant, r.verdict]));
    // whatever stayed stuck was freed in the end (by adoption or SIGKILL)
    const freed = runs.every((r) => r.ended.length === 0 || r.ended.at(-1)!.freed);
    const outcome = outcomeOf(verdicts, freed);
    return {
      outcome,
      summary: runs.map(describeRun).join('; '),
      evidence: { verdicts, holdMs: HOLD_MS, runs },
    };
  },
});
export default def;
