// JuiceFS: `ls` on a mount whose daemon is stopped. A GETATTR is not forced,
// so request_wait_answer waits interruptibly, then killably; on a fatal
// signal a request still queued (unread) is withdrawn, while one the server
// already read is waited out uninterruptibly. Three ways to stop the server:
// `ctl stop` (stops reading: the GETATTR stays queued), a `getattr:stop`
// rule (the GETATTR is read, then reading stops), and a real SIGSTOP of the
// server's process group. A client stats the mount root (SIGINT caught, or
// left at its default action), gets SIGINT, then SIGKILL, then the server is
// resumed; the trace says whether the server had read the request.
import {
  defineCase,
  describeRequest,
  endedByOf,
  isBlocked,
  killableIn,
  lineOf,
  lookAt,
  monotonic,
  requestsSeen,
  startClient,
  startServer,
  stepsOf,
  stopServer,
  summaryOf,
  unendedRuns,
  waitForTaskState,
  within,
  type CaseContext,
  type ClientHandle,
  type Look,
  type ServerHandle,
  type SignalRun,
  type Step,
} from '../harness/case-api.js';
import { twoLookups } from './lib/two-lookups.js';

const FRAMES = ['request_wait_answer'];
type Variant = 'ctl-stop' | 'getattr-stop' | 'sigstop';

// How each variant stops the server, and what that leaves of a GETATTR.
const STOP: Record<Variant, [string, string]> = {
  'ctl-stop': ['the server stops reading /dev/fuse', 'the GETATTR will stay queued, unread'],
  'getattr-stop': ['add the rule getattr:stop', 'the server reads the GETATTR, then stops'],
  sigstop: ["SIGSTOP the server's process group", 'nothing reads /dev/fuse until SIGCONT'],
};

async function stop(srv: ServerHandle, v: Variant, signal: AbortSignal): Promise<void> {
  if (v === 'ctl-stop') await srv.ctl({ cmd: 'stop', reason: 'case: ctl stop' });
  else if (v === 'getattr-stop') await srv.ctl({ cmd: 'add', spec: 'getattr:stop' });
  else {
    srv.signalGroup('SIGSTOP');
    // a stop lands when a task next runs: until the main thread (whose event
    // loop reads /dev/fuse) is in T, the server could still read the client's
    // GETATTR and answer it
    await waitForTaskState(srv.pid, srv.pid, 'T', { timeoutMs: 10_000, signal });
  }
}

async function resume(srv: ServerHandle, v: Variant): Promise<void> {
  if (v === 'sigstop') srv.signalGroup('SIGCONT');
  else await srv.ctl({ cmd: 'resume' });
}

// A GETATTR is not forced: a fatal signal withdraws it while it is queued
// (request_wait_answer's killable wait), and waits it out once it was read.
const SIGNAL = {
  SIGINT: 'only a fatal signal ends the killable wait',
  SIGKILL: 'an unread GETATTR is withdrawn; a read one is waited out in D',
} as const;

