// JuiceFS: `ls` on a mount whose daemon is stopped. A GETATTR is not forced,
// so request_wait_answer waits interruptibly, then killably; on a fatal
// signal a request still queued (unread) is withdrawn, while one the server
// already read is waited out uninterruptibly. Three ways to stop the server:
// `ctl stop` (stops reading: the GETATTR stays queued), a `getattr:stop`
// rule (the GETATTR is read, then reading stops), and a real SIGSTOP of the
// server's process group. A client stats the mount root (SIGINT caught, or
// left at its default action), gets SIGINT, then SIGKILL, then the server is
// resumed; the trace says whether the server had read the request.
import { startClient } from '../harness/clients/index.js';
import { startServer, type ServerHandle } from '../harness/process/server.js';
import { defineCase, type CaseContext } from '../harness/runner/types.js';
import { waitForTaskState } from '../harness/wait.js';
import { monotonic } from '../harness/case-api.js';
import { describeRequest, tracedRequests } from '../harness/evidence.js';
import { stopServer } from '../harness/process/free.js';
import { within } from '../harness/within.js';
import {
  describeObserved,
  endedByOf,
  isBlocked,
  killableIn,
  observe,
  unendedRuns,
  type SignalRun,
  type Observed,
} from '../harness/clients/observe.js';
import { twoLookups } from './lib/two-lookups.js';

const FRAMES = ['request_wait_answer'];
type Variant = 'ctl-stop' | 'getattr-stop' | 'sigstop';

async function stop(srv: ServerHandle, v: Variant, signal: AbortSignal): Promise<void> {
  if (v === 'ctl-stop') await srv.ctl({ cmd: 'stop', reason: 'case: ctl stop' });
  else if (v === 'getattr-stop') await srv.ctl({ cmd: 'add', spec: 'getattr:stop' });
  else {
    srv.signalGroup('SIGSTOP');
    // a stop lands when each task next runs: until then the reader could still
    // take the client's GETATTR and the server answer it
    for (const pid of [srv.pid, srv.readerPid ?? srv.pid])
      await waitForTaskState(pid, pid, 'T', { timeoutMs: 10_000, signal });
  }
}

async function resume(srv: ServerHandle, v: Variant): Promise<void> {
  if (v === 'sigstop') srv.signalGroup('SIGCONT');
  else await srv.ctl({ cmd: 'resume' });
}

async function once(ctx: CaseContext, variant: Variant, sigint: 'caught' | 'default') {
  const srv = await startServer(ctx, {});
  const stoppedAt = monotonic();
  await stop(srv, variant, ctx.signal);
  const args = ['--path', srv.mountpoint, '--count', '1'];
  const client = startClient(
    'stat-loop',
    sigint === 'caught' ? [...args, '--catch-sigint'] : args,
    { track: ctx },
  );
  const steps: Record<string, Observed & { said: string }> = {};
  const step = async (label: string, o: Observed) =>
    (steps[label] = { ...o, said: await describeObserved(o, client) });
  const stat = 'stat#0';
  const last = () => Object.values(steps).at(-1)!;
  await step('stat', await observe(client, stat, FRAMES, { stableMs: 300, signal: ctx.signal }));
  // signals only while it stays blocked: after a return, an exit or an
  // observation that settled on nothing, a further step would prove nothing
  for (const sig of ['SIGINT', 'SIGKILL'] as const) {
    if (!isBlocked(last())) break;
    client.kill(sig);
    await step(sig, await observe(client, stat, FRAMES, { signal: ctx.signal }));
  }
  const resumedAt = monotonic();
  const wasBlocked = isBlocked(last());
  await resume(srv, variant);
  if (wasBlocked) await step('resume', await observe(client, stat, FRAMES, { signal: ctx.signal }));
  const endedBy = endedByOf(Object.entries(steps).map(([k, o]) => [k, o.kind]));
  await within(client.done, 5000);
  await new Promise((r) => setTimeout(r, 250)); // the trace file is flushed every 100 ms
  // the client's requests after the stop (STATX first, GETATTR when it gets ENOSYS):
  // the last one is the one it waited on
  const reqs = tracedRequests(srv.events()).filter(
    (r) => r.pid === client.pid && r.ts >= stoppedAt,
  );
  const req = reqs.at(-1);
  const readWhen = !req
    ? 'never read'
    : req.ts < resumedAt
      ? 'read before the stop took effect'
      : 'read after resume';
  await stopServer(srv);
  return {
    variant,
    sigint,
    endedBy,
    said: Object.entries(steps).map(([k, o]) => `${k}: ${o.said}`),
    serverRead: readWhen,
    requests: reqs.map(describeRequest),
    waitedOn: steps.stat?.task?.stack ?? null,
    steps,
    clientReports: client.reports.filter((r) => !r.enter),
    stopEvents: srv.events().filter((e) => e.ev === 'stop' || e.ev === 'resume'),
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
    const runs: Awaited<ReturnType<typeof once>>[] = [];
    for (const variant of ['ctl-stop', 'getattr-stop', 'sigstop'] as const)
      for (const sigint of ['caught', 'default'] as const)
        runs.push(await once(ctx, variant, sigint));
    const { outcome, missing } = outcomeOf(runs);
    const summary = runs
      .map((r) => `${r.variant}/${r.sigint} (${r.serverRead}): ended by ${r.endedBy}`)
      .join('; ');
    // a second client in the same directory waits on a lock, not a request
    const lookups = await twoLookups(ctx);
    const lacking = missing.length ? `nothing concluded: ${missing.join('; ')}; ` : '';
    return {
      outcome,
      summary: `${lacking}${summary}; two lookups: ${(lookups.said as string[]).slice(1).join(', ')}`,
      evidence: { runs, lookups, missing },
    };
  },
});
export default def;