async function once(ctx: CaseContext, step: Step, variant: Variant, sigint: 'caught' | 'default') {
  const srv = await step('start the server', { result: (s) => `connection ${s.conn}` }, () =>
    startServer(ctx, {}),
  );
  const stoppedAt = monotonic();
  const [title, say] = STOP[variant];
  await step(title, { say }, () => stop(srv, variant, ctx.signal));
  const stat = 'stat#0';
  const seen: Record<string, Look> = {};
  const last = () => Object.values(seen).at(-1)!;
  let ls!: ClientHandle;
  const told = { watch: () => [ls.pid], server: srv, result: (o: Look) => lineOf('ls', o) };
  seen.stat = await step(
    `ls stats the mount root (SIGINT ${sigint})`,
    { say: 'its GETATTR (STATX first) waits for an answer', ...told },
    () => {
      const args = ['--path', srv.mountpoint, '--count', '1'];
      if (sigint === 'caught') args.push('--catch-sigint');
      ls = startClient('stat-loop', args, { track: ctx });
      return lookAt(ls, stat, FRAMES, { stableMs: 300, signal: ctx.signal });
    },
  );
  // signals only while it stays blocked: after a return, an exit or an
  // observation that settled on nothing, a further step would prove nothing
  for (const sig of ['SIGINT', 'SIGKILL'] as const) {
    if (!isBlocked(last())) break;
    seen[sig] = await step(`send ${sig} to ls`, { say: SIGNAL[sig], ...told }, () => {
      ls.kill(sig);
      return lookAt(ls, stat, FRAMES, { signal: ctx.signal });
    });
  }
  const resumedAt = monotonic();
  const wasBlocked = isBlocked(last());
  const resuming = () => resume(srv, variant);
  if (wasBlocked)
    seen.resume = await step(
      'resume the server',
      { say: 'it answers what it reads', ...told },
      () => resuming().then(() => lookAt(ls, stat, FRAMES, { signal: ctx.signal })),
    );
  else await step('resume the server', {}, resuming);
  const endedBy = endedByOf(Object.entries(seen).map(([k, o]) => [k, o.kind]));
  await within(ls.done, 5000);
  // the client's requests after the stop (STATX first, GETATTR when it gets ENOSYS):
  // the last one is the one it waited on
  const reqs = await step(
    'look at what the server read of it',
    { result: (rs) => rs.map(describeRequest).join('; ') || 'nothing' },
    async () => (await requestsSeen(srv)).filter((r) => r.pid === ls.pid && r.ts >= stoppedAt),
  );
  const req = reqs.at(-1);
  const readWhen = !req ? 'never read' : req.ts < resumedAt ? READ : 'read after resume';
  const stopEvents = srv.events().filter((e) => e.ev === 'stop' || e.ev === 'resume');
  await step('stop the server', {}, () => stopServer(srv));
  return {
    variant,
    sigint,
    endedBy,
    said: Object.entries(seen).map(([k, o]) => `${k}: ${o.said}`),
    serverRead: readWhen,
    requests: reqs.map(describeRequest),
    waitedOn: seen.stat?.task?.stack ?? null,
    steps: seen,
    clientReports: ls.reports.filter((r) => !r.enter),
    stopEvents,
  };
}

const READ = 'read before the stop took effect';

/** One run as the outcome reads it. */
export interface StatRun extends SignalRun {
  /** 'never read' | 'read before the stop took effect' | 'read after resume' */
  serverRead: string;
}

/**
 * The outcome from every run: each stat must have blocked and then been ended
 * by a signal or by the resume, else nothing is concluded and `missing` says
 * which run lacked what. killable-only-while-unread needs both kinds of run:
 * every unread request withdrawn by a signal, every read one waited out.
 */
export function outcomeOf(runs: readonly StatRun[]): {
  outcome: (typeof OUTCOMES)[number];
  missing: string[];
} {
  const missing = unendedRuns(runs, 'the stat');
  if (runs.length === 0) missing.push('no run');
  if (missing.length) return { outcome: 'inconclusive', missing };
  const read = runs.filter((r) => r.serverRead === READ);
  const unread = runs.filter((r) => r.serverRead !== READ);
  if (read.length && unread.length && killableIn(unread) === 'all' && killableIn(read) === 'none')
    return { outcome: 'killable-only-while-unread', missing };
  const word = { all: 'always-killable', none: 'never-killable', some: 'mixed' } as const;
  return { outcome: word[killableIn(runs)], missing };
}

const OUTCOMES = [
  'killable-only-while-unread',
  'always-killable',
  'never-killable',
  'mixed',
  'inconclusive',
] as const;

const def = defineCase({
  title: 'stat on a stopped FUSE server: what SIGINT, SIGKILL and resuming do',
  requires: { root: true, fuse: true },
  timeoutMs: 300_000,
  outcomes: OUTCOMES,
  // as juicefs-close-interrupt: affected when any stat on the stopped server
  // outlived SIGKILL (a GETATTR already read is waited out uninterruptibly),
  // fixed only when a fatal signal always ends it
  regress: {
    affected: ['killable-only-while-unread', 'never-killable', 'mixed'],
    fixed: ['always-killable'],
  },
  async run(ctx) {
    const step = stepsOf(ctx);
    const runs: Awaited<ReturnType<typeof once>>[] = [];
    for (const variant of ['ctl-stop', 'getattr-stop', 'sigstop'] as const)
      for (const sigint of ['caught', 'default'] as const)
        runs.push(await once(ctx, step, variant, sigint));
    const { outcome, missing } = outcomeOf(runs);
    const summary = runs
      .map((r) => `${r.variant}/${r.sigint} (${r.serverRead}): ended by ${r.endedBy}`)
      .join('; ');
    // a second client in the same directory waits on a lock, not a request
    const lookups = await twoLookups(ctx, step);
    const said = (lookups.said as string[]).slice(1).join(', ');
    return {
      outcome,
      summary: summaryOf(missing, `${summary}; two lookups: ${said}`),
      evidence: { runs, lookups, missing },
    };
  },
});
export default def;
